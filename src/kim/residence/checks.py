"""The checks of single criteria: pure functions ``check(facts, on, **params) -> Outcome``.

A rule set (``paths.py``) names a check and its parameters for each criterion; the check says
whether the facts meet it on the day ``on``: met, met from a later day (time-based criteria,
assuming the situation continues), not met, or "Angabe fehlt" with the fields that would
settle it. No database access here.

Periods are counted as the German civil code counts them (§§ 187 Abs. 2, 188 Abs. 2 BGB): a
stay that began on 1 March 2020 has lasted three years at the end of 28 February 2023, so the
criterion is met from 1 March 2023; a period that would end on a day the month lacks (29
February) ends on the last day of that month (§ 188 Abs. 3 BGB), so it is met from 1 March.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .facts import UNKNOWN, Facts, Period

ONE_DAY = datetime.timedelta(days=1)
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
GERMAN = "de"


class Status(StrEnum):
    MET = "met"
    MET_LATER = "met_later"
    NOT_MET = "not_met"
    MISSING = "missing"


@dataclass(frozen=True)
class Outcome:
    status: Status
    detail: str = ""
    met_from: datetime.date | None = None  # MET_LATER: the earliest day it will be met
    met_until: datetime.date | None = None  # the last day it is met (an age limit)
    missing: tuple[str, ...] = ()  # MISSING: client fields or record entries that settle it


# --- days ---------------------------------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The day on which ``years`` full years from ``day`` are completed and the next begins."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the period ended on 28 February
        return datetime.date(day.year + years, 3, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:  # the month is shorter: the period ended on its last day
        return datetime.date(year + month // 12, month % 12 + 1, 1)


def fmt(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _met_from(day, on, detail, until=None) -> Outcome:
    if day <= on:
        return Outcome(Status.MET, detail, met_until=until)
    return Outcome(Status.MET_LATER, detail, met_from=day, met_until=until)


def _missing(fields, detail) -> Outcome:
    return Outcome(Status.MISSING, detail, missing=tuple(fields))


def _not_met(detail) -> Outcome:
    return Outcome(Status.NOT_MET, detail)


# --- residence periods --------------------------------------------------------------------------


PARAGRAPH = re.compile(r"§\s*(\d+\s*[a-z]?)\b(?:\s*Abs(?:atz|\.)?\s*(\d+))?", re.IGNORECASE)


def paragraph_of(legal_basis: str) -> tuple[str, str | None] | None:
    """ "§ 25 Abs. 2 AufenthG" -> ("25", "2"); "§ 104c AufenthG" -> ("104c", None)."""
    match = PARAGRAPH.search(legal_basis or "")
    if not match:
        return None
    return match[1].replace(" ", "").lower(), match[2]


@dataclass(frozen=True)
class StatusRule:
    """A residence status a criterion accepts: its code, optionally only on one paragraph
    (e.g. an Aufenthaltserlaubnis nach § 104c), optionally held for some months."""

    code: str
    paragraph: str | None = None
    min_months: int = 0

    def matches(self, period: Period) -> bool:
        if period.status != self.code:
            return False
        if self.paragraph is None:
            return True
        found = paragraph_of(period.legal_basis)
        return found is not None and found[0] == self.paragraph


def _covering(periods, on):
    return next((p for p in periods if p.covers(on)), None)


def _no_period_on(periods, on) -> Outcome:
    """Why no residence period covers ``on``."""
    if not periods:
        return _missing(("residence_periods",), _("Es sind keine Aufenthaltszeiten erfasst."))
    if on < min(p.started_on for p in periods):
        return _not_met(_("Am %(day)s ist noch kein Aufenthalt erfasst.") % {"day": fmt(on)})
    ends = [p.ended_on for p in periods]
    if None not in ends and max(ends) < on:
        return _missing(
            ("residence_periods",),
            _(
                "Die erfassten Aufenthaltszeiten enden am %(day)s. Bitte erfassen Sie den "
                "aktuellen Aufenthaltsstatus."
            )
            % {"day": fmt(max(ends))},
        )
    return _missing(
        ("residence_periods",),
        _("Für den %(day)s ist kein Aufenthaltsstatus erfasst (Lücke). Bitte ergänzen Sie ihn.")
        % {"day": fmt(on)},
    )


def uninterrupted_since(
    periods, on, counts: Callable[[Period], bool]
) -> tuple[datetime.date | None, Outcome | None]:
    """The first day of the uninterrupted stretch of counting periods that reaches ``on``,
    or the outcome that says why there is none."""
    cover = _covering(periods, on)
    if cover is None:
        return None, _no_period_on(periods, on)
    if not counts(cover):
        return None, _not_met(
            _("Am %(day)s: %(status)s – diese Zeit zählt hier nicht.")
            % {"day": fmt(on), "status": cover.label}
        )
    start = cover.started_on
    while True:
        earlier = [
            p
            for p in periods
            if counts(p)
            and p.started_on < start
            and (p.ended_on is None or p.ended_on >= start - ONE_DAY)
        ]
        if not earlier:
            return start, None
        start = min(p.started_on for p in earlier)


@dataclass(frozen=True)
class Reduction:
    """A shorter residence period under a condition (a child in the household, a course)."""

    years: int
    condition: str  # key of CONDITIONS
    label: str
    basis: str


def _best_german(facts, on, *, oral_enough=True):
    levels = [
        LEVELS.index(c.level)
        for c in facts.certificates
        if c.language == GERMAN
        and c.level in LEVELS
        and c.issued_on <= on
        and (oral_enough or c.skills == "all")
    ]
    return max(levels) if levels else None


def _known(value):
    return None if value == UNKNOWN else value == "yes"


def _dated(day, on):
    return day is not None and day <= on


def _c1_and_livelihood(facts, on):
    best = _best_german(facts, on, oral_enough=False)
    if best is None or best < LEVELS.index("C1"):
        return False
    if facts.livelihood == UNKNOWN:
        return None
    return facts.livelihood == "secured"


# condition -> (test returning True/False/None for "not known", fields that settle it)
CONDITIONS = {
    "minor_child": (lambda f, on: _known(f.lives_with_minor_child), ("lives_with_minor_child",)),
    "integration_course": (
        lambda f, on: _dated(f.integration_course_completed_on, on),
        ("integration_course_completed_on",),
    ),
    "german_above_b1": (
        lambda f, on: (_best_german(f, on, oral_enough=False) or 0) > LEVELS.index("B1"),
        ("language_certificates",),
    ),
    "german_c1_and_livelihood": (_c1_and_livelihood, ("language_certificates", "livelihood")),
}


def residence_period(facts: Facts, on, *, years, counting, reductions=()) -> Outcome:
    """An uninterrupted stay of ``years`` years on statuses in ``counting``, shorter under a
    reduction whose condition holds."""
    start, failure = uninterrupted_since(facts.periods, on, lambda p: p.status in counting)
    if failure:
        return failure
    needed, note, undecided = years, "", []
    for reduction in reductions:
        test, _fields = CONDITIONS[reduction.condition]
        holds = test(facts, on)
        if holds and reduction.years < needed:
            needed, note = reduction.years, f" ({reduction.label}, {reduction.basis})"
        elif holds is None:
            undecided.append(reduction)
    reached = add_years(start, needed)
    detail = _("Ununterbrochen seit %(start)s; nötig sind %(years)s Jahre%(note)s.") % {
        "start": fmt(start),
        "years": needed,
        "note": note,
    }
    if reached > on:
        undecided = [r for r in undecided if r.years < needed and add_years(start, r.years) <= on]
        if undecided:
            reduction = min(undecided, key=lambda r: r.years)
            return _missing(
                CONDITIONS[reduction.condition][1],
                detail
                + " "
                + _("%(label)s wären %(years)s Jahre genug (%(basis)s); sonst erfüllt ab %(day)s.")
                % {
                    "label": reduction.label[:1].upper() + reduction.label[1:],
                    "years": reduction.years,
                    "basis": reduction.basis,
                    "day": fmt(reached),
                },
            )
    return _met_from(reached, on, detail)


def current_status(facts: Facts, on, *, accepted: tuple[StatusRule, ...]) -> Outcome:
    """The status on ``on`` is one of ``accepted`` (held for at least its ``min_months``)."""
    cover = _covering(facts.periods, on)
    if cover is None:
        return _no_period_on(facts.periods, on)
    for rule in accepted:
        if not rule.matches(cover):
            continue
        if not rule.min_months:
            return Outcome(Status.MET, _("Am %(day)s: %(status)s.") % _status_on(on, cover))
        start, _failure = uninterrupted_since(facts.periods, on, rule.matches)
        return _met_from(
            add_months(start, rule.min_months),
            on,
            _("%(status)s seit %(start)s; nötig sind %(months)s Monate.")
            % {"status": cover.label, "start": fmt(start), "months": rule.min_months},
        )
    return _not_met(_("Am %(day)s: %(status)s.") % _status_on(on, cover))


def _status_on(on, period):
    return {"day": fmt(on), "status": period.label}


def naturalisation_title(facts: Facts, on, *, permanent, excluded) -> Outcome:
    """§ 10 Abs. 1 Satz 1 Nr. 2 StAG: a permanent right of residence, or a residence permit for
    another purpose than the excluded paragraphs (``excluded``: (paragraph, Absatz or None))."""
    cover = _covering(facts.periods, on)
    if cover is None:
        return _no_period_on(facts.periods, on)
    if cover.status in permanent:
        return Outcome(Status.MET, _("Am %(day)s: %(status)s.") % _status_on(on, cover))
    if cover.status != "aufenthaltserlaubnis":
        return _not_met(_("Am %(day)s: %(status)s.") % _status_on(on, cover))
    found = paragraph_of(cover.legal_basis)
    if found is None:
        return _missing(
            ("residence_periods",),
            _("Die Rechtsgrundlage der Aufenthaltserlaubnis ist nicht erfasst."),
        )
    paragraph, absatz = found
    if any(p == paragraph and (a is None or a == absatz) for p, a in excluded):
        return _not_met(
            _("Am %(day)s: %(status)s – dieser Aufenthaltszweck reicht nicht aus.")
            % _status_on(on, cover)
        )
    return Outcome(Status.MET, _("Am %(day)s: %(status)s.") % _status_on(on, cover))


# --- age, schooling, livelihood -----------------------------------------------------------------


def age(facts: Facts, on, *, min_age, limit_age) -> Outcome:
    """At least ``min_age`` years old, and the application made before the ``limit_age``-th
    birthday ("vor Vollendung des … Lebensjahres": on the birthday it is too late). With only
    the year of birth known, the answer is given where every day of that year gives the same."""
    if facts.date_of_birth:
        born = facts.date_of_birth
        return _age_outcome(on, add_years(born, min_age), add_years(born, limit_age) - ONE_DAY)
    if not facts.year_of_birth:
        return _missing(("date_of_birth",), _("Das Geburtsdatum ist nicht erfasst."))
    first = datetime.date(facts.year_of_birth, 1, 1)
    last = datetime.date(facts.year_of_birth, 12, 31)
    surely_old_enough = add_years(last, min_age)
    surely_in_time = add_years(first, limit_age) - ONE_DAY
    if on > add_years(last, limit_age) - ONE_DAY or on < add_years(first, min_age):
        return _age_outcome(on, surely_old_enough, surely_in_time)
    if surely_old_enough <= on <= surely_in_time:
        return _age_outcome(on, surely_old_enough, surely_in_time)
    return _missing(
        ("date_of_birth",),
        _("Nur das Geburtsjahr ist bekannt; für die Altersgrenze zählt der Tag."),
    )


def _age_outcome(on, old_enough, deadline):
    if on > deadline:
        return _not_met(
            _("Die Altersgrenze ist überschritten (Antrag war bis %(day)s möglich).")
            % {"day": fmt(deadline)}
        )
    detail = _("Antrag bis spätestens %(day)s.") % {"day": fmt(deadline)}
    return _met_from(old_enough, on, detail, until=deadline)


ATTENDING = ("school_attendance", "vocational_training")
QUALIFICATIONS = ("school_certificate", "vocational_qualification")


def schooling(facts: Facts, on, *, years) -> Outcome:
    """§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG: ``years`` years of school attendance in Germany (the
    vocational school of a training counts), or a recognised school or vocational qualification."""
    records = [e for e in facts.education if (e.started_on or e.obtained_on or on) <= on]
    for record in records:
        if record.kind in QUALIFICATIONS and record.obtained_on:
            return Outcome(
                Status.MET,
                _("Abschluss erworben am %(day)s.") % {"day": fmt(record.obtained_on)},
            )
    attending = [
        Period(status=e.kind, started_on=e.started_on, ended_on=e.ended_on)
        for e in records
        if e.kind in ATTENDING and e.started_on
    ]
    if not records:
        return _missing(("education_records",), _("Es ist kein Schulbesuch erfasst."))
    if _covering(attending, on) is None:
        return _not_met(
            _("Am %(day)s kein laufender Schulbesuch und kein Abschluss erfasst.")
            % {"day": fmt(on)}
        )
    start, _failure = uninterrupted_since(attending, on, lambda p: True)
    return _met_from(
        add_years(start, years),
        on,
        _("Schulbesuch seit %(start)s; nötig sind %(years)s Jahre.")
        % {"start": fmt(start), "years": years},
    )


def _in_education(facts, on):
    return any(
        e.kind in (*ATTENDING, "studies")
        and e.started_on
        and e.started_on <= on
        and (e.ended_on is None or e.ended_on >= on)
        for e in facts.education
    )


FULL_TIME_MONTHS = 20


def livelihood(
    facts: Facts, on, *, accepted, education_exempt=False, full_time_exception=False
) -> Outcome:
    """The livelihood is one of ``accepted``; optionally benefits do not matter while in school,
    training or studies (§ 25a Abs. 1 Satz 2 AufenthG), or full-time work for 20 months makes up
    for them (§ 10 Abs. 1 Satz 1 Nr. 3 Buchst. b StAG: 20 of the last 24 months)."""
    if facts.livelihood in accepted:
        return Outcome(Status.MET, _("Lebensunterhalt: %(value)s.") % _livelihood(facts))
    if education_exempt and _in_education(facts, on):
        return Outcome(
            Status.MET,
            _("In Schule, Ausbildung oder Studium: Sozialleistungen schließen nicht aus."),
        )
    if full_time_exception and facts.employment == "full_time":
        if facts.employment_since is None:
            return _missing(
                ("employment_since",),
                _(
                    "Vollzeit erwerbstätig – seit wann? Nach 20 Monaten Vollzeit gilt eine "
                    "Ausnahme."
                ),
            )
        return _met_from(
            add_months(facts.employment_since, FULL_TIME_MONTHS),
            on,
            _("Vollzeit erwerbstätig seit %(day)s; Ausnahme nach 20 Monaten Vollzeit.")
            % {"day": fmt(facts.employment_since)},
        )
    if facts.livelihood == UNKNOWN:
        return _missing(("livelihood",), _("Der Lebensunterhalt ist nicht erfasst."))
    return _not_met(_("Lebensunterhalt: %(value)s.") % _livelihood(facts))


def _livelihood(facts):
    from kim.cases.models import Livelihood

    return {"value": Livelihood(facts.livelihood).label}


# --- declarations, proofs -----------------------------------------------------------------------


def known_fact(facts: Facts, on, *, field, expected) -> Outcome:
    """A yes/no fact of the record (identity clarified, convictions, …) has the expected value."""
    from kim.cases.models import Client

    value = getattr(facts, field)
    label = Client._meta.get_field(field).verbose_name
    if value == UNKNOWN:
        return _missing((field,), _("„%(label)s“ ist nicht bekannt.") % {"label": label})
    answer = _("ja") if value == "yes" else _("nein")
    detail = _("%(label)s: %(answer)s.") % {"label": label, "answer": answer}
    return Outcome(Status.MET if value == expected else Status.NOT_MET, detail)


def german(
    facts: Facts, on, *, level, oral_enough=False, school_certificate_counts=False
) -> Outcome:
    """German at ``level`` or above (oral-only certificates count when ``oral_enough``)."""
    if school_certificate_counts and any(
        e.kind == "school_certificate" and _dated(e.obtained_on, on) for e in facts.education
    ):
        return Outcome(Status.MET, _("Schulabschluss in Deutschland."))
    best = _best_german(facts, on, oral_enough=oral_enough)
    if best is None:
        if any(c.language == GERMAN and c.issued_on <= on for c in facts.certificates):
            return _not_met(
                _("Kein Deutschnachweis in der nötigen Form (mündlich und schriftlich).")
            )
        return _missing(("language_certificates",), _("Kein Deutschnachweis erfasst."))
    detail = _("Höchster Deutschnachweis: %(level)s (nötig: %(needed)s).") % {
        "level": LEVELS[best],
        "needed": level,
    }
    return Outcome(Status.MET if best >= LEVELS.index(level) else Status.NOT_MET, detail)


# proof -> the client field that records it (the day of the test or course)
PROOFS = {
    "orientation_test": "orientation_test_passed_on",
    "integration_course": "integration_course_completed_on",
    "naturalisation_test": "naturalisation_test_passed_on",
}


def knowledge(facts: Facts, on, *, proofs, school_certificate_counts=False) -> Outcome:
    """Knowledge of the legal and social order, proved by one of ``proofs`` (a test passed,
    a course completed) or a German school certificate."""
    from kim.cases.models import Client

    for proof in proofs:
        day = getattr(facts, PROOFS[proof])
        if _dated(day, on):
            label = Client._meta.get_field(PROOFS[proof]).verbose_name
            return Outcome(Status.MET, f"{label} {fmt(day)}.")
    if school_certificate_counts and any(
        e.kind == "school_certificate" and _dated(e.obtained_on, on) for e in facts.education
    ):
        return Outcome(Status.MET, _("Schulabschluss in Deutschland."))
    return _missing(tuple(PROOFS[p] for p in proofs), _("Kein Nachweis erfasst."))


def children_at_school(facts: Facts, on) -> Outcome:
    """§ 25b Abs. 1 Satz 2 Nr. 5 AufenthG: school-age children actually attend school."""
    value = facts.children_school_attendance
    if value == UNKNOWN:
        return _missing(("children_school_attendance",), _("Nicht erfasst."))
    from kim.cases.models import SchoolAttendance

    label = SchoolAttendance(value).label
    return Outcome(Status.NOT_MET if value == "not_proven" else Status.MET, f"{label}.")


CHECKS = {
    "residence_period": residence_period,
    "current_status": current_status,
    "naturalisation_title": naturalisation_title,
    "age": age,
    "schooling": schooling,
    "livelihood": livelihood,
    "known_fact": known_fact,
    "german": german,
    "knowledge": knowledge,
    "children_at_school": children_at_school,
}
