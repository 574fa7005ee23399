"""Placeholder: to be written (see kim/hurdles/urls.py)."""

from django.http import HttpResponse


def py(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def reconstruction_create(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def reconstruction_detail(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def reconstruction_list(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def reconstruction_record(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def step_create(request, pk=None, case_pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
