"""Placeholder: to be written (see kim/cases/urls.py)."""

from django.http import HttpResponse


def appointment_cancel(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def appointment_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def contact_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def contact_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def document_download(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def document_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def document_upload(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def referral_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def referral_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def referral_state(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
