"""Placeholder: being written."""

from django.http import Http404


def export_create(request, **kwargs):
    raise Http404


def export_status(request, **kwargs):
    raise Http404


def export_download(request, **kwargs):
    raise Http404
