"""The case file: overview with the phase steps, handover, history, assessment and support plan.

Every view loads its case through ``Case.objects.visible_to(user)`` (another case manager gets
404); writes need ``cases.work_case`` on the case (403 otherwise) and an open case. Every page
of the case file logs its opening (``services.log_case_file_opened``) once per request.
"""

import datetime

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.audit.changes import (
    ACTION_LABELS,
    HIDDEN_FIELDS,
    ValueFormatter,
    changed_fields,
    object_type_label,
)
from kim.core import dates

from .. import services, workflow
from ..forms.case_file import (
    ActionForm,
    AssessmentForms,
    GoalEditForm,
    GoalForm,
    HandoverForm,
    PhaseChangeForm,
)
from ..models import (
    Action,
    AssessmentEntry,
    Case,
    CasePhase,
    Client,
    Consent,
    Document,
    Goal,
    GoalOutcome,
)

TEMPLATES = "cases/case_file/"
HISTORY_PAGE_SIZE = 50
ACCESS_PAGE_SIZE = 25


# --- helpers ----------------------------------------------------------------------------------


def _case_or_404(request, pk):
    return get_object_or_404(Case.objects.visible_to(request.user).with_client(), pk=pk)


def _render(request, case, template, tab, context=None, *, status=200, log=True):
    """Render a page of the case file; its opening is logged (who, when, which case)."""
    if log:
        services.log_case_file_opened(case)
    context = {"case": case, "active_tab": tab, **(context or {})}
    return render(request, TEMPLATES + template, context, status=status)


def _refuse_change(request, case, tab):
    """``None`` when the user may change the case now, otherwise the answer to give.

    Only who works the case (responsible case manager or substitute) writes (403 otherwise);
    a closed case is changed only by reopening it.
    """
    if not request.user.has_perm("cases.work_case", case):
        raise PermissionDenied
    if case.is_closed:
        return _render(request, case, "closed.html", tab, status=403)
    return None


def _data(request):
    return request.POST if request.method == "POST" else None


def _may_take(user, case, transition):
    if transition.actor == workflow.COORDINATION:
        return user.has_perm("cases.reopen_case")
    return user.has_perm("cases.work_case", case)


def _form_errors(form):
    """All messages of a form, for the error summary above the phase steps."""
    errors = list(form.non_field_errors())
    for name, field_errors in form.errors.items():
        if name != "__all__":
            errors.extend(field_errors)
    return errors


# --- overview and phases ----------------------------------------------------------------------


def _overview(request, case, *, bound=None, status=200):
    """The overview; ``bound`` is the phase form the user just sent, shown with its errors."""
    steps = []
    for transition in workflow.case_transitions_from(case.phase):
        if not _may_take(request.user, case, transition):
            continue
        if bound is not None and bound.target == transition.target:
            form = bound
        else:
            form = PhaseChangeForm(
                target=transition.target,
                note_required=transition.note_required,
                initial={"version": case.version},
            )
        steps.append(
            {
                "transition": transition,
                "target_label": CasePhase(transition.target).label,
                "form": form,
                "closing": transition.target == CasePhase.CLOSED,
                "open": form is bound,
            }
        )
    now = timezone.now()
    context = {
        "client": case.client,
        "steps": [s for s in steps if not s["closing"]],
        "closing_step": next((s for s in steps if s["closing"]), None),
        "phase_errors": _form_errors(bound) if bound is not None else [],
        "phases": [
            {"value": value, "label": label, "current": value == case.phase}
            for value, label in CasePhase.choices
        ],
        "open_goals": case.goals.filter(outcome=GoalOutcome.OPEN).count(),
        "overdue_actions": Action.objects.filter(goal__case=case)
        .overdue()
        .select_related("goal", "organisation"),
        "next_appointment": case.appointments.filter(cancelled=False, starts_at__gte=now)
        .order_by("starts_at")
        .first(),
        "latest_contacts": case.contacts.select_related("by").prefetch_related("life_domains")[:5],
        "latest_assessment": case.assessments.first(),
        "can_handover": request.user.has_perm("cases.reassign_case") and not case.is_closed,
        "residence_expiry": _residence_expiry(case.client),
    }
    return _render(request, case, "overview.html", "overview", context, status=status)


def _residence_expiry(client):
    """``expired`` / ``soon`` (within 90 days) / ``None`` for the residence title."""
    if not client.residence_valid_until:
        return None
    today = timezone.localdate()
    if client.residence_valid_until < today:
        return "expired"
    if client.residence_valid_until <= today + datetime.timedelta(days=90):
        return "soon"
    return None


