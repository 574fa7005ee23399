"""Placeholder: being written."""

from django.http import Http404


def indicator_create(request, **kwargs):
    raise Http404


def indicator_edit(request, **kwargs):
    raise Http404


def indicator_delete(request, **kwargs):
    raise Http404


def monitoring(request, **kwargs):
    raise Http404


def case_links(request, **kwargs):
    raise Http404


def case_link_create(request, **kwargs):
    raise Http404


def case_links_apply_rule(request, **kwargs):
    raise Http404


def case_link_delete(request, **kwargs):
    raise Http404
