"""The pre-check of a path: every criterion of the version in force on a day, and one result.

The result is a pointer for the authority, never a decision (``DISCLAIMER``): positive (the
record meets every criterion), positive from a day (a time-based criterion is reached later, if
the situation continues), negative (a criterion is not met, or a period is reached only after an
age limit), incomplete (data is missing), or no version of the law on file for that day.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .checks import CHECKS, Outcome, Status, add_months
from .facts import Facts, field_label
from .paths import PATHS, Criterion, Path, PathVersion

DISCLAIMER = _("Hinweis, keine Entscheidung der Ausländer-/Einbürgerungsbehörde")
DISCLAIMER_TEXT = _(
    "Die Vorprüfung zeigt nur, was die in KIM erfassten Angaben nahelegen. Ob ein "
    "Aufenthaltstitel erteilt oder eingebürgert wird, entscheidet allein die zuständige Behörde "
    "nach Prüfung der Nachweise. Spätere Daten gelten nur, wenn die Lage unverändert bleibt."
)
LIST_HORIZON_MONTHS = 6


class Result(StrEnum):
    POSITIVE = "positive"
    POSITIVE_FROM = "positive_from"
    NEGATIVE = "negative"
    INCOMPLETE = "incomplete"
    NO_LAW = "no_law"


RESULT_LABELS = {
    Result.POSITIVE: _("Voraussetzungen nach Aktenlage erfüllt"),
    Result.NEGATIVE: _("Voraussetzungen nicht erfüllt"),
    Result.INCOMPLETE: _("Angaben fehlen"),
    Result.NO_LAW: _("Für diesen Tag ist keine Fassung des Gesetzes hinterlegt"),
}
BADGES = {
    Result.POSITIVE: "success",
    Result.POSITIVE_FROM: "info",
    Result.NEGATIVE: "danger",
    Result.INCOMPLETE: "warning",
    Result.NO_LAW: "warning",
}
STATUS_BADGES = {
    Status.MET: "success",
    Status.MET_LATER: "info",
    Status.NOT_MET: "danger",
    Status.MISSING: "warning",
}


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    outcome: Outcome

    @property
    def badge(self):
        return STATUS_BADGES[self.outcome.status]

    @property
    def missing_labels(self):
        return [field_label(name) for name in self.outcome.missing]


@dataclass(frozen=True)
class PathResult:
    path: Path
    on: datetime.date
    version: PathVersion | None
    result: Result
    criteria: tuple[CriterionResult, ...] = ()
    positive_from: datetime.date | None = None  # POSITIVE_FROM
    deadline: datetime.date | None = None  # the last day an application meets an age limit
    reason: str = ""  # NEGATIVE because of a deadline

    @property
    def label(self) -> str:
        """The overall result in German words."""
        if self.result == Result.POSITIVE_FROM:
            return gettext("Voraussetzungen voraussichtlich erfüllt ab %(day)s") % {
                "day": date_format(self.positive_from, "SHORT_DATE_FORMAT")
            }
        return str(RESULT_LABELS[self.result])

    @property
    def badge(self):
        return BADGES[self.result]

    @property
    def valid_until(self):
        return self.path.valid_until(self.version) if self.version else None

    def outcome(self, key) -> Outcome:
        return next(r.outcome for r in self.criteria if r.criterion.key == key)

    def positive_by(self, day) -> bool:
        """Positive now, or from a day no later than ``day``."""
        return self.result == Result.POSITIVE or (
            self.result == Result.POSITIVE_FROM and self.positive_from <= day
        )


def evaluate(facts: Facts, path: Path, on: datetime.date) -> PathResult:
    version = path.version_on(on)
    if version is None:
        return PathResult(path, on, None, Result.NO_LAW)
    results = tuple(
        CriterionResult(c, CHECKS[c.check](facts, on, **c.params)) for c in version.criteria
    )
    outcomes = [r.outcome for r in results]
    statuses = {o.status for o in outcomes}
    deadlines = [o.met_until for o in outcomes if o.met_until]
    later = [o.met_from for o in outcomes if o.status == Status.MET_LATER]
    deadline = min(deadlines) if deadlines else None
    positive_from = max(later) if later else None
    common = {"criteria": results, "deadline": deadline}
    if Status.NOT_MET in statuses:
        return PathResult(path, on, version, Result.NEGATIVE, **common)
    if deadline and positive_from and positive_from > deadline:
        reason = _(
            "Eine Frist wird erst am %(day)s erreicht – nach der Altersgrenze (Antrag bis "
            "%(deadline)s)."
        ) % {
            "day": date_format(positive_from, "SHORT_DATE_FORMAT"),
            "deadline": date_format(deadline, "SHORT_DATE_FORMAT"),
        }
        return PathResult(path, on, version, Result.NEGATIVE, reason=reason, **common)
    if Status.MISSING in statuses:
        return PathResult(path, on, version, Result.INCOMPLETE, **common)
    if positive_from:
        return PathResult(
            path, on, version, Result.POSITIVE_FROM, positive_from=positive_from, **common
        )
    return PathResult(path, on, version, Result.POSITIVE, **common)


def precheck(facts: Facts, on: datetime.date) -> list[PathResult]:
    """All paths for one client."""
    return [evaluate(facts, path, on) for path in PATHS.values()]


def list_horizon(on: datetime.date) -> datetime.date:
    return add_months(on, LIST_HORIZON_MONTHS)
