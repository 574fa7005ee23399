"""The measures an indicator can use, in one place: what is counted, on which date, and which
parameters the indicator must name. Every measure turns the linked cases into observations
(case, day, value); ``figures`` groups them by quarter and before/after the date in force, and
suppresses groups of fewer than ``MIN_CASES`` cases (no figure about fewer than five persons).
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_CASES = 5
ACCEPTED = ("accepted", "completed")


@dataclass(frozen=True)
class Observation:
    case_id: int
    day: datetime.date
    value: float


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str
    aggregate: str  # "median" or "share"
    requires: tuple  # indicator fields that must be filled
    definition: str  # what is counted, on which date (shown on the monitoring page)
    observe: object  # (indicator, case_ids) -> list[Observation]


def _days_to_course_start(indicator, case_ids):
    from kim.cases.models import Case, Referral

    starts = dict(
        Referral.objects.filter(
            case_id__in=case_ids,
            service__type=indicator.service_type_id,
            state__in=ACCEPTED,
            answered_on__isnull=False,
        )
        .values("case_id")
        .annotate(start=Min("answered_on"))
        .values_list("case_id", "start")
    )
    # the linked cases as a subquery (a list of ids could exceed SQLite's parameter limit)
    firsts = (
        Case.objects.filter(pk__in=case_ids, referrals__service__type=indicator.service_type_id)
        .annotate(first_contact=Min("contacts__contact_on"))
        .values_list("pk", "opened_on", "first_contact")
    )
    observations = []
    for case_id, opened_on, first_contact in firsts:
        if case_id not in starts:
            continue
        first = min(d for d in (opened_on, first_contact) if d is not None)
        start = starts[case_id]
        if start >= first:
            observations.append(Observation(case_id, start, (start - first).days))
    return observations


def _referrals_accepted_within(indicator, case_ids):
    from kim.cases.models import Referral

    referrals = Referral.objects.filter(case_id__in=case_ids, sent_on__isnull=False)
    if indicator.service_type_id:
        referrals = referrals.filter(service__type=indicator.service_type_id)
    if indicator.organisation_id:
        referrals = referrals.filter(
            Q(office__organisation=indicator.organisation_id)
            | Q(service__provider=indicator.organisation_id)
        )
    limit = datetime.timedelta(days=indicator.within_days)
    today = timezone.localdate()
    observations = []
    for case_id, sent_on, answered_on, state in referrals.values_list(
        "case_id", "sent_on", "answered_on", "state"
    ):
        accepted = state in ACCEPTED and answered_on is not None and answered_on - sent_on <= limit
        if not accepted and answered_on is None and state == "sent" and today - sent_on <= limit:
            continue  # still open and within the time: not yet decided either way
        observations.append(Observation(case_id, sent_on, 1.0 if accepted else 0.0))
    return observations


def _goals_achieved(indicator, case_ids):
    from kim.cases.models import Goal

    goals = Goal.objects.filter(
        case_id__in=case_ids, life_domain=indicator.life_domain_id, outcome_on__isnull=False
    ).exclude(outcome="open")
    return [
        Observation(case_id, outcome_on, 1.0 if outcome == "achieved" else 0.0)
        for case_id, outcome_on, outcome in goals.values_list("case_id", "outcome_on", "outcome")
    ]


MEASURES = {
    m.code: m
    for m in [
        Measure(
            "days_to_course_start",
            _("Tage vom Erstkontakt bis zum Kursbeginn"),
            _("Tage (Median)"),
            "median",
            ("service_type",),
            _(
                "Je Fall die Tage vom Erstkontakt (Fallbeginn oder früherer Beratungskontakt) bis "
                "zur ersten angenommenen Vermittlung in ein Angebot der gewählten Angebotsart "
                "(Datum der Antwort = Kursbeginn). Zugeordnet dem Quartal des Kursbeginns; "
                "angegeben ist der Median."
            ),
            _days_to_course_start,
        ),
        Measure(
            "referrals_accepted_within",
            _("Anteil der Vermittlungen, die innerhalb der Frist angenommen wurden"),
            _("Prozent"),
            "share",
            ("within_days",),
            _(
                "Je übermittelter Vermittlung (wahlweise nur an die gewählte Institution oder "
                "Angebotsart): angenommen, wenn die Antwort „angenommen“ höchstens die gewählte "
                "Zahl von Tagen nach der Übermittlung kam. Noch offene Vermittlungen innerhalb "
                "der Frist zählen nicht mit. Zugeordnet dem Quartal der Übermittlung."
            ),
            _referrals_accepted_within,
        ),
        Measure(
            "goals_achieved",
            _("Anteil erreichter Ziele im Lebensbereich"),
            _("Prozent"),
            "share",
            ("life_domain",),
            _(
                "Je Ziel im gewählten Lebensbereich mit festgestelltem Ergebnis: erreicht oder "
                "nicht (teilweise, nicht erreicht, verworfen). Zugeordnet dem Quartal, in dem das "
                "Ergebnis festgestellt wurde."
            ),
            _goals_achieved,
        ),
    ]
}

MEASURE_CHOICES = [(code, m.label) for code, m in MEASURES.items()]


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    start: datetime.date
    end: datetime.date
    period: str  # "before", "after" or "transition" (the quarter in which it came into force)
    cases: int
    observations: int
    value: float | None  # None when suppressed or empty

    @property
    def suppressed(self):
        return 0 < self.cases < MIN_CASES


def quarter_of(day):
    q = (day.month - 1) // 3
    start = datetime.date(day.year, 3 * q + 1, 1)
    end_month = 3 * q + 3
    end = (
        datetime.date(day.year, 12, 31)
        if end_month == 12
        else datetime.date(day.year, end_month + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def _value(measure, observations):
    if not observations:
        return None
    values = [o.value for o in observations]
    if measure.aggregate == "median":
        return float(statistics.median(values))
    return round(100.0 * sum(values) / len(values), 1)


def _figure(measure, label, start, end, period, observations):
    cases = len({o.case_id for o in observations})
    value = _value(measure, observations) if cases >= MIN_CASES else None
    return Figure(label, start, end, period, cases, len(observations), value)


def quarterly(measure, observations, in_force_from, *, until=None):
    """One figure per quarter from the first observation to ``until`` (default: the last one),
    gaps included, so that a chart shows time evenly."""
    if not observations:
        return []
    by_quarter = {}
    for o in observations:
        by_quarter.setdefault(quarter_of(o.day), []).append(o)
    first = min(by_quarter)[0]
    last = quarter_of(until)[0] if until else max(by_quarter)[0]
    figures = []
    start = first
    while start <= last:
        q_start, q_end = quarter_of(start)
        if in_force_from is None or q_end < in_force_from:
            period = "before"
        elif q_start >= in_force_from:
            period = "after"
        else:
            period = "transition"
        label = f"Q{(q_start.month - 1) // 3 + 1}/{q_start.year}"
        figures.append(
            _figure(measure, label, q_start, q_end, period, by_quarter.get((q_start, q_end), []))
        )
        start = q_end + datetime.timedelta(days=1)
    return figures


def before_after(measure, observations, in_force_from):
    """Two pooled figures: everything before the date in force, and from that date on."""
    if in_force_from is None:
        return None
    before = [o for o in observations if o.day < in_force_from]
    after = [o for o in observations if o.day >= in_force_from]
    first = min((o.day for o in observations), default=in_force_from)
    last = max((o.day for o in observations), default=in_force_from)
    return (
        _figure(
            measure,
            str(_("vor Inkrafttreten")),
            first,
            in_force_from - datetime.timedelta(days=1),
            "before",
            before,
        ),
        _figure(measure, str(_("seit Inkrafttreten")), in_force_from, last, "after", after),
    )
