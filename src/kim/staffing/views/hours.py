"""Placeholder: to be written (see kim/staffing/urls.py)."""

from django.http import HttpResponse


def hours_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def hours_feed(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def hours_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def hours_week_pdf(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def room_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def room_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
