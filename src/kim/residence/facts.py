"""The facts of a client that the pre-check reads, as plain values.

The checks (``checks.py``) are pure functions of these facts and a day, so that the rules can be
tested without a database and a list can evaluate many clients from one query.
``facts_of(client)`` reads them from the client record of kim.cases (prefetch the related
entries for lists: ``queries.PRECHECK_PREFETCH``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Period:
    """A residence period: status code of ``cases.ResidenceStatus`` and its legal basis."""

    status: str
    started_on: datetime.date
    ended_on: datetime.date | None = None
    legal_basis: str = ""
    status_label: str = ""

    def covers(self, day):
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    @property
    def label(self):
        name = self.status_label or self.status
        return f"{name} ({self.legal_basis})" if self.legal_basis else name


@dataclass(frozen=True)
class Certificate:
    level: str
    issued_on: datetime.date
    language: str = "de"  # ISO 639 code
    skills: str = "all"  # "all" or "oral"


@dataclass(frozen=True)
class Education:
    kind: str  # cases.EducationKind
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    obtained_on: datetime.date | None = None


@dataclass(frozen=True)
class Facts:
    date_of_birth: datetime.date | None = None
    year_of_birth: int | None = None
    periods: tuple[Period, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    education: tuple[Education, ...] = ()
    identity_clarified: str = UNKNOWN
    commitment_declared: str = UNKNOWN
    relevant_convictions: str = UNKNOWN
    lives_with_minor_child: str = UNKNOWN
    children_school_attendance: str = UNKNOWN
    employment: str = UNKNOWN
    employment_since: datetime.date | None = None
    livelihood: str = UNKNOWN
    integration_course_completed_on: datetime.date | None = None
    orientation_test_passed_on: datetime.date | None = None
    naturalisation_test_passed_on: datetime.date | None = None


CLIENT_FIELDS = (
    "date_of_birth",
    "year_of_birth",
    "identity_clarified",
    "commitment_declared",
    "relevant_convictions",
    "lives_with_minor_child",
    "children_school_attendance",
    "employment",
    "employment_since",
    "livelihood",
    "integration_course_completed_on",
    "orientation_test_passed_on",
    "naturalisation_test_passed_on",
)

# the entries of the client record, by the name a check reports when they are missing
ENTRY_LABELS = {
    "residence_periods": _("Aufenthaltszeiten"),
    "language_certificates": _("Sprachnachweise"),
    "education_records": _("Schule und Ausbildung"),
}


def field_label(name):
    """The German label of a client field or record entry that would settle a criterion."""
    from kim.cases.models import Client

    if name in ENTRY_LABELS:
        return ENTRY_LABELS[name]
    return Client._meta.get_field(name).verbose_name


def facts_of(client) -> Facts:
    """The facts of a ``cases.Client`` (uses prefetched entries when there are any)."""
    periods = tuple(
        Period(
            status=p.status.code,
            status_label=p.status.display_name,
            legal_basis=p.legal_basis,
            started_on=p.started_on,
            ended_on=p.ended_on,
        )
        for p in client.residence_periods.all()
    )
    certificates = tuple(
        Certificate(language=c.language.code, level=c.level, skills=c.skills, issued_on=c.issued_on)
        for c in client.language_certificates.all()
    )
    education = tuple(
        Education(
            kind=e.kind, started_on=e.started_on, ended_on=e.ended_on, obtained_on=e.obtained_on
        )
        for e in client.education_records.all()
    )
    values = {name: getattr(client, name) for name in CLIENT_FIELDS}
    return Facts(periods=periods, certificates=certificates, education=education, **values)
