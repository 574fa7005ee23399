"""The indicator set of the state controlling report (Landescontrolling, concept § 3.5, issue #8).

The set is FIXED and lives in one list, ``INDICATORS``: each indicator has a stable code (the key
in every export), a German label, its definition (what is counted, on which date), the unit and
a compute function ``(scope) -> rows``. The rows are the breakdown of the indicator (one row per
Ausprägung, also those with 0) and, as the LAST row, the total of the group (code ``insgesamt``).
A row is a ``Cell`` with the number of persons behind it (distinct clients), so that
``anonymity.suppress`` can hide small cells; the report page, the XLSX, the CSV and the PDF all
take their figures from ``evaluate`` and therefore suppress alike.

Every figure starts from ``ReportScope`` (``scope.py``), like the dashboard, and is aggregated in
the database (``values``/``annotate``/``Count(distinct=True)``): one or two queries per
indicator, never one per row.

Dates: "in the period" means from the first to the last day of the period, both inclusive.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from anyascii import anyascii
from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kim.core.routers import reading_for_reports, reading_for_reports_now

from .aggregation import Counts, counts_by
from .anonymity import Cell, suppress
from .scope import AGE_GROUPS, AGE_UNKNOWN, age_group_q

TOTAL = "insgesamt"
TOTAL_LABEL = _("insgesamt")


@dataclass
class Row(Cell):
    """One row of an indicator: ``code`` is the stable key of the Ausprägung in the exports."""

    code: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    feature: str  # the Merkmal of the breakdown, e.g. "Zugangsweg"
    unit: str
    definition: str
    compute: Callable
    # hurdle reports and themes say nothing about persons: no suppression needed
    person_related: bool = True

    def evaluate(self, scope):
        """The indicator's table for ``scope``, small cells suppressed."""
        rows = self.compute(scope)
        table = Table(indicator=self, rows=rows[:-1], total=rows[-1])
        if self.person_related:
            suppress(table.rows, table.total)
        return table


@dataclass
class Table:
    indicator: Indicator
    rows: list
    total: Row

    @property
    def all_rows(self):
        return [*self.rows, self.total]


# --- helpers -------------------------------------------------------------------------------------


def _in_period(field, scope):
    return Q(**{f"{field}__gte": scope.start, f"{field}__lte": scope.end})


def _rows(queryset, key, categories, *, person=None, count_persons=False):
    """Rows of ``categories`` and, last, their total, from one pass over ``queryset`` grouped by
    ``key`` (a field path or an annotation; ``aggregation.counts_by``). A category is ``(key
    value, label)`` or ``(key value, label, export code)``; without an export code the key value
    is the code.

    ``person`` is the path of the person counted distinctly; without it the rows are not
    person-related and their persons are 0. The value of a row is the number of rows (cases,
    contacts, …) or, with ``count_persons``, of persons. A key found in the data but not among
    the categories (a value of an old choice list) gets its own row, so that the rows always add
    up.
    """
    groups, total = counts_by(queryset, key, person)

    def values(counts):
        return {
            "value": counts.persons if count_persons else counts.rows,
            "persons": counts.persons,
        }

    rows = []
    for key_value, label, *code in categories:
        counts = groups.pop(key_value, Counts())
        rows.append(_row(code[0] if code else key_value, label, values(counts)))
    for key_value, counts in groups.items():
        rows.append(_row(key_value, str(key_value), values(counts)))
    rows.append(_row(TOTAL, TOTAL_LABEL, values(total)))
    return rows


def _row(code, label, values):
    return Row(
        label=str(label),
        value=values.get("value") or 0,
        persons=values.get("persons") or 0,
        code="" if code is None else str(code),
    )


# --- the indicators ------------------------------------------------------------------------------


def persons_advised(scope):
    from kim.cases.models import Contact
    from kim.directory.models import Municipality

    contacts = scope.related(Contact).filter(_in_period("contact_on", scope))
    towns = Municipality.objects.order_by("name")
    if scope.municipality is not None:
        towns = towns.filter(pk=scope.municipality.pk)
    return _rows(
        contacts,
        "case__client__municipality",
        [(town.pk, town.name, town.ags) for town in towns],
        person="case__client",
        count_persons=True,
    )


