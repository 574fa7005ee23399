"""Placeholder: to be written (see kim/staffing/urls.py)."""

from django.http import HttpResponse


def assignment_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def assignment_overview(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def position_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def position_overview(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
