"""Placeholder: to be written (see kim/hurdles/urls.py)."""

from django.http import HttpResponse


def py(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def report_change_state(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def report_create(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def report_create_for_case(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def report_detail(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def report_list(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def topic_detail(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def topic_list(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
