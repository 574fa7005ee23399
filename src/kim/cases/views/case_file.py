"""Placeholder: to be written (see kim/cases/urls.py)."""

from django.http import HttpResponse


def action_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def action_done(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def assessment_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def assessment_list(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def case_change_phase(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def case_detail(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def case_handover(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def case_history(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def goal_create(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def goal_edit(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def plan(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)


def py(request, pk=None):
    return HttpResponse("noch nicht gebaut", status=501)
