"""Placeholder: to be written (see kim/staffing/urls.py)."""

from django.http import HttpResponse


def indicator_import(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def key_compare(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def key_compute(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def key_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def key_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def key_put_in_force(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
