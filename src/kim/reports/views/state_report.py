"""Placeholder: being written."""

from django.http import Http404


def state_report(request, **kwargs):
    raise Http404
