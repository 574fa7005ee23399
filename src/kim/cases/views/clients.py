"""Placeholder: to be written (see kim/cases/urls.py)."""

from django.http import HttpResponse


def case_open(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def client_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def client_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def client_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def client_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def consent_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def consent_revoke(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
