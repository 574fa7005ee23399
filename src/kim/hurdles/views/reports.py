"""Meldebögen (hurdle reports), their triage by coordination, and the topic list.

Who sees which report is decided by ``HurdleReport.objects.visible_to`` (another organisation's
report answers 404). The internal link of a report to its case, the state history and the triage
panel are shown to coordination only; external partners never see case data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.accounts.roles import Role
from kim.cases.models import Case

from .. import services, suggest, workflow
from ..forms.reports import HurdleReportForm, ReportFilterForm, ReportStateForm, TopicForm
from ..models import HurdleReport, ReportState, ReportStateChange, Topic

TEMPLATES = "hurdles/reports/"
PAGE_SIZE = 50
CONFIRM_FIELD = "confirm_no_personal_data"


def _is_coordination(user):
    return user.has_role(Role.COORDINATION)


def _reports(user):
    return HurdleReport.objects.visible_to(user).select_related(
        "municipality", "topic", "reporter_organisation"
    )


# --- Meldebogen ---------------------------------------------------------------------------------


def _submit(request, *, case=None):
    """The Meldebogen for ``report_create`` and ``report_create_for_case``.

    Free text that looks like personal data (for a case: also the client's names) is shown back
    with a warning; the report is saved only when the reporter edits it away or confirms.
    """
    initial = {"municipality": case.client.municipality_id} if case is not None else {}
    form = HurdleReportForm(request.POST or None, initial=initial)
    findings = []
    if request.method == "POST" and form.is_valid():
        findings = services.personal_data_in(form.cleaned_data, case)
        confirmed = bool(request.POST.get(CONFIRM_FIELD))
        if not findings or confirmed:
            form.instance.personal_data_confirmed = bool(findings)
            try:
                report = services.submit_report(form, by=request.user, case=case)
            except services.HurdleError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                findings = []
            else:
                messages.success(
                    request,
                    _(
                        "Ihre Meldung %(number)s ist eingegangen. Die Koordination sichtet sie; "
                        "den Stand sehen Sie in der Liste der Meldebögen."
                    )
                    % {"number": report.number},
                )
                return redirect("hurdles:report_detail", pk=report.pk)
    context = {
        "form": form,
        "case": case,
        "findings": findings,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, TEMPLATES + "form.html", context)


@permission_required("hurdles.add_hurdlereport", raise_exception=True)
def report_create(request):
    return _submit(request)


@permission_required("hurdles.add_hurdlereport", raise_exception=True)
def report_create_for_case(request, case_pk):
    case = get_object_or_404(
        Case.objects.workable_by(request.user).select_related("client"), pk=case_pk
    )
    return _submit(request, case=case)


# --- list and detail ----------------------------------------------------------------------------


@permission_required("hurdles.view_hurdlereport", raise_exception=True)
def report_list(request):
    """Coordination: all reports with filters and a count per state; case managers their own
    reports; external partners their organisation's reports (never a case)."""
    is_coordination = _is_coordination(request.user)
    reports = _reports(request.user)
    form = None
    state_counts = []
    if is_coordination:
        form = ReportFilterForm(request.GET or None)
        counts = dict(
            form.filter(reports, with_state=False)
            .order_by()
            .values_list("state")
            .annotate(n=Count("pk"))
        )
        state_counts = [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in ReportState.choices
        ]
        reports = form.filter(reports)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "state_counts": state_counts,
        "is_coordination": is_coordination,
        "is_external_partner": request.user.has_role(Role.EXTERNAL_PARTNER),
        "can_report": request.user.has_perm("hurdles.add_hurdlereport"),
        "can_view_topics": request.user.has_perm("hurdles.view_topic"),
    }
    return render(request, TEMPLATES + "list.html", context)


def _triage_steps(report, bound=None):
    """The allowed steps from the report's state, each with its form; ``bound`` is the form the
    user just sent (shown with its errors). A topic step is preselected with the suggestion, which
    is never applied on its own."""
    suggestion = suggest.suggest_topic(report)
    steps = []
    for transition in workflow.report_transitions_from(report.state):
        if bound is not None and bound.data.get("target") == transition.target:
            form = bound
        else:
            initial = {}
            if transition.needs_topic and suggestion and suggestion[0] != report.topic:
                initial["topic"] = suggestion[0].pk
            form = ReportStateForm(transition=transition, initial=initial)
        steps.append({"transition": transition, "form": form, "open": form is bound})
    return suggestion, steps


def _detail(request, report, *, bound=None, status=200):
    context = {"report": report, "is_coordination": False}
    if _is_coordination(request.user):
        suggestion, steps = _triage_steps(report, bound)
        errors = []
        if bound is not None:
            errors = [e for field_errors in bound.errors.values() for e in field_errors]
        context.update(
            is_coordination=True,
            history=ReportStateChange.objects.filter(report=report).select_related("by", "topic"),
            suggestion=suggestion,
            similar=suggest.similar_reports(report),
            steps=steps,
            triage_errors=errors,
            can_triage=request.user.has_perm("hurdles.change_hurdlereport"),
        )
    return render(request, TEMPLATES + "detail.html", context, status=status)


def _report_or_404(request, pk):
    return get_object_or_404(
        _reports(request.user)
        .select_related("case", "reporter")
        .prefetch_related("organisations", "legal_domains", "life_domains"),
        pk=pk,
    )


@permission_required("hurdles.view_hurdlereport", raise_exception=True)
def report_detail(request, pk):
    return _detail(request, _report_or_404(request, pk))


@require_POST
@permission_required("hurdles.change_hurdlereport", raise_exception=True)
def report_change_state(request, pk):
    """One triage step; a refused step re-renders the detail page with the reason."""
    report = _report_or_404(request, pk)
    transition = workflow.report_transition(report.state, request.POST.get("target"))
    form = ReportStateForm(request.POST, transition=transition)
    if form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.change_report_state(report, target, by=request.user, **form.service_kwargs())
        except services.HurdleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Die Meldung %(number)s ist jetzt „%(state)s“.")
                % {"number": report.number, "state": ReportState(target).label},
            )
            return redirect("hurdles:report_detail", pk=report.pk)
    return _detail(request, report, bound=form, status=400)


# --- topics -------------------------------------------------------------------------------------


@permission_required("hurdles.view_topic", raise_exception=True)
def topic_list(request):
    """Topics with their number of reports per state; coordination adds topics here."""
    form = None
    can_add = request.user.has_perm("hurdles.add_topic")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = TopicForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                topic = form.save(commit=False)
                topic.created_by = request.user
                topic.save()
            messages.success(request, _("Das Thema „%(topic)s“ wurde angelegt.") % {"topic": topic})
            return redirect("hurdles:topic_list")
    elif can_add:
        form = TopicForm()
    visible = HurdleReport.objects.visible_to(request.user).values("pk")
    counts = {
        value: Count("reports", filter=Q(reports__state=value, reports__in=visible))
        for value in ReportState.values
    }
    topics = Topic.objects.annotate(**{f"count_{value}": c for value, c in counts.items()})
    rows = [
        {
            "topic": topic,
            "counts": [getattr(topic, f"count_{value}") for value in ReportState.values],
            "total": sum(getattr(topic, f"count_{value}") for value in ReportState.values),
        }
        for topic in topics
    ]
    context = {"rows": rows, "states": ReportState.choices, "form": form}
    return render(request, TEMPLATES + "topic_list.html", context)


@permission_required("hurdles.view_topic", raise_exception=True)
def topic_detail(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    reports = _reports(request.user).filter(topic=topic)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, TEMPLATES + "topic_detail.html", {"topic": topic, "page": page})
