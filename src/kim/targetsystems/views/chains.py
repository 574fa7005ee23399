"""Placeholder: being written."""

from django.http import Http404


def chain_create(request, **kwargs):
    raise Http404


def chain_detail(request, **kwargs):
    raise Http404


def chain_edit(request, **kwargs):
    raise Http404


def chain_delete(request, **kwargs):
    raise Http404


def chain_copy_as_is(request, **kwargs):
    raise Http404


def step_create(request, **kwargs):
    raise Http404


def step_edit(request, **kwargs):
    raise Http404


def step_delete(request, **kwargs):
    raise Http404