@permission_required("cases.view_case", raise_exception=True)
def case_detail(request, pk):
    return _overview(request, _case_or_404(request, pk))


def _phase_form(data, case, target):
    transition = workflow.case_transition(case.phase, target)
    return PhaseChangeForm(
        data,
        target=target if target in CasePhase.values else "",
        note_required=bool(transition and transition.note_required),
    )


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def case_change_phase(request, pk):
    """One step of the workflow table; refused steps re-render the overview with the reason."""
    case = _case_or_404(request, pk)
    target = request.POST.get("target", "")
    transition = workflow.case_transition(case.phase, target)
    if transition is not None and not _may_take(request.user, case, transition):
        raise PermissionDenied
    form = _phase_form(request.POST, case, target)
    status = 400
    if form.is_valid():
        try:
            services.change_phase(
                case, form.cleaned_data["target"], by=request.user, **form.service_kwargs()
            )
        except services.EditConflict as exc:
            # show the case as it is now; the user's input stays, with the current version,
            # so they can send it again after looking at the new state
            case = _case_or_404(request, pk)
            data = request.POST.copy()
            data["version"] = case.version
            form = _phase_form(data, case, target)
            form.is_valid()
            form.add_error(None, exc.message)
            status = 409
        except services.CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Der Fall ist jetzt in der Phase „%(phase)s“.")
                % {"phase": CasePhase(target).label},
            )
            return redirect(case)
    return _overview(request, case, bound=form, status=status)


@permission_required("cases.reassign_case", raise_exception=True)
def case_handover(request, pk):
    """Coordination hands a case over to another case manager (holiday, leaving staff)."""
    case = _case_or_404(request, pk)
    if case.is_closed:
        return _render(request, case, "closed.html", "overview", status=403)
    form = HandoverForm(_data(request), case=case)
    if request.method == "POST" and form.is_valid():
        new_manager = form.cleaned_data["case_manager"]
        try:
            services.reassign_case(
                case,
                to=new_manager,
                by=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Der Fall wurde an %(name)s übergeben.") % {"name": new_manager},
            )
            return redirect(case)
    return _render(request, case, "handover.html", "overview", {"form": form})


# --- history ----------------------------------------------------------------------------------

# the case field repeats the case whose history is shown
CASE_HIDDEN_FIELDS = HIDDEN_FIELDS | {"case"}


def _history(case):
    """Phase steps and the change log of the case and its rows, newest first."""
    entries = [
        {"kind": "phase", "at": step.at, "actor": step.by, "step": step}
        for step in case.transitions.select_related("by")
    ]
    ct = ContentType.objects.get_for_model
    logs = (
        LogEntry.objects.filter(
            Q(additional_data__case_id=case.pk)
            | Q(content_type=ct(Case), object_id=case.pk)
            | Q(content_type=ct(Client), object_id=case.client_id)
            | Q(content_type=ct(Consent), additional_data__client_id=case.client_id)
        )
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
    )
    fmt = ValueFormatter()
    for entry in logs:
        model = entry.content_type.model_class()
        entries.append(
            {
                "kind": "log",
                "at": entry.timestamp,
                "actor": entry.actor,
                "action": ACTION_LABELS.get(entry.action, ""),
                "action_code": entry.action,
                "object_type": object_type_label(entry.content_type),
                "object": entry.object_repr,
                "changes": changed_fields(entry, model, fmt, hidden_fields=CASE_HIDDEN_FIELDS),
            }
        )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


