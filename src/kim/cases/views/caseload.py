"""Placeholder: to be written (see kim/cases/urls.py)."""

from django.http import HttpResponse


def calendar(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def case_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def caseload_overview(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def substitution_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
