"""The figures of the dashboard for coordination (issue #8, concept § 3.5 "Prozessmoderation und
-evaluation", § 5 labour-market integration).

Every figure starts from the ``ReportScope`` (period and filters), so the dashboard counts as the
state report does. Every figure is aggregated in the database: the number of queries does not grow
with the number of cases. A figure is a table (columns of ``anonymity.Cell``, one row per
category) that the page shows as a chart and, below it, as the table itself.

Who sees what (``viewer_mode``):
- coordination: the whole district, exact figures, the caseload of every case manager;
- case managers: the same figures over their own cases, the caseload only of themselves, the
  hurdle reports they made;
- steering group members: the anonymous dashboard. Every cell of 1-4 persons is shown as "<5"
  (``anonymity.suppress``, with the secondary rule where a total is shown on the page), no figure
  per case manager, no names. Hurdle reports hold no personal data and are counted as in the
  state report (``indicators.hurdle_reports``), without suppression.

Dates: "open at the end of the period" means opened on or before the last day and not closed by
then; "in the period" means the date lies between the first and the last day, both included.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim.accounts.roles import Role
from kim.cases.models import (
    AccessChannel,
    Assessment,
    AssessmentEntry,
    CasePhase,
    Contact,
    Goal,
    GoalOutcome,
    LifeDomain,
    NeedLevel,
    PhaseTransition,
    Referral,
    ReferralState,
)
from kim.directory.models import Municipality, ServiceType
from kim.hurdles.models import HurdleReport, ReportState
from kim.staffing.models import Assignment

from . import charts
from .aggregation import counts_by, counts_by_pair
from .anonymity import Cell, suppress

# ServiceType codes of language courses: an accepted referral to one of these is a course start
# (directory/demo.py: IK Integrationskurs; BSK Berufssprachkurs where the directory has it)
LANGUAGE_COURSE_TYPES = ("IK", "BSK")
# LifeDomain codes (cases/migrations/0002): an achieved goal here is training or work taken up
WORK_LIFE_DOMAINS = ("work", "education")
NEED_LEVELS = (NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH)
ACCEPTED = (ReferralState.ACCEPTED, ReferralState.COMPLETED)
GOAL_RESULTS = (
    GoalOutcome.ACHIEVED,
    GoalOutcome.PARTLY,
    GoalOutcome.NOT_ACHIEVED,
    GoalOutcome.DROPPED,
)
MONTHS = 12
# a figure with more rows shows the largest in chart and table, the rest one link away: a state
# has 400 municipalities and 1,000 case managers (issue #12)
EXCERPT_ROWS = 30

ALL = "all"
OWN = "own"
ANONYMOUS = "anonymous"

COUNT, PERCENT, DAYS, RATIO, FTE = "count", "percent", "days", "ratio", "fte"
DECIMALS = {COUNT: 0, PERCENT: 1, DAYS: 1, RATIO: 1, FTE: 2}


def viewer_mode(user):
    """ALL for coordination, OWN for case managers, ANONYMOUS for the steering group."""
    if user.has_perm("reports.view_all_figures"):
        return ALL
    if user.has_role(Role.CASE_MANAGER):
        return OWN
    return ANONYMOUS


def viewer_key(user):
    """Whose figures these are, for keeping them (snapshots.py): the same for everyone of a mode,
    a case manager's own per person."""
    mode = viewer_mode(user)
    return f"{mode}:{user.pk}" if mode == OWN else mode


# --- the shape of a figure --------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT

    def text(self, cell):
        if cell.suppressed:
            return cell.shown
        if cell.value is None:
            return "–"
        number = charts.format_number(cell.value, DECIMALS[self.kind])
        return f"{number}\u00a0%" if self.kind == PERCENT else number


@dataclass
class Row:
    label: str
    cells: dict
    texts: list = field(default_factory=list)


@dataclass
class Figure:
    """One figure: a table, drawn as a chart of some of its columns."""

    key: str
    title: str
    definition: str
    columns: list
    rows: list
    total: Row | None = None
    category: str = ""  # header of the table's first column
    chart_kind: str = "bars"  # bars | stacked | line
    chart_columns: list = field(default_factory=list)
    axis_label: str = ""
    summary: str = ""
    chart: object = None
    row_total: str = ""  # stacked: the column that is the sum of the drawn ones
    months: list = field(default_factory=list)  # line: (first, last day) of each point
    median: Cell | None = None  # labour market: days from first contact to course start
    median_text: str = ""
    # cells computed from others (a share): hidden too when one of those is hidden
    derived: dict = field(default_factory=dict)
    # per column, a total shown elsewhere on the page (not in this table)
    published_totals: dict = field(default_factory=dict)
    # hurdle reports carry no personal data: counted, not suppressed (as in the state report)
    person_related: bool = True
    # the rows the page shows in chart and table: all, or the largest EXCERPT_ROWS (_excerpt)
    excerpt: list = field(default_factory=list)

    @property
    def chart_id(self):
        return f"chart-{self.key.replace('_', '-')}"

    @property
    def is_empty(self):
        return not any(
            (cell.value or cell.suppressed)
            for row in self.rows
            for key, cell in row.cells.items()
            if key in self.chart_columns
        )

    def column(self, key):
        return next(c for c in self.columns if c.key == key)

    @property
    def is_excerpt(self):
        return len(self.excerpt) < len(self.rows)

    @property
    def excerpt_column(self):
        """The column by which the excerpt picks its rows: a stacked figure's total, else the
        first drawn column."""
        return self.column(self.row_total or (self.chart_columns or [self.columns[0].key])[0])


