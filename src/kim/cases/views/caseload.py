"""Caseload: the case list with filters and search, the own week of appointments, the caseload
overview of coordination, and substitutions. Who sees which case is decided by
``Case.objects.visible_to`` / ``workable_by`` only."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core import dates, keyset
from kim.directory.models import Municipality

from .. import services
from ..forms.caseload import STATUS_OPEN, CaseFilterForm, SubstitutionForm, parse_week
from ..models import Appointment, Case, CasePhase, Client, Substitution
from ..queries import caseload_counts

PAGE_SIZE = 50
# the case list counts up to this many cases, beyond it says "mehr als 2.000": the count then
# costs the same in a district and in a state (issue #12)
COUNT_LIMIT = 2000
NEW_CASE_DAYS = 30
START_PAGE_SIZE = 50
OPEN_PHASES = [phase for phase in CasePhase if phase != CasePhase.CLOSED]


# --- start page of a case manager (used by kim.core.views.home) --------------------------------


def _since_contact(days):
    """ "heute", "vor 5 Tagen" or "noch kein Kontakt": written here, not with ``blocktranslate``
    in each of 50 rows of the start page (a third of the table's time, issue #12)."""
    if days is None:
        return _("noch kein Kontakt")
    if days == 0:
        return _("heute")
    return ngettext("vor %(days)s Tag", "vor %(days)s Tagen", days) % {"days": localize(days)}


def start_page_context(user, params=None):
    """Own open cases with next appointment and last contact (50 per page, the newest first),
    overdue actions, this week's appointments, and current substitutions: a fixed number of
    queries, whatever the caseload. ``params`` are the page's GET parameters (page links)."""
    today = timezone.localdate()
    now = timezone.now()
    next_appointment = Appointment.objects.filter(
        case=OuterRef("pk"), cancelled=False, starts_at__gte=now
    ).order_by("starts_at")
    # a page of ids through the index, then last contact and next appointment for these only
    # (at state scale a case manager may hold 150 open cases; issue #12)
    page = keyset.paginate(
        Case.objects.workable_by(user).open().order_by("-opened_on", "-pk"),
        params or {},
        key="opened_on",
        per_page=START_PAGE_SIZE,
    )
    cases = page.fill(
        Case.objects.listed().annotate(
            last_contact_on=Max("contacts__contact_on"),
            next_appointment_at=Subquery(next_appointment.values("starts_at")[:1]),
            next_appointment_place=Subquery(next_appointment.values("place")[:1]),
        )
    )
    for case in cases:
        case.days_since_contact = (
            (today - case.last_contact_on).days if case.last_contact_on else None
        )
        case.last_contact_label = _since_contact(case.days_since_contact)
        case.stood_in_for = case.case_manager_id != user.pk
    week_start, week_end = services.week_of(today)
    substitutions = (
        Substitution.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(Q(absent=user) | Q(substitute=user))
        .select_related("absent", "substitute")
        .order_by("starts_on")
    )
    return {
        "own_cases": cases,
        "own_cases_page": page,
        # only the columns the start page shows (issue #12)
        "overdue_actions": list(
            services.overdue_actions_for(user)
            .only(
                "description",
                "responsible",
                "due_on",
                "goal",
                "goal__case",
                "goal__case__number",
                "goal__case__client",
                "goal__case__client__first_name",
                "goal__case__client__last_name",
            )
            .order_by("due_on", "pk")
        ),
        "week_appointments": list(
            services.appointments_in_week(user, today).only(
                "starts_at",
                "cancelled",
                "place",
                "case",
                "case__number",
                "case__client",
                "case__client__first_name",
                "case__client__last_name",
            )
        ),
        "week_start": week_start,
        "week_end": week_end - datetime.timedelta(days=1),
        "my_substitutions": list(substitutions),
        "today": today,
    }


# --- case list ---------------------------------------------------------------------------------


@permission_required("cases.view_case", raise_exception=True)
def case_list(request):
    form = CaseFilterForm(request.GET, user=request.user)
    cases = form.filter(Case.objects.visible_to(request.user)).order_by("-opened_on", "-pk")
    # keyset pagination: a page starts after the last case of the one before, through the index,
    # so page 20 costs what page 1 costs; the ids of the page first, then its 50 cases with their
    # clients (issue #12)
    page = keyset.paginate(
        cases, request.GET, key="opened_on", per_page=PAGE_SIZE, count_limit=COUNT_LIMIT
    )
    if page.error:
        messages.warning(request, page.error)
    page.fill(Case.objects.listed())
    context = {
        "form": form,
        "page": page,
        # offer "Filter zurücksetzen" when anything but the default (open cases) is chosen
        "filtered": any(request.GET.get(name) for name in form.fields if name != "status")
        or request.GET.get("status", "") not in ("", STATUS_OPEN),
        "can_add_client": request.user.has_perm("cases.add_client"),
    }
    return render(request, "cases/caseload/case_list.html", context)


# --- calendar ----------------------------------------------------------------------------------


@permission_required("cases.add_appointment", raise_exception=True)
def calendar(request):
    """The user's week (Monday to Sunday) of appointments, with their substitutions' cases."""
    today = timezone.localdate()
    raw = request.GET.get("week")
    week_error = ""
    day = today
    if raw:
        parsed = parse_week(raw)
        if parsed is None:
            week_error = _(
                "„%(value)s“ ist kein gültiges Datum (erwartet: JJJJ-MM-TT). "
                "Es wird die aktuelle Woche angezeigt."
            ) % {"value": raw[:40]}
        else:
            day = parsed
    start, end = services.week_of(day)
    appointments = services.appointments_in_week(request.user, day).select_related("case_manager")
    by_day = {start + datetime.timedelta(days=i): [] for i in range(7)}
    for appointment in appointments:
        by_day[timezone.localtime(appointment.starts_at).date()].append(appointment)
    context = {
        "days": [
            {"date": date, "appointments": items, "is_today": date == today}
            for date, items in by_day.items()
        ],
        "week_start": start,
        "week_end": end - datetime.timedelta(days=1),
        "week_number": start.isocalendar().week,
        "previous_week": start - datetime.timedelta(days=7),
        "next_week": end,
        "is_current_week": start <= today < end,
        "week_error": week_error,
        "count": sum(len(items) for items in by_day.values()),
    }
    return render(request, "cases/caseload/calendar.html", context)


# --- caseload overview (coordination) ----------------------------------------------------------


@permission_required("cases.add_substitution", raise_exception=True)
def caseload_overview(request):
    """Per case manager and per municipality: open cases, new cases, cases per phase (aggregate
    queries, one per table)."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=NEW_CASE_DAYS)
    visible = Case.objects.visible_to(request.user)
    by_manager = visible.caseload_by("case_manager", new_since=since, phases=OPEN_PHASES)
    by_municipality = visible.caseload_by(
        "client__municipality", new_since=since, phases=OPEN_PHASES, clients=True
    )
    none = {"open_cases": 0, "new_cases": 0, "clients_with_open_case": 0} | {
        f"phase_{phase.value}": 0 for phase in OPEN_PHASES
    }
    # every case manager, and whoever else holds visible cases (a former case manager)
    managers = (
        User.objects.filter(Q(groups__name=Role.CASE_MANAGER.value) | Q(pk__in=list(by_manager)))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    manager_rows = []
    for manager in managers:
        counts = by_manager.get(manager.pk, none)
        manager_rows.append(
            {
                "user": manager,
                "open_cases": counts["open_cases"],
                "new_cases": counts["new_cases"],
                "phases": [(phase, counts[f"phase_{phase.value}"]) for phase in OPEN_PHASES],
            }
        )
    municipalities = list(Municipality.objects.order_by("name"))
    for municipality in municipalities:
        counts = by_municipality.get(municipality.pk, none)
        municipality.open_cases = counts["open_cases"]
        municipality.clients_with_open_case = counts["clients_with_open_case"]
        municipality.new_cases = counts["new_cases"]

    totals = visible.aggregate(
        **caseload_counts(new_since=since, phases=OPEN_PHASES, clients=True),
        closed_cases=Count("pk", filter=Q(phase=CasePhase.CLOSED)),
        all_cases=Count("pk"),
    )
    context = {
        "manager_rows": manager_rows,
        "municipalities": municipalities,
        "totals": totals,
        "total_phases": [(phase, totals[f"phase_{phase.value}"]) for phase in OPEN_PHASES],
        "open_phases": OPEN_PHASES,
        "new_case_days": NEW_CASE_DAYS,
        "all_clients": Client.objects.visible_to(request.user).count(),
    }
    return render(request, "cases/caseload/caseload_overview.html", context)


# --- substitutions -----------------------------------------------------------------------------


@permission_required("cases.view_case", raise_exception=True)
def substitution_list(request):
    """Coordination records who stands in for whom; case managers see their own, read-only."""
    can_manage = request.user.has_perm("cases.add_substitution")
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    today = timezone.localdate()
    form = None
    if can_manage:
        form = SubstitutionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            substitution = services.record_substitution(form, by=request.user)
            messages.success(request, _describe_saved(substitution))
            return redirect("cases:substitution_list")
    substitutions = (
        Substitution.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("absent", "substitute", "created_by")
        .order_by("starts_on", "pk")
    )
    if not can_manage:
        substitutions = substitutions.filter(Q(absent=request.user) | Q(substitute=request.user))
    rows = [{"substitution": s, "active": s.starts_on <= today} for s in substitutions]
    context = {"form": form, "rows": rows, "can_manage": can_manage}
    return render(request, "cases/caseload/substitution_list.html", context)


def _describe_saved(substitution):
    if substitution.ends_on:
        return _("Eingetragen: %(substitute)s vertritt %(absent)s vom %(start)s bis %(end)s.") % {
            "substitute": substitution.substitute,
            "absent": substitution.absent,
            "start": dates.day(substitution.starts_on),
            "end": dates.day(substitution.ends_on),
        }
    return _("Eingetragen: %(substitute)s vertritt %(absent)s ab dem %(start)s.") % {
        "substitute": substitution.substitute,
        "absent": substitution.absent,
        "start": dates.day(substitution.starts_on),
    }


@require_POST
@permission_required("cases.add_substitution", raise_exception=True)
def substitution_end(request, pk):
    """Coordination ends a running substitution today, or strikes a planned one."""
    substitution = get_object_or_404(Substitution, pk=pk)
    services.end_substitution(substitution, by=request.user)
    messages.success(request, _("Die Vertretung „%(s)s“ ist beendet.") % {"s": substitution})
    return redirect("cases:substitution_list")
