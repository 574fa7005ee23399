"""Indicators, linked cases and the monitoring page of a target system (concept § 5: monitoring of
adapted target systems on case level; issue #5).

Who sees a target system at all is ``TargetSystem.objects.visible_to`` (404 for any other); what
they may do with it are the object rules of ``rules.py`` (403): indicators are edited by
coordination and the lead of the working group (drafts only, the services refuse frozen ones), the
linked cases (case numbers) are coordination's alone. The monitoring page shows anonymous figures
to everyone who sees the target system: they are computed from all its linked cases, whoever
looks, and groups of fewer than ``measures.MIN_CASES`` cases are not shown.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import charts, measures, services
from ..forms.monitoring import CaseLinkForm, IndicatorForm
from ..models import CaseLink, CaseRule, Indicator, LinkSource, TargetSystem

TEMPLATES = "targetsystems/"
EDIT = "targetsystems.edit_target_system"
LINK = "targetsystems.link_cases"
LINKS_PER_PAGE = 50


def _target_system_or_404(request, pk):
    return get_object_or_404(
        TargetSystem.objects.visible_to(request.user).select_related(
            "working_group", "predecessor", "rule_service_type", "rule_life_domain"
        ),
        pk=pk,
    )


def _require(request, permission, target_system):
    if not request.user.has_perm(permission, target_system):
        raise PermissionDenied


def _frozen_message(target_system):
    return _(
        "Das Zielsystem „%(ts)s“ steht auf „%(state)s“; Indikatoren ändern Sie nur in einem "
        "Entwurf (neue Fassung anlegen)."
    ) % {"ts": target_system, "state": target_system.get_state_display()}


def _indicators_url(target_system):
    return target_system.get_absolute_url() + "#indicators"


# ---------------------------------------------------------------------------------------------
# indicators


def _indicator_form(request, target_system, indicator):
    """Create or edit: the service checks the draft state and the measure's parameters; its
    refusal becomes a form error and nothing is saved."""
    _require(request, EDIT, target_system)
    if target_system.is_frozen and request.method != "POST":
        messages.error(request, _frozen_message(target_system))
        return redirect(_indicators_url(target_system))
    is_new = indicator.pk is None
    form = IndicatorForm(request.POST or None, instance=indicator)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_indicator(form, target_system=target_system)
            except services.TargetSystemError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                if is_new:
                    form.instance.pk = None  # the service rolled its work back
            else:
                text = (
                    _("Der Indikator „%(name)s“ wurde angelegt.")
                    if is_new
                    else _("Der Indikator „%(name)s“ wurde gespeichert.")
                )
                messages.success(request, text % {"name": saved.name})
                return redirect(_indicators_url(target_system))
        status = 400
    context = {"target_system": target_system, "form": form, "is_new": is_new}
    return render(request, TEMPLATES + "indicator_form.html", context, status=status)


def indicator_create(request, pk):
    target_system = _target_system_or_404(request, pk)
    return _indicator_form(request, target_system, Indicator(target_system=target_system))


def _indicator_or_404(request, pk):
    return get_object_or_404(
        Indicator.objects.filter(
            target_system__in=TargetSystem.objects.visible_to(request.user)
        ).select_related("target_system__working_group"),
        pk=pk,
    )


def indicator_edit(request, pk):
    indicator = _indicator_or_404(request, pk)
    return _indicator_form(request, indicator.target_system, indicator)


def indicator_delete(request, pk):
    indicator = _indicator_or_404(request, pk)
    target_system = indicator.target_system
    _require(request, EDIT, target_system)
    if request.method == "POST":
        try:
            services.delete_part(indicator)
        except services.TargetSystemError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Der Indikator „%(name)s“ wurde gelöscht.") % {"name": indicator.name}
            )
        return redirect(_indicators_url(target_system))
    if target_system.is_frozen:
        messages.error(request, _frozen_message(target_system))
        return redirect(_indicators_url(target_system))
    context = {"target_system": target_system, "indicator": indicator}
    return render(request, TEMPLATES + "indicator_confirm_delete.html", context)


# ---------------------------------------------------------------------------------------------
# the monitoring page


@dataclass
class Pooled:
    """A pooled figure (before or after the date in force) with its label and formatted value."""

    label: str
    figure: measures.Figure
    value_text: str


@dataclass
class Panel:
    """What the monitoring page shows of one indicator."""

    indicator: Indicator
    measure: measures.Measure | None
    quarters: list
    pooled: list[Pooled]
    chart: charts.Layout | None
    description: str
    parameters: list  # (label, value) of the parameters the indicator names, the target value

    @property
    def has_suppressed(self):
        figures = [*self.quarters, *(p.figure for p in self.pooled)]
        return any(f.suppressed for f in figures)


def _panel(indicator, case_ids, in_force_from, today):
    """Figures of one indicator from the linked cases (a constant number of queries, however many
    cases): quarterly until today, and pooled before/after the date in force; before it is in
    force, everything counts as "before"."""
    measure = indicator.definition
    if measure is None:
        return Panel(indicator, None, [], [], None, "", _parameters(indicator))
    observations = [o for o in measure.observe(indicator, case_ids) if o.day <= today]
    in_force = in_force_from if in_force_from and in_force_from <= today else None
    quarters = measures.quarterly(measure, observations, in_force, until=today)
    # not in force (yet): everything up to today pools as "before"
    cut = in_force or today + datetime.timedelta(days=1)
    before, after = measures.before_after(measure, observations, cut)

    def pooled(label, figure):
        return Pooled(label, figure, charts.format_value(figure.value, measure.aggregate))

    if in_force is None:
        after = None
        pooled_figures = [pooled(_("bis heute"), before)]
    else:
        since = _("seit Inkrafttreten (%(day)s)") % {
            "day": date_format(in_force, "SHORT_DATE_FORMAT")
        }
        pooled_figures = [pooled(_("vor Inkrafttreten"), before), pooled(since, after)]
    chart = charts.layout(
        quarters,
        aggregate=measure.aggregate,
        unit=measure.unit,
        in_force_from=in_force,
        target_value=indicator.target_value,
    )
    description = charts.describe(
        name=indicator.name,
        aggregate=measure.aggregate,
        in_force_from=in_force_from,
        before=before,
        after=after,
        today=today,
        target_value=indicator.target_value,
    )
    return Panel(
        indicator, measure, quarters, pooled_figures, chart, description, _parameters(indicator)
    )


def _parameters(indicator):
    """The parameters the indicator names and its target, as (label, value) for the page."""
    measure = indicator.definition
    target = indicator.target_value
    rows = [
        (_("Angebotsart"), indicator.service_type),
        (_("Institution"), indicator.organisation),
        (_("Lebensbereich"), indicator.life_domain),
        (
            _("Frist"),
            _("%(n)s Tage") % {"n": indicator.within_days} if indicator.within_days else None,
        ),
        (
            _("Zielwert"),
            charts.format_value(target, measure.aggregate)
            if measure and target is not None
            else None,
        ),
    ]
    return [(label, value) for label, value in rows if value]


def monitoring(request, pk):
    target_system = _target_system_or_404(request, pk)
    today = timezone.localdate()
    case_ids = target_system.case_links.values("case_id")  # a subquery, not a list of ids
    indicators = target_system.indicators.select_related(
        "service_type", "organisation", "life_domain"
    )
    panels = [_panel(i, case_ids, target_system.in_force_from, today) for i in indicators]
    case_count = target_system.case_links.count()
    predecessor = target_system.predecessor
    if target_system.in_force_from or not (predecessor and predecessor.in_force_from):
        predecessor = None  # named only while this version is not decided yet
    context = {
        "target_system": target_system,
        "panels": panels,
        "case_count": case_count,
        "case_count_suppressed": 0 < case_count < measures.MIN_CASES,
        "min_cases": measures.MIN_CASES,
        "in_force": target_system.in_force_from is not None
        and target_system.in_force_from <= today,
        "predecessor": predecessor,
        "can_link": request.user.has_perm(LINK, target_system),
        "can_edit": not target_system.is_frozen and request.user.has_perm(EDIT, target_system),
        "today": today,
    }
    return render(request, TEMPLATES + "monitoring.html", context)


# ---------------------------------------------------------------------------------------------
# linked cases (coordination)


def _case_links_page(request, target_system, form, status=200):
    links = target_system.case_links.select_related("case", "linked_by").order_by(
        "-linked_at", "-pk"
    )
    counts = target_system.case_links.aggregate(
        rule=Count("pk", filter=Q(source=LinkSource.RULE)),
        manual=Count("pk", filter=Q(source=LinkSource.MANUAL)),
    )
    context = {
        "target_system": target_system,
        "page": Paginator(links, LINKS_PER_PAGE).get_page(request.GET.get("page")),
        "counts": counts,
        "total": counts["rule"] + counts["manual"],
        "has_rule": target_system.case_rule != CaseRule.MANUAL,
        "form": form,
    }
    return render(request, TEMPLATES + "case_links.html", context, status=status)


def case_links(request, pk):
    target_system = _target_system_or_404(request, pk)
    _require(request, LINK, target_system)
    return _case_links_page(request, target_system, CaseLinkForm())


@require_POST
def case_link_create(request, pk):
    target_system = _target_system_or_404(request, pk)
    _require(request, LINK, target_system)
    form = CaseLinkForm(request.POST)
    if form.is_valid():
        try:
            link = services.link_case(
                target_system, case_number=form.cleaned_data["case_number"], by=request.user
            )
        except services.TargetSystemError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Der Fall %(number)s ist jetzt mit dem Zielsystem verknüpft.")
                % {"number": link.case.number},
            )
            return redirect("targetsystems:case_links", target_system.pk)
    return _case_links_page(request, target_system, form, status=400)


@require_POST
def case_links_apply_rule(request, pk):
    target_system = _target_system_or_404(request, pk)
    _require(request, LINK, target_system)
    if target_system.case_rule == CaseRule.MANUAL:
        messages.info(
            request,
            _("Dieses Zielsystem hat keine Regel; seine Fälle werden nur von Hand verknüpft."),
        )
    else:
        added = services.link_cases_by_rule(target_system)
        if added:
            text = _("Regel angewandt: %(n)s Fälle neu verknüpft.") % {"n": added}
        else:
            text = _("Regel angewandt: Alle Fälle, auf die sie zutrifft, waren schon verknüpft.")
        messages.success(request, text)
    return redirect("targetsystems:case_links", target_system.pk)


@require_POST
def case_link_delete(request, pk):
    link = get_object_or_404(
        CaseLink.objects.filter(
            target_system__in=TargetSystem.objects.visible_to(request.user)
        ).select_related("target_system", "case"),
        pk=pk,
    )
    target_system = link.target_system
    _require(request, LINK, target_system)
    try:
        services.unlink_case(link)
    except services.TargetSystemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Die Verknüpfung mit dem Fall %(number)s wurde gelöst.")
            % {"number": link.case.number},
        )
    return redirect("targetsystems:case_links", target_system.pk)