def new_cases(scope):
    from kim.cases.models import AccessChannel

    return _rows(
        scope.cases().filter(_in_period("opened_on", scope)),
        "access_channel",
        AccessChannel.choices,
        person="client",
    )


def closed_cases(scope):
    from kim.cases.models import ClosureReason

    return _rows(
        scope.cases().filter(_in_period("closed_on", scope)),
        "closure_reason",
        [*ClosureReason.choices, ("", _("ohne Angabe"), "ohne_angabe")],
        person="client",
    )


def contacts(scope):
    from kim.cases.models import Contact, ContactChannel

    return _rows(
        scope.related(Contact).filter(_in_period("contact_on", scope)),
        "channel",
        ContactChannel.choices,
        person="case__client",
    )


NO_LEGAL_DOMAIN = _("ohne Rechtskreis")


def referrals(scope):
    from kim.cases.models import Referral
    from kim.directory.models import LegalDomain, Responsibility

    responsible = (
        Responsibility.objects.filter(
            office=OuterRef("office"),
            municipality=OuterRef("case__client__municipality"),
            legal_domain__isnull=False,
        )
        .order_by("legal_domain__ordering", "legal_domain__code")
        .values("legal_domain")[:1]
    )
    sent = (
        scope.related(Referral)
        .filter(_in_period("sent_on", scope))
        .annotate(
            domain=Coalesce(
                "service__legal_domain", Subquery(responsible), output_field=BigIntegerField()
            )
        )
    )
    domains = LegalDomain.objects.order_by("ordering", "code")
    return _rows(
        sent,
        "domain",
        [(domain.pk, domain.code, domain.code) for domain in domains]
        + [(None, NO_LEGAL_DOMAIN, "ohne_rechtskreis")],
        person="case__client",
    )


def _goal_rows(goals):
    from kim.cases.models import LifeDomain

    return _rows(
        goals,
        "life_domain",
        [(d.pk, d.display_name, d.code) for d in LifeDomain.objects.order_by("ordering", "name")],
        person="case__client",
    )


def goals_agreed(scope):
    from kim.cases.models import Goal

    return _goal_rows(scope.related(Goal).filter(_in_period("agreed_on", scope)))


def goals_achieved(scope):
    from kim.cases.models import Goal, GoalOutcome

    return _goal_rows(
        scope.related(Goal).filter(_in_period("outcome_on", scope), outcome=GoalOutcome.ACHIEVED),
    )


def persons_by_age(scope):
    groups = [(code, label) for code, label, _low, _high in AGE_GROUPS] + [AGE_UNKNOWN]
    # every person in exactly one group on the last day: one CASE, one grouped pass
    cases = scope.active_cases().annotate(
        age_group=Case(
            *[When(age_group_q(code, scope.end), then=Value(code)) for code, _label in groups[:-1]],
            default=Value(AGE_UNKNOWN[0]),
        )
    )
    return _rows(cases, "age_group", groups, person="client", count_persons=True)


def persons_by_gender(scope):
    from kim.cases.models import Gender

    return _rows(
        scope.active_cases(), "client__gender", Gender.choices, person="client", count_persons=True
    )