@permission_required("cases.view_case", raise_exception=True)
def case_history(request, pk):
    case = _case_or_404(request, pk)
    # logged first, so that this opening is in the list of accesses below
    services.log_case_file_opened(case)
    # openings of the file and downloads of its documents
    accesses = (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .filter(
            Q(content_type=ContentType.objects.get_for_model(Case), object_id=case.pk)
            | Q(
                content_type=ContentType.objects.get_for_model(Document),
                additional_data__case_id=case.pk,
            )
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    context = {
        "page": Paginator(_history(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("seite")),
        "access_page": Paginator(accesses, ACCESS_PAGE_SIZE).get_page(request.GET.get("zugriffe")),
    }
    return _render(request, case, "history.html", "history", context, log=False)


# --- assessment -------------------------------------------------------------------------------


@permission_required("cases.view_case", raise_exception=True)
def assessment_list(request, pk):
    case = _case_or_404(request, pk)
    assessments = case.assessments.select_related("by").prefetch_related(
        Prefetch("entries", queryset=AssessmentEntry.objects.select_related("life_domain"))
    )
    context = {
        "assessments": assessments,
        "can_work": request.user.has_perm("cases.work_case", case) and not case.is_closed,
    }
    return _render(request, case, "assessment_list.html", "assessment", context)


@permission_required("cases.add_assessment", raise_exception=True)
def assessment_create(request, pk):
    """A (re-)assessment; it starts from the latest one, which stays as it was."""
    case = _case_or_404(request, pk)
    if refused := _refuse_change(request, case, "assessment"):
        return refused
    previous = case.assessments.prefetch_related("entries").first()
    forms = AssessmentForms(_data(request), previous=previous)
    if request.method == "POST" and forms.is_valid():
        try:
            services.record_assessment(
                case,
                forms.entries(),
                by=request.user,
                assessed_on=forms.main.cleaned_data["assessed_on"],
                summary=forms.main.cleaned_data["summary"].strip(),
            )
        except services.CaseError as exc:
            forms.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Das Assessment wurde gespeichert."))
            return redirect("cases:assessment_list", pk=case.pk)
    context = {"forms": forms, "previous": previous}
    return _render(request, case, "assessment_form.html", "assessment", context)


# --- support plan -----------------------------------------------------------------------------


@permission_required("cases.view_case", raise_exception=True)
def plan(request, pk):
    case = _case_or_404(request, pk)
    goals = (
        case.goals.select_related("life_domain")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("organisation"))
        )
        .order_by("life_domain__ordering", "life_domain__name", "target_date", "pk")
    )
    context = {
        "goals": goals,
        "can_work": request.user.has_perm("cases.work_case", case) and not case.is_closed,
        "today": timezone.localdate(),
    }
    return _render(request, case, "plan.html", "plan", context)


def _goal_or_404(request, pk):
    return get_object_or_404(
        Goal.objects.visible_to(request.user).select_related(
            "case__client__municipality", "case__case_manager", "life_domain"
        ),
        pk=pk,
    )


@permission_required("cases.add_goal", raise_exception=True)
def goal_create(request, pk):
    case = _case_or_404(request, pk)
    if refused := _refuse_change(request, case, "plan"):
        return refused
    # the instance knows its case before validation, so Goal.clean checks the case start
    form = GoalForm(_data(request), instance=Goal(case=case))
    if request.method == "POST" and form.is_valid():
        goal = services.add_goal(case, form, by=request.user)
        messages.success(request, _("Das Ziel wurde in den Hilfeplan aufgenommen."))
        return redirect(f"{_plan_url(case)}#ziel-{goal.pk}")
    return _render(request, case, "goal_form.html", "plan", {"form": form})


@permission_required("cases.change_goal", raise_exception=True)
def goal_edit(request, pk):
    goal = _goal_or_404(request, pk)
    case = goal.case
    if refused := _refuse_change(request, case, "plan"):
        return refused
    form = GoalEditForm(_data(request), instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_versioned(form)
        except services.EditConflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Das Ziel wurde gespeichert."))
            return redirect(f"{_plan_url(case)}#ziel-{goal.pk}")
    return _render(request, case, "goal_form.html", "plan", {"form": form, "goal": goal})


@permission_required("cases.add_action", raise_exception=True)
def action_create(request, pk):
    goal = _goal_or_404(request, pk)
    case = goal.case
    if refused := _refuse_change(request, case, "plan"):
        return refused
    form = ActionForm(_data(request), instance=Action(goal=goal))
    if request.method == "POST" and form.is_valid():
        services.add_action(goal, form, by=request.user)
        messages.success(request, _("Der Handlungsschritt wurde gespeichert."))
        return redirect(f"{_plan_url(case)}#ziel-{goal.pk}")
    return _render(request, case, "action_form.html", "plan", {"form": form, "goal": goal})


@require_POST
@permission_required("cases.change_action", raise_exception=True)
def action_done(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "goal__case__client__municipality", "goal__case__case_manager"
        ),
        pk=pk,
    )
    case = action.goal.case
    if refused := _refuse_change(request, case, "plan"):
        return refused
    if action.done_on:
        messages.info(
            request,
            _("„%(action)s“ ist bereits seit %(day)s erledigt.")
            % {"action": action, "day": dates.day(action.done_on)},
        )
    else:
        try:
            services.complete_action(action, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("„%(action)s“ ist als erledigt vermerkt.") % {"action": action}
            )
    return redirect(f"{_plan_url(case)}#ziel-{action.goal_id}")


def _plan_url(case):
    return reverse("cases:plan", args=[case.pk])
