"""A small hand-built data set with known answers, shared by the tests of the reports (issue #8).

The report period is ``START``–``END`` (1 January to 30 June 2025, both inclusive). Two
municipalities, Altstadt (A) and Neudorf (N); two case managers, ``fx_cm1`` (all cases but
K7/K7b) and ``fx_cm2`` (K7, K7b). Every person is fictitious. Dates on the edges of the period
are on purpose: the first day (01.01.), the last day (30.06.), the day before the start
(31.12.2024) and the day after the end (01.07.2025).

Clients and cases
-----------------
=====  ====  ========  ===========  ==============  ===========  ============================
who    mun.  gender    born         nationalities   residence    cases (opened – closed)
=====  ====  ========  ===========  ==============  ===========  ============================
C1     A     female    1990-05-17   SY              Duldung      K1 2024-10-01 – open, self
C2     A     female    2007-06-30   UA              AE (temp.)   K2 2025-01-01 – open, jobcenter
C3     N     female    year 1960    AT, DE          deutsch      K3 2025-06-30 – open, jobcenter
C4     N     female    2010-01-01   AF              Gestattung   K4 2025-02-01 – 2025-06-30
                                                                 (goals_achieved), ki_first_advice
C5     A     female    unknown      (none)          (none)       K5 2024-05-01 – 2025-01-01
                                                                 (moved_away), self
C6     A     male      1955-03-01   PL              EU           K6 2025-03-15 – open, self
C7     N     male      1995-01-01   IQ, SY          NE (perm.)   K7 2025-04-01 – open, self;
                                                                 K7b 2025-05-01 – 2025-05-31
                                                                 (no_need), self
C8     A     male      2000-12-31   US              sonstiger    K8 2025-01-15 – open, jobcenter
C9     A     female    1990-05-17   SY              Duldung      K9 2024-01-10 – 2024-12-31
                                                                 (goals_achieved), self
C10    N     male      1990-05-17   SY              Duldung      K10 2025-07-01 – open, mbe
=====  ====  ========  ===========  ==============  ===========  ============================

Active in the period (C1–C8, 8 persons): K9 closed the day before the start, K10 opened the day
after the end. Age on 30.06.2025: C2 turns 18 on that very day; C3 (only the year known, taken
as born on 1 July 1960) is still 64.

Expected figures (value / persons behind; "<5" = suppressed, see ``anonymity``)
--------------------------------------------------------------------------------
- ``beratene_personen`` (contacts in the period, by Kommune): Altstadt 4 (C1, C2, C6, C8) <5,
  Neudorf 2 (C3, C7) <5, insgesamt 6.
- ``neue_faelle`` (opened in the period): K2, K3, K4, K6, K7, K7b, K8 = 7 cases of 6 persons;
  jobcenter 3/3 <5, self 3/2 (K6, K7, K7b) <5, ki_first_advice 1/1 <5, other channels 0;
  insgesamt 7 (6 persons).
- ``abgeschlossene_faelle`` (closed in the period): K5 01.01. moved_away, K7b no_need, K4 30.06.
  goals_achieved – each 1 <5; insgesamt 3 <5 (K9, closed 31.12.2024, does not count).
- ``kontakte`` (in the period, by channel): in_person 6 contacts of 5 persons (C1 01.01., C2
  twice incl. 30.06., C3, C6, C7) – shown: two cells are suppressed, so no secondary
  suppression; phone 2/2 (C1, C8) <5; home_visit 1/1 (C7) <5; video 0; insgesamt 9 contacts
  of 6 persons. Not counted: C1 on 31.12.2024, C8 on 01.07.2025, C9 on 30.12.2024.
- ``vermittlungen`` (sent in the period, by legal domain): SGB II 3/3 (R1 by its service, R2 and
  R7 by the responsibility of the Jobcenter office in A and N) <5; SGB VIII 1/1 (R4: the office
  of the Kreisverwaltung is responsible for SGB VIII and AufenthG in A; the first by ordering
  wins) <5; AufenthG 1/1 (R5: the service's legal domain wins over the office's) <5; ohne
  Rechtskreis 2/2 (R3: no responsibility of that office in N; R6: service without legal domain,
  office with a service responsibility only) <5; insgesamt 7 referrals of 5 persons. Not
  counted: R8 sent 31.12.2024, R9 never sent, R10 sent 01.07.2025.
- ``ziele_vereinbart`` (agreed in the period, by life domain): language 5 goals of 4 persons
  (G1, G3, G5, G6, G7) <5; work 1 <5; insgesamt 6 goals of 5 persons (G4 agreed 31.12.2024).
- ``ziele_erreicht`` (achieved in the period by outcome_on): language 1 (G1 30.06.) <5, housing 1
  (G4 01.01.) <5; insgesamt 2 <5 (G3 achieved 01.07., G5 only partly).
- ``personen_alter`` (persons with an active case, age on 30.06.2025): under_18 1 (C4),
  18_26 2 (C2, C8), 27_44 2 (C1, C7), 45_64 1 (C3), 65_plus 1 (C6), unknown 1 (C5), all <5;
  insgesamt 8.
- ``personen_geschlecht``: female 5, male 3 <5, diverse 0, not_stated 0, insgesamt 8: exactly
  one cell is suppressed and the total is shown, so "female" is suppressed too (secondary
  suppression: 8 − 3 would reveal it).
- ``personen_staatsangehoerigkeit``: deutschland 1 (C3: German citizenship first), eu 1 (C6),
  ukraine 1, syrien 1 (C1), afghanistan 1, tuerkei 0, irak 1 (C7: IQ before SY), uebrige 1 (C8),
  staatenlos_ungeklaert 1 (C5); insgesamt 8.
- ``personen_aufenthaltsstatus``: asylum 2 (C1, C4), temporary 1, permanent 1, eu 1, german 1,
  other 1, nicht_erfasst 1 (C5); insgesamt 8.
- ``meldungen_huerden`` (received in the period, not rejected, by topic; not suppressed):
  Wartezeiten 2 (01.01. and 30.06.), Anerkennung 1, ohne Thema 1; insgesamt 4 (H4 rejected,
  H5 31.12.2024, H6 01.07.2025 do not count).
- ``generative_themen`` (existing at the end, state on 30.06.2025; not suppressed): developed 1
  (TH2), before_steering_group 1 (TH1, which moved on to working_group only in August);
  insgesamt 2 (TH3 created in August does not count).

With the filter Kommune = Altstadt, ``personen_geschlecht`` is female 3 (C1, C2, C5), male 2
(C6, C8), insgesamt 5.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    AccessChannel,
    Case,
    CasePhase,
    Client,
    ClosureReason,
    Contact,
    ContactChannel,
    Gender,
    Goal,
    GoalOutcome,
    LifeDomain,
    Referral,
    ReferralState,
    ResidenceStatus,
)
from kim.core.tests.reference_data import ensure_reference_lists
from kim.directory.models import LegalDomain, Responsibility
from kim.directory.tests.factories import (
    MunicipalityFactory,
    OfficeFactory,
    OrganisationFactory,
    ServiceFactory,
)
from kim.hurdles.models import (
    GenerativeTheme,
    HurdleReport,
    ReportSource,
    ReportState,
    ThemeState,
    ThemeStateChange,
    Topic,
)

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 6, 30)
BEFORE = datetime.date(2024, 12, 31)
AFTER = datetime.date(2025, 7, 1)


def d(text):
    return datetime.date.fromisoformat(text)


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def build():
    """Create the data set of the module docstring; returns its objects by name."""
    data = SimpleNamespace()
    cm1 = UserFactory(
        username="fx_cm1", first_name="Frida", last_name="Eins", role=Role.CASE_MANAGER
    )
    cm2 = UserFactory(
        username="fx_cm2", first_name="Fritz", last_name="Zwei", role=Role.CASE_MANAGER
    )
    coordinator = UserFactory(username="fx_coord", role=Role.COORDINATION)
    data.cm1, data.cm2 = cm1, cm2
    data.altstadt = MunicipalityFactory(name="Altstadt")
    data.neudorf = MunicipalityFactory(name="Neudorf")
    ensure_reference_lists()  # a transactional test before may have emptied them
    status = {s.code: s for s in ResidenceStatus.objects.all()}
    towns = {"A": data.altstadt, "N": data.neudorf}

    def client(name, town, gender, born, nationalities, residence):
        dob, year = (None, None)
        if isinstance(born, int):
            year = born
        elif born:
            dob = d(born)
        return Client.objects.create(
            first_name=name,
            last_name="Test",
            date_of_birth=dob,
            year_of_birth=year,
            gender=gender,
            nationalities=nationalities,
            municipality=towns[town],
            residence_status=status[residence] if residence else None,
            created_by=cm1,
        )

    def case(number, who, opened, channel, closed=None, reason="", by=cm1):
        return Case.objects.create(
            number=number,
            client=who,
            case_manager=by,
            access_channel=channel,
            opened_on=d(opened),
            closed_on=d(closed) if closed else None,
            closure_reason=reason,
            phase=CasePhase.CLOSED if closed else CasePhase.IMPLEMENTATION,
        )

    F, M = Gender.FEMALE, Gender.MALE
    c = {
        1: client("C1", "A", F, "1990-05-17", ["SY"], "duldung"),
        2: client("C2", "A", F, "2007-06-30", ["UA"], "aufenthaltserlaubnis"),
        3: client("C3", "N", F, 1960, ["AT", "DE"], "deutsch"),
        4: client("C4", "N", F, "2010-01-01", ["AF"], "gestattung"),
        5: client("C5", "A", F, None, [], None),
        6: client("C6", "A", M, "1955-03-01", ["PL"], "eu-freizuegigkeit"),
        7: client("C7", "N", M, "1995-01-01", ["SY", "IQ"], "niederlassungserlaubnis"),
        8: client("C8", "A", M, "2000-12-31", ["US"], "sonstiger"),
        9: client("C9", "A", F, "1990-05-17", ["SY"], "duldung"),
        10: client("C10", "N", M, "1990-05-17", ["SY"], "duldung"),
    }
    data.clients = c
    ch = AccessChannel
    k = {
        "K1": case("FX-1", c[1], "2024-10-01", ch.SELF),
        "K2": case("FX-2", c[2], "2025-01-01", ch.JOBCENTER),
        "K3": case("FX-3", c[3], "2025-06-30", ch.JOBCENTER),
        "K4": case("FX-4", c[4], "2025-02-01", ch.KI_FIRST_ADVICE, "2025-06-30", "goals_achieved"),
        "K5": case("FX-5", c[5], "2024-05-01", ch.SELF, "2025-01-01", ClosureReason.MOVED_AWAY),
        "K6": case("FX-6", c[6], "2025-03-15", ch.SELF),
        "K7": case("FX-7", c[7], "2025-04-01", ch.SELF, by=cm2),
        "K7b": case("FX-7b", c[7], "2025-05-01", ch.SELF, "2025-05-31", "no_need", by=cm2),
        "K8": case("FX-8", c[8], "2025-01-15", ch.JOBCENTER),
        "K9": case("FX-9", c[9], "2024-01-10", ch.SELF, "2024-12-31", "goals_achieved"),
        "K10": case("FX-10", c[10], "2025-07-01", ch.MBE),
    }
    data.cases = k

    contacts = [
        ("K1", "2025-01-01", ContactChannel.IN_PERSON),
        ("K1", "2025-03-03", ContactChannel.PHONE),
        ("K1", "2024-12-31", ContactChannel.IN_PERSON),
        ("K2", "2025-06-30", ContactChannel.IN_PERSON),
        ("K2", "2025-02-10", ContactChannel.IN_PERSON),
        ("K3", "2025-06-30", ContactChannel.IN_PERSON),
        ("K6", "2025-04-01", ContactChannel.IN_PERSON),
        ("K7", "2025-04-02", ContactChannel.IN_PERSON),
        ("K7b", "2025-05-10", ContactChannel.HOME_VISIT),
        ("K8", "2025-02-01", ContactChannel.PHONE),
        ("K8", "2025-07-01", ContactChannel.IN_PERSON),
        ("K9", "2024-12-30", ContactChannel.IN_PERSON),
    ]
    for key, day, channel in contacts:
        Contact.objects.create(
            case=k[key], contact_on=d(day), duration_minutes=30, channel=channel, by=cm1
        )

    # the directory behind the referrals
    sgb2 = LegalDomain.objects.create(code="SGB II", name="Grundsicherung", ordering=10)
    sgb8 = LegalDomain.objects.create(code="SGB VIII", name="Kinder- und Jugendhilfe", ordering=20)
    aufenthg = LegalDomain.objects.create(code="AufenthG", name="Aufenthaltsrecht", ordering=30)
    data.legal_domains = [sgb2, sgb8, aufenthg]
    jobcenter = OrganisationFactory(name="Jobcenter Testkreis")
    district = OrganisationFactory(name="Kreisverwaltung Testkreis")
    vhs = OrganisationFactory(name="VHS Testkreis")
    office_jc = OfficeFactory(organisation=jobcenter, municipality=data.altstadt)
    office_kv = OfficeFactory(organisation=district, municipality=data.altstadt)
    office_vhs = OfficeFactory(organisation=vhs, municipality=data.neudorf)
    service_sgb2 = ServiceFactory(provider=jobcenter, name="Beratung SGB II", legal_domain=sgb2)
    service_abh = ServiceFactory(
        provider=district, name="Aufenthaltssicherung", legal_domain=aufenthg
    )
    service_course = ServiceFactory(provider=vhs, name="Integrationskurs", legal_domain=None)
    for town, domain, office in [
        (data.altstadt, sgb2, office_jc),
        (data.neudorf, sgb2, office_jc),
        (data.altstadt, aufenthg, office_kv),
        (data.altstadt, sgb8, office_kv),
    ]:
        Responsibility.objects.create(municipality=town, legal_domain=domain, office=office)
    Responsibility.objects.create(
        municipality=data.altstadt, service=service_course, office=office_vhs
    )

    referrals = [
        ("R1", "K1", None, service_sgb2, "2025-01-01"),
        ("R2", "K2", office_jc, None, "2025-06-30"),
        ("R3", "K3", office_kv, None, "2025-03-01"),
        ("R4", "K6", office_kv, None, "2025-04-10"),
        ("R5", "K6", office_kv, service_abh, "2025-04-11"),
        ("R6", "K8", office_vhs, service_course, "2025-02-02"),
        ("R7", "K3", office_jc, None, "2025-05-05"),
        ("R8", "K8", office_jc, None, "2024-12-31"),
        ("R9", "K7", office_jc, None, None),
        ("R10", "K1", office_jc, None, "2025-07-01"),
    ]
    data.referrals = {}
    for name, key, office, service, sent in referrals:
        data.referrals[name] = Referral.objects.create(
            case=k[key],
            office=office,
            service=service,
            state=ReferralState.SENT if sent else ReferralState.PROPOSED,
            proposed_on=d(sent) if sent else START,
            sent_on=d(sent) if sent else None,
            created_by=cm1,
        )

    domain = {x.code: x for x in LifeDomain.objects.all()}
    goals = [
        ("K1", "language", "2025-01-01", GoalOutcome.ACHIEVED, "2025-06-30"),
        ("K2", "work", "2025-06-30", GoalOutcome.OPEN, None),
        ("K3", "language", "2025-03-01", GoalOutcome.ACHIEVED, "2025-07-01"),
        ("K6", "housing", "2024-12-31", GoalOutcome.ACHIEVED, "2025-01-01"),
        ("K7", "language", "2025-04-05", GoalOutcome.PARTLY, "2025-05-01"),
        ("K8", "language", "2025-02-01", GoalOutcome.OPEN, None),
        ("K1", "language", "2025-02-01", GoalOutcome.OPEN, None),
    ]
    for key, code, agreed, outcome, outcome_on in goals:
        Goal.objects.create(
            case=k[key],
            life_domain=domain[code],
            description=f"Ziel {code}",
            agreed_on=d(agreed),
            target_date=d("2025-12-31"),
            outcome=outcome,
            outcome_on=d(outcome_on) if outcome_on else None,
        )

    waiting = Topic.objects.create(name="Wartezeiten", created_by=coordinator)
    recognition = Topic.objects.create(name="Anerkennung", created_by=coordinator)
    data.topics = [waiting, recognition]
    hurdles = [
        ("2025-01-01", waiting, ReportState.ASSIGNED, "A"),
        ("2025-06-30", waiting, ReportState.ASSIGNED, "N"),
        ("2025-03-01", None, ReportState.RECEIVED, "A"),
        ("2025-03-02", None, ReportState.REJECTED, "A"),
        ("2024-12-31", recognition, ReportState.ASSIGNED, "A"),
        ("2025-07-01", recognition, ReportState.ASSIGNED, "A"),
        ("2025-04-01", recognition, ReportState.ASSIGNED, "N"),
    ]
    for day, topic, state, town in hurdles:
        HurdleReport.objects.create(
            reported_on=d(day),
            municipality=towns[town],
            description="Lange Wartezeiten.",
            source=ReportSource.CASE_MANAGEMENT,
            reporter=cm1,
            state=state,
            topic=topic,
        )

    themes = [
        (
            "TH1",
            "2024-11-01",
            [
                ("2024-11-01", ThemeState.DEVELOPED),
                ("2025-03-01", ThemeState.BEFORE_STEERING_GROUP),
                ("2025-08-01", ThemeState.WORKING_GROUP),
            ],
        ),
        ("TH2", "2025-02-01", [("2025-02-01", ThemeState.DEVELOPED)]),
        ("TH3", "2025-08-01", [("2025-08-01", ThemeState.DEVELOPED)]),
    ]
    for title, created, changes in themes:
        theme = GenerativeTheme.objects.create(
            title=title,
            cluster="Test",
            summary="Ohne Personenbezug.",
            state=changes[-1][1],
            created_by=coordinator,
        )
        GenerativeTheme.objects.filter(pk=theme.pk).update(created_at=_aware(d(created)))
        previous = ""
        for day, state in changes:
            ThemeStateChange.objects.create(
                theme=theme, from_state=previous, to_state=state, by=coordinator, at=_aware(d(day))
            )
            previous = state
    return data


@pytest.fixture(name="reference_data")
def reference_data_fixture(db):
    """The hand-built data set of this module as the fixture ``reference_data``; a test module
    imports it with ``from .fixtures import reference_data_fixture  # noqa: F401``."""
    return build()
