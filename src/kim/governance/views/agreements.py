"""Placeholder: to be written (see kim/governance/urls.py)."""

from django.http import HttpResponse


def agreement_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def agreement_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def agreement_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def evaluation_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