# EU member states without Germany (ISO 3166-1 alpha-2, as django-countries stores them)
EU_COUNTRIES = (
    "AT BE BG CY CZ DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
# (code in the exports, label, ISO code of the single country or None)
NATIONALITY_GROUPS = [
    ("deutschland", _("Deutschland"), "DE"),
    ("eu", _("EU-Staaten (ohne Deutschland)"), None),
    ("ukraine", _("Ukraine"), "UA"),
    ("syrien", _("Syrien"), "SY"),
    ("afghanistan", _("Afghanistan"), "AF"),
    ("tuerkei", _("Türkei"), "TR"),
    ("irak", _("Irak"), "IQ"),
    ("uebrige", _("übrige Staaten"), None),
    ("staatenlos_ungeklaert", _("staatenlos/ungeklärt"), None),
]


def nationality_group():
    """The nationality group of a case's client as a database expression (on a queryset of cases
    annotated with ``first_nationality``).

    django-countries keeps several nationalities as one text "IQ,SY", sorted by ISO code. A person
    with German citizenship counts as German (as in the official statistics); otherwise the first
    nationality decides; no nationality recorded counts as "staatenlos/ungeklärt".
    """
    field = "client__nationalities"
    singles = [(code, iso) for code, _label, iso in NATIONALITY_GROUPS if iso and iso != "DE"]
    return Case(
        # codes are two letters joined by commas, so "DE" can only match the code DE
        When(**{f"{field}__contains": "DE"}, then=Value("deutschland")),
        When(
            Q(**{field: ""}) | Q(**{f"{field}__isnull": True}), then=Value("staatenlos_ungeklaert")
        ),
        *[When(first_nationality=iso, then=Value(code)) for code, iso in singles],
        When(first_nationality__in=EU_COUNTRIES, then=Value("eu")),
        default=Value("uebrige"),
    )


def persons_by_nationality(scope):
    cases = (
        scope.active_cases()
        .annotate(first_nationality=Substr("client__nationalities", 1, 2))
        .annotate(group=nationality_group())
    )
    return _rows(
        cases,
        "group",
        [(code, label) for code, label, _iso in NATIONALITY_GROUPS],
        person="client",
        count_persons=True,
    )


NOT_RECORDED = _("nicht erfasst")


def persons_by_residence(scope):
    from kim.cases.models import ResidenceStatus

    return _rows(
        scope.active_cases(),
        "client__residence_status__group",
        [*ResidenceStatus._meta.get_field("group").choices, (None, NOT_RECORDED, "nicht_erfasst")],
        person="client",
        count_persons=True,
    )


NO_TOPIC = _("noch keinem Thema zugeordnet")


def _sort_key(name):
    """German alphabetical order (Ü with U), the same on every database."""
    return anyascii(name or "").casefold()


def hurdle_reports(scope):
    from kim.hurdles.models import HurdleReport, ReportState

    reports = HurdleReport.objects.filter(_in_period("reported_on", scope)).exclude(
        state=ReportState.REJECTED
    )
    if scope.municipality is not None:
        reports = reports.filter(municipality=scope.municipality)
    by_topic = {
        row["topic"]: row
        for row in reports.values("topic", "topic__name").annotate(value=Count("pk")).order_by()
    }
    rows = [
        Row(label=row["topic__name"], value=row["value"], persons=0, code=f"thema_{topic}")
        for topic, row in sorted(
            by_topic.items(), key=lambda item: _sort_key(item[1]["topic__name"])
        )
        if topic is not None
    ]
    rows.append(
        Row(
            label=str(NO_TOPIC),
            value=by_topic.get(None, {}).get("value", 0),
            persons=0,
            code="ohne_thema",
        )
    )
    rows.append(
        Row(label=str(TOTAL_LABEL), value=sum(r.value for r in rows), persons=0, code=TOTAL)
    )
    return rows


def themes(scope):
    from kim.hurdles.models import GenerativeTheme, ThemeState, ThemeStateChange

    state_then = (
        ThemeStateChange.objects.filter(theme=OuterRef("pk"), at__date__lte=scope.end)
        .order_by("-at", "-pk")
        .values("to_state")[:1]
    )
    existing = GenerativeTheme.objects.filter(created_at__date__lte=scope.end).annotate(
        state_then=Coalesce(Subquery(state_then), F("state"))
    )
    return _rows(existing, "state_then", ThemeState.choices)


# --- the set -------------------------------------------------------------------------------------

PERSONS_NOTE = _(
    "Personen sind verschiedene Klient:innen; wer mehrere Fälle hat, zählt einmal. Zellen mit 1 "
    "bis 4 Personen erscheinen als „<5“."
)
ACTIVE_CASE = _(
    "Gezählt werden Personen mit einem im Zeitraum aktiven Fall (begonnen spätestens am letzten "
    "Tag, nicht oder frühestens am ersten Tag abgeschlossen)."
)

INDICATORS = [
    Indicator(
        code="beratene_personen",
        label=_("Beratene Personen"),
        feature=_("Kommune (Wohnort)"),
        unit=_("Personen"),
        definition=_(
            "Personen mit mindestens einem Beratungskontakt im Zeitraum (Datum des Kontakts), "
            "nach der Kommune ihres Wohnorts."
        ),
        compute=persons_advised,
    ),
    Indicator(
        code="neue_faelle",
        label=_("Neue Fälle"),
        feature=_("Zugangsweg"),
        unit=_("Fälle"),
        definition=_(
            "Fälle, die im Zeitraum begonnen wurden (Fallbeginn), nach Zugangsweg. Eine Person "
            "mit zwei neuen Fällen zählt zweimal als Fall und einmal als Person."
        ),
        compute=new_cases,
    ),
    Indicator(
        code="abgeschlossene_faelle",
        label=_("Abgeschlossene Fälle"),
        feature=_("Abschlussgrund"),
        unit=_("Fälle"),
        definition=_(
            "Fälle, die im Zeitraum abgeschlossen wurden (Abschlussdatum), nach Abschlussgrund."
        ),
        compute=closed_cases,
    ),
    Indicator(
        code="kontakte",
        label=_("Beratungskontakte"),
        feature=_("Art des Kontakts"),
        unit=_("Kontakte"),
        definition=_("Beratungskontakte im Zeitraum (Datum des Kontakts), nach Art des Kontakts."),
        compute=contacts,
    ),
    Indicator(
        code="vermittlungen",
        label=_("Vermittlungen"),
        feature=_("Rechtskreis"),
        unit=_("Vermittlungen"),
        definition=_(
            "Vermittlungen, die im Zeitraum übermittelt wurden (Datum „übermittelt am“), gleich "
            "welchen Stands, nach Rechtskreis. Der Rechtskreis ist der des Angebots; hat das "
            "Angebot keinen (oder ging die Vermittlung nur an eine Dienststelle), der "
            "Rechtskreis, für den die Dienststelle in der Wohnortkommune der Person zuständig ist "
            "(bei mehreren der erste in der Reihenfolge der Rechtskreise, ohne Blick auf "
            "Altersbänder); sonst „ohne Rechtskreis“."
        ),
        compute=referrals,
    ),
    Indicator(
        code="ziele_vereinbart",
        label=_("Vereinbarte Ziele"),
        feature=_("Lebensbereich"),
        unit=_("Ziele"),
        definition=_(
            "Ziele des Hilfeplans, die im Zeitraum vereinbart wurden (vereinbart am), nach "
            "Lebensbereich."
        ),
        compute=goals_agreed,
    ),
    Indicator(
        code="ziele_erreicht",
        label=_("Erreichte Ziele"),
        feature=_("Lebensbereich"),
        unit=_("Ziele"),
        definition=_(
            "Ziele mit dem Ergebnis „erreicht“, festgestellt im Zeitraum (Ergebnis festgestellt "
            "am), nach Lebensbereich; „teilweise erreicht“ zählt nicht."
        ),
        compute=goals_achieved,
    ),
    Indicator(
        code="personen_alter",
        label=_("Personen nach Altersgruppe"),
        feature=_("Altersgruppe"),
        unit=_("Personen"),
        definition=_(
            "%(active)s Alter am letzten Tag des Zeitraums; ist nur das Geburtsjahr bekannt, "
            "gilt der 1. Juli als Geburtstag."
        ),
        compute=persons_by_age,
    ),
    Indicator(
        code="personen_geschlecht",
        label=_("Personen nach Geschlecht"),
        feature=_("Geschlecht"),
        unit=_("Personen"),
        definition=_("%(active)s Geschlecht nach den Stammdaten."),
        compute=persons_by_gender,
    ),
    Indicator(
        code="personen_staatsangehoerigkeit",
        label=_("Personen nach Staatsangehörigkeit"),
        feature=_("Staatsangehörigkeit (Gruppe)"),
        unit=_("Personen"),
        definition=_(
            "%(active)s Gruppen: Deutschland, EU-Staaten (die 26 übrigen Mitgliedstaaten), "
            "Ukraine, Syrien, Afghanistan, Türkei, Irak, übrige Staaten, staatenlos/ungeklärt "
            "(keine Staatsangehörigkeit erfasst). Wer die deutsche Staatsangehörigkeit hat, zählt "
            "zu Deutschland; sonst entscheidet die erste erfasste Staatsangehörigkeit (in der "
            "Reihenfolge der ISO-Ländercodes)."
        ),
        compute=persons_by_nationality,
    ),
    Indicator(
        code="personen_aufenthaltsstatus",
        label=_("Personen nach Aufenthaltsstatus"),
        feature=_("Aufenthaltsstatus (Gruppe)"),
        unit=_("Personen"),
        definition=_(
            "%(active)s Gruppe des heute erfassten Aufenthaltsstatus; ohne erfassten Status "
            "„nicht erfasst“."
        ),
        compute=persons_by_residence,
    ),
    Indicator(
        code="meldungen_huerden",
        label=_("Meldungen zu Integrationshürden"),
        feature=_("Thema"),
        unit=_("Meldungen"),
        definition=_(
            "Meldebögen, die im Zeitraum eingingen (Datum der Meldung), ohne abgelehnte, nach "
            "Thema. Von den Filtern wirkt nur die Kommune. Meldungen enthalten keine Angaben zu "
            "Personen; die Zahlen werden daher nicht unterdrückt."
        ),
        compute=hurdle_reports,
        person_related=False,
    ),
    Indicator(
        code="generative_themen",
        label=_("Generative Themen"),
        feature=_("Stand"),
        unit=pgettext_lazy("generatives Thema", "Themen"),
        definition=_(
            "Generative Themen, die am letzten Tag des Zeitraums erarbeitet waren, nach ihrem "
            "Stand an diesem Tag. Die Filter wirken hier nicht. Themen beziehen sich nicht auf "
            "Personen; die Zahlen werden daher nicht unterdrückt."
        ),
        compute=themes,
        person_related=False,
    ),
]

INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def definition_text(indicator):
    """The full definition of an indicator as printed in the report and the exports."""
    text = str(indicator.definition)
    if "%(active)s" in text:
        text = text % {"active": ACTIVE_CASE}
    if indicator.person_related:
        text = f"{text} {PERSONS_NOTE}"
    return text


def _evaluate_in_thread(indicator, scope, language, for_reports):
    """One indicator in a thread of its own, with its own database connection (closed at the
    end: a thread has no request cycle that would close it), the caller's language and, where
    the caller reads from the reports replica, the replica."""
    try:
        with translation.override(language):
            if for_reports:
                with reading_for_reports():
                    return indicator.evaluate(scope)
            return indicator.evaluate(scope)
    finally:
        connections.close_all()


def evaluate_all(scope, *, progress=None):
    """The tables of all indicators, in the order of ``INDICATORS``; ``progress(done, total)`` is
    called after each one.

    With ``KIM_REPORT_QUERY_THREADS`` above 1, that many indicators are computed at once, each
    on its own database connection, so that PostgreSQL works on several cores (issue #12; the
    figures are in the README, "Leistung"). The test suite computes one after the other (its
    data live in one transaction that other connections cannot see).
    """
    total = len(INDICATORS)
    threads = settings.KIM_REPORT_QUERY_THREADS
    if threads <= 1:
        tables = []
        for number, indicator in enumerate(INDICATORS, start=1):
            tables.append(indicator.evaluate(scope))
            if progress is not None:
                progress(number, total)
        return tables
    language = translation.get_language()
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kim-report") as pool:
        # the caller's choice of the read replica (core/routers.py) goes to each thread as a
        # flag, not as a copy of the caller's context: that would also hand the caller's
        # database connections (kept in context variables) to the threads
        for_reports = reading_for_reports_now()
        futures = [
            pool.submit(_evaluate_in_thread, indicator, scope, language, for_reports)
            for indicator in INDICATORS
        ]
        for number, _future in enumerate(as_completed(futures), start=1):
            if progress is not None:
                progress(number, total)
        return [future.result() for future in futures]