@dataclass
class Section:
    key: str
    title: str
    figures: list


@dataclass(frozen=True)
class ScopeSummary:
    """What the page shows of the scope: its period and its description in words. The dashboard
    keeps this instead of the ``ReportScope``, which holds model instances (a case manager's
    user among them) that must not end up in the kept figures (snapshots.py)."""

    start: datetime.date
    end: datetime.date
    text: str

    def describe(self):
        return self.text


@dataclass
class Dashboard:
    scope: ScopeSummary
    mode: str
    headline: list  # (label, Cell)
    sections: list
    headline_texts: list = field(default_factory=list)

    @property
    def anonymous(self):
        return self.mode == ANONYMOUS

    @property
    def figures(self):
        return [f for s in self.sections for f in s.figures]


def _cell(label, value, persons):
    return Cell(label, value, persons)


def _count_cell(label, row):
    row = row or {}
    return Cell(label, row.get("n", 0), row.get("p", 0))


# --- dates -------------------------------------------------------------------------------------


def open_on(day, prefix=""):
    """Cases open at the end of ``day``: opened on or before it and not closed by then."""
    return Q(**{f"{prefix}opened_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def in_period(scope, name):
    return Q(**{f"{name}__gte": scope.start, f"{name}__lte": scope.end})


def months_of(start, end, limit=MONTHS):
    """(first day, last day) of the last ``limit`` months of the period, clipped to it."""
    months = []
    year, month = end.year, end.month
    while len(months) < limit:
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        months.append((max(first, start), min(last, end)))
        if first <= start:
            break
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


# --- aggregation helpers -----------------------------------------------------------------------


def _grouped_with_total(queryset, key, persons="client"):
    """``_grouped`` and the total ``{"n", "p"}`` of the same rows, in one pass where the database
    can (``aggregation.counts_by``)."""
    groups, total = counts_by(queryset, key, persons)
    return (
        {k: {"n": c.rows, "p": c.persons} for k, c in groups.items()},
        {"n": total.rows, "p": total.persons},
    )


def _grouped(queryset, key, persons="client"):
    """{key: {"n": rows, "p": distinct persons}} of one GROUP BY query."""
    rows = (
        queryset.order_by()
        .values(key)
        .annotate(n=Count("pk"), p=Count(persons, distinct=True))
        .values_list(key, "n", "p")
    )
    return {k: {"n": n, "p": p} for k, n, p in rows}


def medians(queryset, value, group=None):
    """The median of ``value`` per ``group``, found in the database: a window numbers the rows of
    each group by value, and only the middle one (odd count) or two (even count) come back.
    Returns {group: median in days} (``value`` is a duration)."""
    partition = [F("_group")]
    ranked = (
        queryset.order_by()
        .annotate(_value=value, _group=group if group is not None else Value(0))
        .annotate(
            _rank=Window(RowNumber(), partition_by=partition, order_by=[F("_value"), F("pk")]),
            _count=Window(Count("pk"), partition_by=partition),
        )
        .filter(Q(_rank=(F("_count") + 1) / 2) | Q(_rank=F("_count") / 2 + 1))
    )
    middles = {}
    for key, duration in ranked.values_list("_group", "_value"):
        middles.setdefault(key, []).append(duration.days)
    return {key: sum(days) / len(days) for key, days in middles.items()}


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


# --- the figures -------------------------------------------------------------------------------


class _Builder:
    def __init__(self, scope, mode, user):
        self.scope = scope
        self.mode = mode
        self.user = user
        self.anonymous = mode == ANONYMOUS
        self._domains = None
        self._municipalities = None

    @property
    def domains(self):
        if self._domains is None:
            self._domains = list(LifeDomain.objects.order_by("ordering", "name"))
        return self._domains

    def municipalities(self, counts=None):
        """The municipalities a figure has a row for: all of the district (a zero is a figure
        too), but for a case manager only those where they have something to count."""
        if self.scope.municipality is not None:
            return [self.scope.municipality]
        if self.mode == OWN and counts is not None:
            return [m for m in self.municipalities() if counts.get(m.pk)]
        if self._municipalities is None:
            self._municipalities = list(Municipality.objects.order_by("name"))
        return self._municipalities

    # headline

    def headline(self):
        s = self.scope
        new = Q(opened_on__gte=s.start)
        closed = in_period(s, "closed_on")
        at_end = open_on(s.end)
        figures = s.active_cases().aggregate(
            active=Count("pk"),
            active_p=Count("client", distinct=True),
            new=Count("pk", filter=new),
            new_p=Count("client", distinct=True, filter=new),
            closed=Count("pk", filter=closed),
            closed_p=Count("client", distinct=True, filter=closed),
            open=Count("pk", filter=at_end),
            open_p=Count("client", distinct=True, filter=at_end),
        )
        cells = [
            Cell(_("Personen mit Fall im Zeitraum"), figures["active_p"], figures["active_p"]),
            Cell(_("Fälle im Zeitraum"), figures["active"], figures["active_p"]),
            Cell(_("neue Fälle"), figures["new"], figures["new_p"]),
            Cell(_("abgeschlossene Fälle"), figures["closed"], figures["closed_p"]),
            Cell(_("offen am Ende des Zeitraums"), figures["open"], figures["open_p"]),
        ]
        if self.anonymous:
            suppress(cells)
        return cells

    # cases

    def cases_per_month(self):
        s = self.scope
        months = months_of(s.start, s.end)
        aggregates = {}
        for i, (first, last) in enumerate(months):
            new = Q(opened_on__gte=first, opened_on__lte=last)
            at_end = open_on(last)
            aggregates[f"open{i}"] = Count("pk", filter=at_end)
            aggregates[f"open_p{i}"] = Count("client", distinct=True, filter=at_end)
            aggregates[f"new{i}"] = Count("pk", filter=new)
            aggregates[f"new_p{i}"] = Count("client", distinct=True, filter=new)
        in_the_period = in_period(s, "opened_on")
        aggregates["new_all"] = Count("pk", filter=in_the_period)
        aggregates["new_all_p"] = Count("client", distinct=True, filter=in_the_period)
        # everything counted here lies among the cases active in the period (opened by its end,
        # not closed before its start): not all cases of all years (issue #12)
        result = s.active_cases().aggregate(**aggregates)
        rows = []
        for i, (first, _last) in enumerate(months):
            label = date_format(first, "F Y")
            rows.append(
                Row(
                    label,
                    {
                        "open": Cell(label, result[f"open{i}"], result[f"open_p{i}"]),
                        "new": Cell(label, result[f"new{i}"], result[f"new_p{i}"]),
                    },
                )
            )
        figure = Figure(
            "cases_per_month",
            _("Offene und neue Fälle je Monat"),
            _(
                "Offen: Fälle, die am letzten Tag des Monats begonnen und nicht abgeschlossen "
                "waren. Neu: Fälle mit Fallbeginn im Monat. Gezeigt werden die letzten "
                "%(n)s Monate des Zeitraums."
            )
            % {"n": len(months)},
            [Column("open", _("offen am Monatsende")), Column("new", _("neu im Monat"))],
            rows,
            category=_("Monat"),
            chart_kind="line",
            chart_columns=["open", "new"],
            axis_label=_("Fälle"),
        )
        figure.months = months
        if months[0][0] == s.start:
            # the months add up to the new cases of the overview: one hidden month could be
            # computed back from there
            figure.published_totals = {
                "new": Cell("", result["new_all"], result["new_all_p"]),
            }
        return figure

    def open_per_municipality(self):
        s = self.scope
        counts, total = _grouped_with_total(
            s.cases().filter(open_on(s.end)), "client__municipality"
        )
        rows = [
            Row(m.name, {"open": _count_cell(m.name, counts.get(m.pk))})
            for m in self.municipalities(counts)
        ]
        return Figure(
            "open_per_municipality",
            _("Offene Fälle je Kommune"),
            _("Fälle, die am %(end)s offen waren, nach dem Wohnort der Klient:in.")
            % {"end": date_format(s.end, "SHORT_DATE_FORMAT")},
            [Column("open", _("offene Fälle"))],
            rows,
            total=Row(_("zusammen"), {"open": _count_cell(_("zusammen"), total)}),
            category=_("Kommune"),
            chart_columns=["open"],
            axis_label=_("offene Fälle"),
        )

    def open_per_phase(self):
        s = self.scope
        # the end of the last day, in local time
        until = timezone.make_aware(
            datetime.datetime.combine(s.end + datetime.timedelta(days=1), datetime.time.min)
        )
        phase_then = Coalesce(
            Subquery(
                PhaseTransition.objects.filter(case=OuterRef("pk"), at__lt=until)
                .order_by("-at", "-pk")
                .values("to_phase")[:1]
            ),
            F("phase"),
        )
        at_end = s.cases().filter(open_on(s.end)).annotate(phase_then=phase_then)
        counts, total = _grouped_with_total(at_end, "phase_then")
        rows = [
            Row(str(label), {"open": _count_cell(str(label), counts.get(value))})
            for value, label in CasePhase.choices
            if value != CasePhase.CLOSED
        ]
        return Figure(
            "open_per_phase",
            _("Offene Fälle je Phase"),
            _(
                "Fälle, die am %(end)s offen waren, nach der Phase, in der sie an diesem Tag "
                "standen (letzter Phasenwechsel bis dahin)."
            )
            % {"end": date_format(s.end, "SHORT_DATE_FORMAT")},
            [Column("open", _("offene Fälle"))],
            rows,
            total=Row(_("zusammen"), {"open": _count_cell(_("zusammen"), total)}),
            category=_("Phase"),
            chart_columns=["open"],
            axis_label=_("offene Fälle"),
        )

    def access_channels(self):
        s = self.scope
        new = s.cases().filter(in_period(s, "opened_on"))
        counts, total = _grouped_with_total(new, "access_channel")
        rows = [
            Row(str(label), {"new": _count_cell(str(label), counts.get(value))})
            for value, label in AccessChannel.choices
        ]
        return Figure(
            "access_channels",
            _("Zugangswege"),
            _("Neue Fälle (Fallbeginn im Zeitraum) nach dem Weg, auf dem sie zu KIM kamen."),
            [Column("new", _("neue Fälle"))],
            rows,
            total=Row(_("zusammen"), {"new": _count_cell(_("zusammen"), total)}),
            category=_("Zugangsweg"),
            chart_columns=["new"],
            axis_label=_("neue Fälle"),
        )

    # staffing

    def caseload(self):
        s = self.scope
        names = (
            "case_manager",
            "case_manager__first_name",
            "case_manager__last_name",
            "case_manager__username",
        )
        cases = (
            s.cases()
            .filter(open_on(s.end))
            .order_by()
            .values(*names)
            .annotate(n=Count("pk"), p=Count("client", distinct=True))
        )
        assignments = Assignment.objects.active_on(s.end)
        if s.municipality is not None:
            assignments = assignments.filter(municipality=s.municipality)
        for user in (s.case_manager, s.restrict_to):
            if user is not None:
                assignments = assignments.filter(case_manager=user)
        if self.mode == OWN:
            assignments = assignments.filter(case_manager=self.user)
        fte = assignments.order_by().values(*names).annotate(fte=Sum("fte"))
        people = {}
        for row in list(cases) + list(fte):
            entry = people.setdefault(row["case_manager"], {"n": 0, "p": 0, "fte": None})
            entry["name"] = (
                f"{row['case_manager__first_name']} {row['case_manager__last_name']}".strip()
                or row["case_manager__username"]
            )
            for key in ("n", "p", "fte"):
                if key in row:
                    entry[key] = row[key]
        rows = []
        for entry in sorted(people.values(), key=lambda e: e["name"]):
            per_fte = round(entry["n"] / float(entry["fte"]), 1) if entry["fte"] else None
            rows.append(
                Row(
                    entry["name"],
                    {
                        "open": Cell(entry["name"], entry["n"], entry["p"]),
                        "fte": Cell(entry["name"], entry["fte"], entry["p"]),
                        "per_fte": Cell(entry["name"], per_fte, entry["p"]),
                    },
                )
            )
        return Figure(
            "caseload",
            _("Fallbelastung je Case Manager:in") if self.mode == ALL else _("Meine Fallbelastung"),
            _(
                "Offene Fälle am %(end)s je 1,0 Vollzeitstelle: die offenen Fälle geteilt durch "
                "die VZÄ der Einsatzgebiete, die an diesem Tag gültig waren%(where)s."
            )
            % {
                "end": date_format(s.end, "SHORT_DATE_FORMAT"),
                "where": _(" (nur in der gewählten Kommune)") if s.municipality else "",
            },
            [
                Column("open", _("offene Fälle")),
                Column("fte", _("VZÄ"), FTE),
                Column("per_fte", _("Fälle je 1,0 VZÄ"), RATIO),
            ],
            rows,
            category=_("Case Manager:in"),
            chart_columns=["per_fte"],
            axis_label=_("offene Fälle je 1,0 VZÄ"),
        )

    # needs and goals

    def needs(self):
        s = self.scope
        # the latest assessment of each case up to the end: one that has no later one (an anti
        # join), rather than the newest looked up once per case (half the time, issue #12)
        later = Assessment.objects.filter(
            case=OuterRef("assessment__case"), assessed_on__lte=s.end
        ).filter(
            Q(assessed_on__gt=OuterRef("assessment__assessed_on"))
            | Q(assessed_on=OuterRef("assessment__assessed_on"), pk__gt=OuterRef("assessment"))
        )
        entries = (
            AssessmentEntry.objects.filter(
                s.case_q(prefix="assessment__case__"),
                Q(assessment__case__closed_on__isnull=True)
                | Q(assessment__case__closed_on__gte=s.start),
                assessment__case__opened_on__lte=s.end,
                assessment__assessed_on__lte=s.end,
                need__in=NEED_LEVELS,
            )
            .filter(~Exists(later))
            .order_by()
        )
        # per domain and level, and per domain (a person counts once across levels): one pass
        pairs, singles = counts_by_pair(
            entries, "life_domain", "need", person="assessment__case__client"
        )
        per_level = {key: {"n": c.rows, "p": c.persons} for key, c in pairs.items()}
        per_domain = {key: {"n": c.rows, "p": c.persons} for key, c in singles.items()}
        columns = [Column(str(level), str(NeedLevel(level).label)) for level in NEED_LEVELS]
        columns.append(Column("all", _("zusammen")))
        rows = []
        for domain in self.domains:
            cells = {
                str(level): _count_cell(domain.display_name, per_level.get((domain.pk, level)))
                for level in NEED_LEVELS
            }
            cells["all"] = _count_cell(domain.display_name, per_domain.get(domain.pk))
            rows.append(Row(domain.display_name, cells))
        figure = Figure(
            "needs",
            _("Bedarfe nach Lebensbereich"),
            _(
                "Fälle im Zeitraum mit geringem, mittlerem oder hohem Bedarf im jeweiligen "
                "Lebensbereich, nach dem jüngsten Assessment des Falls bis %(end)s."
            )
            % {"end": date_format(s.end, "SHORT_DATE_FORMAT")},
            columns,
            rows,
            category=_("Lebensbereich"),
            chart_kind="stacked",
            chart_columns=[str(level) for level in NEED_LEVELS],
            axis_label=_("Fälle"),
        )
        figure.row_total = "all"
        return figure

    def goals(self):
        s = self.scope
        worked_on = Goal.objects.filter(case__in=s.active_cases(), agreed_on__lte=s.end).filter(
            Q(outcome=GoalOutcome.OPEN) | Q(outcome_on__isnull=True) | Q(outcome_on__gte=s.start)
        )
        counts, total = _grouped_with_total(worked_on, "life_domain", persons="case__client")
        rows = [Row(str(d), {"goals": _count_cell(str(d), counts.get(d.pk))}) for d in self.domains]
        return Figure(
            "goals",
            _("Ziele nach Lebensbereich"),
            _(
                "Ziele der Hilfepläne, an denen im Zeitraum gearbeitet wurde: vereinbart bis "
                "%(end)s und im Zeitraum noch offen oder mit einem Ergebnis im Zeitraum."
            )
            % {"end": date_format(s.end, "SHORT_DATE_FORMAT")},
            [Column("goals", _("Ziele"))],
            rows,
            total=Row(_("zusammen"), {"goals": _count_cell(_("zusammen"), total)}),
            category=_("Lebensbereich"),
            chart_columns=["goals"],
            axis_label=_("Ziele"),
        )

    def goal_outcomes(self):
        s = self.scope
        results = s.related(Goal).filter(in_period(s, "outcome_on"), outcome__in=GOAL_RESULTS)
        counts, total = _grouped_with_total(results, "outcome", persons="case__client")
        rows = [
            Row(str(GoalOutcome(o).label), {"goals": _count_cell("", counts.get(o))})
            for o in GOAL_RESULTS
        ]
        return Figure(
            "goal_outcomes",
            _("Ergebnisse der Ziele"),
            _("Ziele, deren Ergebnis im Zeitraum festgestellt wurde, nach Ergebnis."),
            [Column("goals", _("Ziele"))],
            rows,
            total=Row(_("zusammen"), {"goals": _count_cell(_("zusammen"), total)}),
            category=_("Ergebnis"),
            chart_columns=["goals"],
            axis_label=_("Ziele"),
        )

    # referrals

    def referrals(self):
        s = self.scope
        institution = Coalesce("office__organisation", "service__provider")
        name = Coalesce("office__organisation__name", "service__provider__name")
        sent = s.related(Referral).filter(in_period(s, "sent_on"))
        answered_by_end = Q(answered_on__lte=s.end)
        accepted = Q(state__in=ACCEPTED) & answered_by_end
        declined = Q(state=ReferralState.DECLINED) & answered_by_end
        client = "case__client"
        rows_db = (
            sent.order_by()
            .annotate(institution=institution, institution_name=name)
            .values("institution", "institution_name")
            .annotate(
                n=Count("pk"),
                p=Count(client, distinct=True),
                accepted=Count("pk", filter=accepted),
                accepted_p=Count(client, distinct=True, filter=accepted),
                declined=Count("pk", filter=declined),
                declined_p=Count(client, distinct=True, filter=declined),
                answered_p=Count(client, distinct=True, filter=accepted | declined),
                other_p=Count(client, distinct=True, filter=~(accepted | declined)),
            )
        )
        days = medians(sent.filter(accepted), F("answered_on") - F("sent_on"), group=institution)
        rows = []
        for r in sorted(rows_db, key=lambda r: (-r["n"], r["institution_name"])):
            label = r["institution_name"]
            other = r["n"] - r["accepted"] - r["declined"]
            rows.append(
                Row(
                    label,
                    {
                        "accepted": Cell(label, r["accepted"], r["accepted_p"]),
                        "declined": Cell(label, r["declined"], r["declined_p"]),
                        "other": Cell(label, other, r["other_p"]),
                        "sent": Cell(label, r["n"], r["p"]),
                        "rate": Cell(
                            label,
                            _share(r["accepted"], r["accepted"] + r["declined"]),
                            r["answered_p"],
                        ),
                        "days": Cell(label, days.get(r["institution"]), r["accepted_p"]),
                    },
                )
            )
        figure = Figure(
            "referrals",
            _("Vermittlungen je Institution"),
            _(
                "Vermittlungen, die im Zeitraum übermittelt wurden, je Institution (Organisation "
                "der Dienststelle oder Träger des Angebots). Angenommen: bis %(end)s angenommen "
                "oder schon abgeschlossen. Annahmequote: angenommene von den beantworteten "
                "Vermittlungen. Dauer: Median der Tage von der Übermittlung bis zur Annahme."
            )
            % {"end": date_format(s.end, "SHORT_DATE_FORMAT")},
            [
                Column("accepted", _("angenommen")),
                Column("declined", _("abgelehnt")),
                Column("other", _("ohne Antwort oder zurückgezogen")),
                Column("sent", _("übermittelt")),
                Column("rate", _("Annahmequote"), PERCENT),
                Column("days", _("Tage bis zur Annahme (Median)"), DAYS),
            ],
            rows,
            category=_("Institution"),
            chart_kind="stacked",
            chart_columns=["accepted", "declined", "other"],
            axis_label=_("Vermittlungen (in Klammern: Annahmequote)"),
        )
        figure.row_total = "sent"
        # the share and one shown count would give away a hidden count
        figure.derived = {"rate": ["accepted", "declined"]}
        return figure

    # labour market (§ 5)

    def labour_market(self):
        s = self.scope
        starts = s.related(Referral).filter(
            in_period(s, "answered_on"),
            state__in=ACCEPTED,
            service__type__code__in=LANGUAGE_COURSE_TYPES,
        )
        per_type = _grouped(starts, "service__type__code", persons="case__client")
        types = ServiceType.objects.filter(code__in=LANGUAGE_COURSE_TYPES).order_by("name")
        taken_up = s.related(Goal).filter(
            in_period(s, "outcome_on"),
            outcome=GoalOutcome.ACHIEVED,
            life_domain__code__in=WORK_LIFE_DOMAINS,
        )
        per_domain = _grouped(taken_up, "life_domain__code", persons="case__client")
        first_contact = Coalesce(
            Subquery(
                Contact.objects.filter(case=OuterRef("case"))
                .order_by("contact_on")
                .values("contact_on")[:1],
                output_field=DateField(),
            ),
            F("case__opened_on"),
        )
        median = medians(starts, F("answered_on") - first_contact).get(0)
        start_persons = starts.aggregate(p=Count("case__client", distinct=True))["p"]
        rows = []
        for service_type in types:
            label = _("Kursbeginn: %(type)s") % {"type": service_type.display_name}
            rows.append(Row(label, {"n": _count_cell(label, per_type.get(service_type.code))}))
        for domain in self.domains:
            if domain.code in WORK_LIFE_DOMAINS:
                label = _("aufgenommen: %(domain)s") % {"domain": domain.display_name}
                rows.append(Row(label, {"n": _count_cell(label, per_domain.get(domain.code))}))
        figure = Figure(
            "labour_market",
            _("Sprache, Ausbildung und Arbeit"),
            _(
                "Kursbeginne: Vermittlungen in Sprach- und Integrationskurse (Angebotsarten "
                "%(types)s), die im Zeitraum angenommen wurden. Aufgenommen: Ziele in den "
                "Lebensbereichen %(domains)s, die im Zeitraum als erreicht festgestellt wurden."
            )
            % {
                "types": ", ".join(LANGUAGE_COURSE_TYPES),
                "domains": ", ".join(str(d) for d in self.domains if d.code in WORK_LIFE_DOMAINS),
            },
            [Column("n", _("Anzahl"))],
            rows,
            category=_("Kennzahl"),
            chart_columns=["n"],
            axis_label=_("Anzahl"),
        )
        figure.median = Cell(_("Tage vom Erstkontakt bis zum Kursbeginn"), median, start_persons)
        return figure

    # hurdle reports (§ 3.3)

    def _hurdle_reports(self):
        s = self.scope
        reports = HurdleReport.objects.filter(in_period(s, "reported_on")).exclude(
            state=ReportState.REJECTED
        )
        if s.municipality is not None:
            reports = reports.filter(municipality=s.municipality)
        if s.case_manager is not None:
            reports = reports.filter(reporter=s.case_manager)
        if self.mode == OWN:
            reports = reports.filter(reporter=self.user)
        return reports

    def _hurdle_definition(self, by):
        s = self.scope
        text = _(
            "Meldebögen zu Integrationshürden mit Datum im Zeitraum (ohne abgelehnte), %(by)s."
        ) % {"by": by}
        if self.mode == OWN:
            text += " " + _("Gezählt werden Ihre eigenen Meldungen.")
        if s.access_channel or s.residence_group or s.age_group or s.gender:
            text += " " + _(
                "Meldebögen enthalten keine Angaben zur Person: Zugangsweg, Aufenthaltsstatus, "
                "Altersgruppe und Geschlecht filtern sie nicht."
            )
        if self.anonymous:
            text += " " + _(
                "Meldebögen enthalten keine Angaben zur Person; ihre Zahlen werden daher, wie im "
                "Landescontrolling-Bericht, nicht verdeckt."
            )
        return text

    def hurdles_per_topic(self):
        reports = self._hurdle_reports()
        counts = _grouped(reports, "topic__name", persons="pk")
        total = reports.aggregate(n=Count("pk"))
        without = _("noch keinem Thema zugeordnet")
        ordered = sorted(counts.items(), key=lambda kv: (kv[0] is None, -kv[1]["n"], kv[0] or ""))
        rows = [
            Row(name or without, {"reports": _cell(name, v["n"], v["n"])}) for name, v in ordered
        ]
        return Figure(
            "hurdles_per_topic",
            _("Meldungen zu Integrationshürden je Thema"),
            self._hurdle_definition(_("nach dem Thema, dem die Koordination sie zugeordnet hat")),
            [Column("reports", _("Meldungen"))],
            rows,
            total=Row(_("zusammen"), {"reports": _cell("", total["n"], total["n"])}),
            category=_("Thema"),
            person_related=False,
            chart_columns=["reports"],
            axis_label=_("Meldungen"),
        )

    def hurdles_per_municipality(self):
        reports = self._hurdle_reports()
        counts = _grouped(reports, "municipality", persons="pk")
        total = reports.aggregate(n=Count("pk"))
        rows = []
        for m in self.municipalities(counts):
            n = counts.get(m.pk, {}).get("n", 0)
            rows.append(Row(m.name, {"reports": _cell(m.name, n, n)}))
        return Figure(
            "hurdles_per_municipality",
            _("Meldungen zu Integrationshürden je Kommune"),
            self._hurdle_definition(_("nach der Kommune, in der die Hürde auftrat")),
            [Column("reports", _("Meldungen"))],
            rows,
            total=Row(_("zusammen"), {"reports": _cell("", total["n"], total["n"])}),
            category=_("Kommune"),
            person_related=False,
            chart_columns=["reports"],
            axis_label=_("Meldungen"),
        )


# --- suppression, tables and charts ------------------------------------------------------------


def _suppress(figure):
    """Apply small-cell suppression to a figure (steering group): per row against the row's
    total where the columns are parts of it, per column against the total row, otherwise cell by
    cell."""
    row_total = figure.row_total
    if row_total:
        parts = [c.key for c in figure.columns if c.key in figure.chart_columns]
        for row in figure.rows:
            suppress([row.cells[k] for k in parts], total=row.cells[row_total])
            others = [cell for k, cell in row.cells.items() if k not in parts and k != row_total]
            suppress(others)
            for key, sources in figure.derived.items():
                if any(row.cells[k].suppressed for k in sources):
                    row.cells[key].suppressed = True
    else:
        for column in figure.columns:
            cells = [row.cells[column.key] for row in figure.rows]
            total = figure.total.cells[column.key] if figure.total else None
            suppress(cells, total=total or figure.published_totals.get(column.key))
    if figure.median is not None:
        suppress([figure.median])


def _texts(figure):
    for row in [*figure.rows, *([figure.total] if figure.total else [])]:
        row.texts = [column.text(row.cells[column.key]) for column in figure.columns]
    if figure.median is not None:
        figure.median_text = Column("median", "", DAYS).text(figure.median)


def _datum(column, cell):
    if cell.suppressed:
        return charts.Datum(0.0, cell.shown, True)
    return charts.Datum(float(cell.value or 0), column.text(cell))


def _rate_text(cell):
    """A share in whole percent, for the narrow room next to a bar."""
    return cell.shown if cell.suppressed else f"{charts.format_number(cell.value)}\u00a0%"


def _excerpt(figure):
    """The rows the page shows: all of them, or, in a figure with more than ``EXCERPT_ROWS``
    (400 municipalities or 1,000 case managers of a state), the largest by ``excerpt_column``,
    largest first; the whole table is one link away (views/dashboard.py)."""
    if figure.chart_kind == "line" or len(figure.rows) <= EXCERPT_ROWS:
        return list(figure.rows)
    key = figure.excerpt_column.key

    def size(row):
        cell = row.cells[key]
        return -1 if cell.suppressed or cell.value is None else cell.value

    return sorted(figure.rows, key=size, reverse=True)[:EXCERPT_ROWS]


def _chart(figure):
    columns = [figure.column(k) for k in figure.chart_columns]
    series = [c.label for c in columns]
    rows = figure.excerpt
    data = [[_datum(c, row.cells[c.key]) for c in columns] for row in rows]
    if figure.chart_kind == "line":
        points = [
            (date_format(first, "M"), str(first.year) if i == 0 or first.month == 1 else "")
            for i, (first, _last) in enumerate(figure.months)
        ]
        short = [_("offen"), _("neu")]
        return charts.line_chart(
            figure.chart_id,
            figure.summary,
            points,
            short[: len(series)],
            data,
            axis_label=figure.axis_label,
            x_axis_label=_("Monat"),
        )
    totals = None
    if figure.chart_kind == "stacked":
        total_column = figure.column(figure.row_total)
        totals = [total_column.text(row.cells[figure.row_total]) for row in rows]
        if figure.key == "referrals":
            totals = [
                f"{t} ({_rate_text(row.cells['rate'])})"
                if row.cells["rate"].value is not None or row.cells["rate"].suppressed
                else t
                for t, row in zip(totals, rows, strict=True)
            ]
    return charts.bar_chart(
        figure.chart_id,
        figure.summary,
        [row.label for row in rows],
        series,
        data,
        axis_label=figure.axis_label,
        stacked=figure.chart_kind == "stacked",
        totals=totals,
    )


# --- one-sentence summaries (the charts' text alternative) --------------------------------------


def _visible(figure, key):
    return [
        (row.label, row.cells[key])
        for row in figure.rows
        if not row.cells[key].suppressed and row.cells[key].value
    ]


def _top(figure, key):
    visible = _visible(figure, key)
    return max(visible, key=lambda lc: lc[1].value) if visible else None


def _summary(figure):
    if figure.is_empty:
        return _("%(title)s: keine Angaben für diesen Zeitraum und diese Filter.") % {
            "title": figure.title
        }
    key = figure.chart_columns[0]
    column = figure.column(key)
    if figure.chart_kind == "line":
        last = figure.rows[-1]
        peak = _top(figure, "open")
        text = _("%(title)s: im %(month)s %(open)s offene und %(new)s neue Fälle") % {
            "title": figure.title,
            "month": last.label,
            "open": figure.column("open").text(last.cells["open"]),
            "new": figure.column("new").text(last.cells["new"]),
        }
        if peak:
            text += _("; die meisten offenen Fälle im %(month)s (%(n)s)") % {
                "month": peak[0],
                "n": figure.column("open").text(peak[1]),
            }
        return text + "."
    if figure.chart_kind == "stacked":
        total_key = figure.row_total
        top = _top(figure, total_key)
        if top is None:
            return _("%(title)s: alle Werte unter 5.") % {"title": figure.title}
        parts = ", ".join(
            f"{figure.column(k).label} {figure.column(k).text(row.cells[k])}"
            for row in figure.rows
            if row.label == top[0]
            for k in figure.chart_columns
        )
        return _("%(title)s: am meisten bei %(label)s (zusammen %(n)s: %(parts)s).") % {
            "title": figure.title,
            "label": top[0],
            "n": figure.column(total_key).text(top[1]),
            "parts": parts,
        }
    top = _top(figure, key)
    if top is None:
        return _("%(title)s: alle Werte unter 5.") % {"title": figure.title}
    text = _("%(title)s: am meisten bei %(label)s (%(n)s)") % {
        "title": figure.title,
        "label": top[0],
        "n": column.text(top[1]),
    }
    if figure.total is not None:
        text += _(", zusammen %(n)s") % {"n": column.text(figure.total.cells[key])}
    return text + "."


def _finish(figure, anonymous):
    if anonymous and figure.person_related:
        _suppress(figure)
    _texts(figure)
    figure.summary = _summary(figure)
    figure.excerpt = _excerpt(figure)
    if not figure.is_empty:
        figure.chart = _chart(figure)
    return figure


def build_dashboard(scope, *, user):
    """All figures of the dashboard for ``scope`` as ``user`` may see them."""
    mode = viewer_mode(user)
    b = _Builder(scope, mode, user)
    staffing = [] if mode == ANONYMOUS else [b.caseload()]
    sections = [
        Section(
            "cases",
            _("Fälle"),
            [
                b.cases_per_month(),
                b.open_per_municipality(),
                b.open_per_phase(),
                b.access_channels(),
            ],
        ),
        Section("staffing", _("Fallbelastung"), staffing),
        Section("needs", _("Bedarfe und Ziele"), [b.needs(), b.goals(), b.goal_outcomes()]),
        Section("referrals", _("Vermittlungen"), [b.referrals()]),
        Section("labour_market", _("Arbeitsmarktintegration"), [b.labour_market()]),
        Section(
            "hurdles",
            _("Integrationshürden"),
            [b.hurdles_per_topic(), b.hurdles_per_municipality()],
        ),
    ]
    sections = [s for s in sections if s.figures]
    for section in sections:
        for figure in section.figures:
            _finish(figure, mode == ANONYMOUS)
    headline = b.headline()
    summary = ScopeSummary(scope.start, scope.end, scope.describe())
    dashboard = Dashboard(summary, mode, headline, sections)
    dashboard.headline_texts = [
        (cell.label, cell.shown if cell.suppressed else charts.format_number(cell.value))
        for cell in headline
    ]
    return dashboard
