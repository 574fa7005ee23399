"""Placeholder: to be written (see kim/hurdles/urls.py)."""

from django.http import HttpResponse


def py(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_change_state(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_create(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_detail(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_list(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_overview(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def theme_overview_pdf(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
