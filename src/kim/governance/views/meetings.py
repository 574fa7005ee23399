"""Placeholder: to be written (see kim/governance/urls.py)."""

from django.http import HttpResponse


def agenda_item_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def attendance_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def body_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def body_feed(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def body_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def meeting_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def meeting_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def meeting_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def meeting_ics(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def membership_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def membership_end(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def resolution_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
