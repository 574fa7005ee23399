"""Placeholder: being written."""

from django.http import Http404


def target_system_list(request, **kwargs):
    raise Http404


def target_system_create(request, **kwargs):
    raise Http404


def target_system_detail(request, **kwargs):
    raise Http404


def target_system_edit(request, **kwargs):
    raise Http404


def target_system_change_state(request, **kwargs):
    raise Http404


def target_system_decide(request, **kwargs):
    raise Http404


def target_system_new_version(request, **kwargs):
    raise Http404


def agreement_create(request, **kwargs):
    raise Http404


def agreement_edit(request, **kwargs):
    raise Http404


def agreement_delete(request, **kwargs):
    raise Http404
