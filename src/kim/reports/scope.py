"""What a report looks at: the period and the filters, in one place (issue #8).

``ReportScope`` is built from the filter form (``forms.ScopeForm``) and answers every report and
dashboard with the same base QuerySets, so the dashboard and the state controlling report cannot
count differently. Who may see which cases at all is decided by ``Case.objects.visible_to``; a
case manager's scope is restricted to their own cases (``restrict_to``).

Definitions used throughout:
- a case is *active in the period* if it was opened on or before the end and is not closed, or
  closed on or after the start;
- a person's *age* is counted on the last day of the period, from the date of birth or, when only
  the year is known, as on 1 July of that year;
- *persons* are distinct clients.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kim.core import dates

# age groups: (code, label, lowest age, highest age); None = open
AGE_GROUPS = [
    ("under_18", _("unter 18"), 0, 17),
    ("18_26", _("18 bis 26"), 18, 26),
    ("27_44", _("27 bis 44"), 27, 44),
    ("45_64", _("45 bis 64"), 45, 64),
    ("65_plus", _("65 und älter"), 65, None),
]
AGE_UNKNOWN = ("unknown", _("unbekannt"))


def birthday_before(day, age):
    """The latest date of birth of someone who is at least ``age`` on ``day``."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - age, day=28)


def latest_birth_year(day, age):
    """The latest year of birth of someone known only by year (taken as born on 1 July) who is at
    least ``age`` on ``day``."""
    latest = birthday_before(day, age)
    return latest.year if latest >= latest.replace(month=7, day=1) else latest.year - 1


def age_group_q(code, on, prefix="client__"):
    """A Q for clients of an age group on ``on`` (date of birth, else year of birth)."""
    if code == AGE_UNKNOWN[0]:
        return Q(**{f"{prefix}date_of_birth__isnull": True, f"{prefix}year_of_birth__isnull": True})
    _code, _label, low, high = next(g for g in AGE_GROUPS if g[0] == code)
    by_date = Q(**{f"{prefix}date_of_birth__lte": birthday_before(on, low)})
    by_year = Q(
        **{
            f"{prefix}date_of_birth__isnull": True,
            f"{prefix}year_of_birth__lte": latest_birth_year(on, low),
        }
    )
    if high is not None:
        by_date &= Q(**{f"{prefix}date_of_birth__gt": birthday_before(on, high + 1)})
        by_year &= Q(**{f"{prefix}year_of_birth__gt": latest_birth_year(on, high + 1)})
    return by_date | by_year


def age_group_of(client_dob, client_year, on):
    """The age group code of one person on ``on`` (for grouping rows in Python)."""
    if client_dob is None and client_year is None:
        return AGE_UNKNOWN[0]
    born = client_dob or datetime.date(client_year, 7, 1)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for code, _label, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_UNKNOWN[0]


@dataclass
class ReportScope:
    start: datetime.date
    end: datetime.date
    municipality: object = None
    case_manager: object = None
    access_channel: str = ""
    residence_group: str = ""
    age_group: str = ""
    gender: str = ""
    restrict_to: object = None  # a user: only that case manager's own cases
    extra: dict = field(default_factory=dict)

    def case_q(self, prefix=""):
        """The filters (not the period) as a Q on Case, or on a model with ``<prefix>case``."""
        p = prefix
        q = Q()
        if self.municipality is not None:
            q &= Q(**{f"{p}client__municipality": self.municipality})
        if self.case_manager is not None:
            q &= Q(**{f"{p}case_manager": self.case_manager})
        if self.restrict_to is not None:
            q &= Q(**{f"{p}case_manager": self.restrict_to})
        if self.access_channel:
            q &= Q(**{f"{p}access_channel": self.access_channel})
        if self.residence_group:
            q &= Q(**{f"{p}client__residence_status__group": self.residence_group})
        if self.gender:
            q &= Q(**{f"{p}client__gender": self.gender})
        if self.age_group:
            q &= age_group_q(self.age_group, self.end, prefix=f"{p}client__")
        return q

    def cases(self):
        """Cases in scope, whatever their dates."""
        from kim.cases.models import Case

        return Case.objects.filter(self.case_q())

    def active_cases(self):
        """Cases active in the period."""
        return self.cases().filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=self.start), opened_on__lte=self.end
        )

    def related(self, model):
        """Rows of a case-related model (Contact, Referral, Goal, …) of cases in scope."""
        return model.objects.filter(self.case_q(prefix="case__"))

    def period_text(self):
        """01.01.2025 – 30.06.2025 (English 01/01/2025 – 30/06/2025)."""
        return f"{dates.day(self.start)} – {dates.day(self.end)}"

    def describe(self):
        """The scope in words, for the head of a report."""
        parts = [self.period_text()]
        if self.municipality is not None:
            parts.append(str(self.municipality))
        if self.case_manager is not None:
            parts.append(self.case_manager.get_full_name() or self.case_manager.username)
        for value in (self.access_channel, self.residence_group, self.age_group, self.gender):
            if value:
                parts.append(str(self.extra.get(value, value)))
        return ", ".join(parts)
