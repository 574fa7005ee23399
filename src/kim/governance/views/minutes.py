"""Placeholder: to be written (see kim/governance/urls.py)."""

from django.http import HttpResponse


def activity_report(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def minutes_approve(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def minutes_correct(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def minutes_distribute(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def minutes_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def minutes_pdf(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
