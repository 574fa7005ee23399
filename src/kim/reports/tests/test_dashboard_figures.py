"""Each figure of the dashboard against the hand-built data set of ``fixtures.py`` (the one the
state report is tested on), with a few rows added for what only the dashboard shows: phase
changes, assessments, answered referrals, course starts and staffing. Exact numbers.

Additions (period 01.01.–30.06.2025):
- phases: K2 moved to assessment on 01.03. and to planning only on 15.07.; K6 to monitoring on
  30.06. at 23:30 (still the last day); the other open cases have no phase change recorded and
  count in their current phase (implementation).
- assessments: K1 on 10.01. (language high, housing medium) and again on 01.05. (language
  medium, work low: the later one counts); K2 on 01.02. (language high, health low) and on
  10.07. (after the end: ignored); K3 on 30.06. (language low, finances none); K5 (closed on the
  first day) on 01.06.2024 (housing high); K9 (closed before the period) on 01.06.2024.
- referrals: R1 accepted after 10 days, R2 accepted only on 05.07. (after the end), R3 completed
  after 20 days, R4 accepted after 4 days, R5 withdrawn, R6 (Integrationskurs, IK) accepted on
  12.02. after 10 days, R7 declined; new R11 (K1) to a Berufssprachkurs (BSK) of a language
  school, sent 01.03., completed 20.03.; new R12 (K2) to the Integrationskurs, sent 01.06.,
  accepted 02.07. (after the end).
- goals: new G8 (K8, work) achieved on 01.04.; new G9 (K2, education) agreed 01.03., achieved
  05.07. (after the end).
- staffing (assignments valid on 30.06.): fx_cm1 0.5 in Altstadt (since 2024) and 0.25 in
  Neudorf (01.01.–30.06.2025; an older 0.5 there ended 31.12.2024); fx_cm2 0.5 in Neudorf only
  from 01.07.; fx_cm3 1.0 in Altstadt, without cases.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    Assessment,
    AssessmentEntry,
    Goal,
    GoalOutcome,
    LifeDomain,
    NeedLevel,
    PhaseTransition,
    Referral,
    ReferralState,
)
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.models import ServiceType
from kim.directory.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ServiceFactory,
)
from kim.reports.dashboard import (
    ANONYMOUS,
    LANGUAGE_COURSE_TYPES,
    OWN,
    build_dashboard,
    medians,
    months_of,
)
from kim.reports.forms import ScopeForm
from kim.staffing.models import Assignment

from .fixtures import END, START, d, reference_data_fixture  # noqa: F401


@pytest.fixture
def data(reference_data):
    data = reference_data
    k = data.cases
    cm3 = UserFactory(
        username="fx_cm3", first_name="Fiete", last_name="Drei", role=Role.CASE_MANAGER
    )
    data.cm3 = cm3

    def moved(case, phase, day, hour=10, minute=0):
        at = timezone.make_aware(datetime.datetime.combine(d(day), datetime.time(hour, minute)))
        PhaseTransition.objects.create(case=case, to_phase=phase, by=data.cm1, at=at)

    moved(k["K2"], "assessment", "2025-03-01")
    moved(k["K2"], "planning", "2025-07-15")
    moved(k["K6"], "monitoring", "2025-06-30", 23, 30)

    domain = {x.code: x for x in LifeDomain.objects.all()}

    def assessed(case, day, **needs):
        assessment = Assessment.objects.create(case=case, assessed_on=d(day), by=data.cm1)
        for code, need in needs.items():
            AssessmentEntry.objects.create(
                assessment=assessment, life_domain=domain[code], need=need
            )

    assessed(k["K1"], "2025-01-10", language=NeedLevel.HIGH, housing=NeedLevel.MEDIUM)
    assessed(k["K1"], "2025-05-01", language=NeedLevel.MEDIUM, work=NeedLevel.LOW)
    assessed(k["K2"], "2025-02-01", language=NeedLevel.HIGH, health=NeedLevel.LOW)
    assessed(k["K2"], "2025-07-10", language=NeedLevel.LOW)
    assessed(k["K3"], "2025-06-30", language=NeedLevel.LOW, finances=NeedLevel.NONE)
    assessed(k["K5"], "2024-06-01", housing=NeedLevel.HIGH)
    assessed(k["K9"], "2024-06-01", language=NeedLevel.HIGH)

    ik = ServiceType.objects.create(code="IK", name="Integrationskurs")
    bsk = ServiceType.objects.create(code="BSK", name="Berufssprachkurs")
    r = data.referrals
    r["R6"].service.type = ik
    r["R6"].service.save()
    school = OrganisationFactory(name="Sprachschule Testkreis")
    course = ServiceFactory(provider=school, type=bsk, name="Berufssprachkurs B2")
    r["R11"] = Referral.objects.create(
        case=k["K1"], service=course, sent_on=d("2025-03-01"), created_by=data.cm1
    )
    r["R12"] = Referral.objects.create(
        case=k["K2"], service=r["R6"].service, sent_on=d("2025-06-01"), created_by=data.cm1
    )
    answers = {
        "R1": (ReferralState.ACCEPTED, "2025-01-11"),
        "R2": (ReferralState.ACCEPTED, "2025-07-05"),
        "R3": (ReferralState.COMPLETED, "2025-03-21"),
        "R4": (ReferralState.ACCEPTED, "2025-04-14"),
        "R5": (ReferralState.WITHDRAWN, None),
        "R6": (ReferralState.ACCEPTED, "2025-02-12"),
        "R7": (ReferralState.DECLINED, "2025-05-20"),
        "R11": (ReferralState.COMPLETED, "2025-03-20"),
        "R12": (ReferralState.ACCEPTED, "2025-07-02"),
    }
    for name, (state, answered) in answers.items():
        Referral.objects.filter(pk=r[name].pk).update(
            state=state, answered_on=d(answered) if answered else None
        )

    Goal.objects.create(
        case=k["K8"],
        life_domain=domain["work"],
        description="Arbeit aufnehmen",
        agreed_on=d("2025-02-01"),
        target_date=d("2025-12-31"),
        outcome=GoalOutcome.ACHIEVED,
        outcome_on=d("2025-04-01"),
    )
    Goal.objects.create(
        case=k["K2"],
        life_domain=domain["education"],
        description="Schulabschluss",
        agreed_on=d("2025-03-01"),
        target_date=d("2025-12-31"),
        outcome=GoalOutcome.ACHIEVED,
        outcome_on=d("2025-07-05"),
    )

    for who, town, fte, start, end in [
        (data.cm1, data.altstadt, "0.50", "2024-01-01", None),
        (data.cm1, data.neudorf, "0.25", "2025-01-01", "2025-06-30"),
        (data.cm1, data.neudorf, "0.50", "2024-01-01", "2024-12-31"),
        (data.cm2, data.neudorf, "0.50", "2025-07-01", None),
        (cm3, data.altstadt, "1.00", "2025-01-01", None),
    ]:
        Assignment.objects.create(
            case_manager=who,
            municipality=town,
            fte=Decimal(fte),
            valid_from=d(start),
            valid_until=d(end) if end else None,
        )
    return data


def dashboard(user, **filters):
    form = ScopeForm({"start": START.isoformat(), "end": END.isoformat(), **filters}, user=user)
    assert form.is_valid(), form.errors
    return build_dashboard(form.scope(), user=user)


def figure(board, key):
    return next(f for f in board.figures if f.key == key)


def column(board, key, name):
    """{row label: (value, persons)} of one column of a figure, rows with a value only."""
    fig = figure(board, key)
    return {
        row.label: (row.cells[name].value, row.cells[name].persons)
        for row in fig.rows
        if row.cells[name].value
    }


def shown(board, key, name):
    fig = figure(board, key)
    return {row.label: row.cells[name].shown for row in fig.rows}


@pytest.fixture
def coordination(data, coordinator):
    return dashboard(coordinator)


# --- helpers -----------------------------------------------------------------------------------


def test_the_last_twelve_months_of_a_period_are_clipped_to_it():
    assert months_of(d("2025-01-15"), d("2025-03-10")) == [
        (d("2025-01-15"), d("2025-01-31")),
        (d("2025-02-01"), d("2025-02-28")),
        (d("2025-03-01"), d("2025-03-10")),
    ]
    long = months_of(d("2023-05-01"), d("2025-06-30"))
    assert len(long) == 12
    assert long[0] == (d("2024-07-01"), d("2024-07-31"))
    assert long[-1] == (d("2025-06-01"), d("2025-06-30"))


def test_medians_are_found_in_the_database_for_odd_and_even_groups(data):
    from django.db.models import F

    days = medians(Referral.objects.exclude(answered_on=None), F("answered_on") - F("sent_on"))
    # R1 10, R2 (2025-06-30 → 07-05) 5, R3 20, R4 4, R6 10, R7 (05-05 → 05-20) 15, R11 19,
    # R12 (06-01 → 07-02) 31: eight values, the middle two are 10 and 15
    assert days == {0: 12.5}
    odd = medians(
        Referral.objects.filter(state=ReferralState.ACCEPTED),
        F("answered_on") - F("sent_on"),
    )
    # R1 10, R2 5, R4 4, R6 10, R12 31: the middle one is 10
    assert odd == {0: 10}


# --- the figures, as coordination sees them ------------------------------------------------------


def test_headline(coordination):
    assert [(c.label, c.value, c.persons) for c in coordination.headline] == [
        ("Personen mit Fall im Zeitraum", 8, 8),
        ("Fälle im Zeitraum", 9, 8),
        ("neue Fälle", 7, 6),
        ("abgeschlossene Fälle", 3, 3),
        ("offen am Ende des Zeitraums", 6, 6),
    ]


def test_open_and_new_cases_per_month(coordination):
    fig = figure(coordination, "cases_per_month")
    assert [row.label for row in fig.rows] == [
        "Januar 2025",
        "Februar 2025",
        "März 2025",
        "April 2025",
        "Mai 2025",
        "Juni 2025",
    ]
    # K7b is opened and closed in May: new in May, but not open at its end
    assert [row.cells["open"].value for row in fig.rows] == [3, 4, 5, 6, 6, 6]
    assert [row.cells["new"].value for row in fig.rows] == [2, 1, 1, 1, 1, 1]
    assert fig.chart_kind == "line"


def test_open_cases_per_municipality(coordination):
    assert column(coordination, "open_per_municipality", "open") == {
        "Altstadt": (4, 4),
        "Neudorf": (2, 2),
    }
    total = figure(coordination, "open_per_municipality").total.cells["open"]
    assert (total.value, total.persons) == (6, 6)


def test_open_cases_per_phase_on_the_last_day(coordination):
    assert column(coordination, "open_per_phase", "open") == {
        "Assessment": (1, 1),
        "Umsetzung und Vermittlung": (4, 4),
        "Monitoring": (1, 1),
    }


def test_access_channels_of_new_cases(coordination):
    # the same figures as the state report's "neue_faelle"
    assert column(coordination, "access_channels", "new") == {
        "Selbstmelder:in": (3, 2),
        "Erstberatung neu zugewanderter Familien (KI)": (1, 1),
        "Jobcenter": (3, 3),
    }
    total = figure(coordination, "access_channels").total.cells["new"]
    assert (total.value, total.persons) == (7, 6)


def test_caseload_per_case_manager_against_fte_valid_on_the_last_day(coordination):
    fig = figure(coordination, "caseload")
    rows = {
        row.label: (row.cells["open"].value, row.cells["fte"].value, row.cells["per_fte"].value)
        for row in fig.rows
    }
    assert rows == {
        "Frida Eins": (5, Decimal("0.75"), 6.7),
        "Fritz Zwei": (1, None, None),
        "Fiete Drei": (0, Decimal("1.00"), 0.0),
    }
    assert [row.texts for row in fig.rows if row.label == "Fritz Zwei"] == [["1", "–", "–"]]


def test_caseload_in_one_municipality_counts_the_fte_there(data, coordinator):
    board = dashboard(coordinator, municipality=data.altstadt.pk)
    rows = {
        row.label: (row.cells["open"].value, row.cells["fte"].value, row.cells["per_fte"].value)
        for row in figure(board, "caseload").rows
    }
    assert rows == {
        "Frida Eins": (4, Decimal("0.50"), 8.0),
        "Fiete Drei": (0, Decimal("1.00"), 0.0),
    }


def test_needs_from_the_latest_assessment_until_the_end(coordination):
    fig = figure(coordination, "needs")
    needs = {
        row.label: tuple(row.cells[level].value for level in ("low", "medium", "high", "all"))
        for row in fig.rows
        if row.cells["all"].value
    }
    assert needs == {
        "Sprache": (1, 1, 1, 3),
        "Ausbildung/Arbeit": (1, 0, 0, 1),
        "Wohnen": (0, 0, 1, 1),
        "Gesundheit": (1, 0, 0, 1),
    }
    assert fig.chart_kind == "stacked"


def test_goals_worked_on_per_life_domain(coordination):
    assert column(coordination, "goals", "goals") == {
        "Sprache": (5, 4),
        "Bildung/Schule": (1, 1),
        "Ausbildung/Arbeit": (2, 2),
        "Wohnen": (1, 1),
    }
    total = figure(coordination, "goals").total.cells["goals"]
    assert (total.value, total.persons) == (9, 6)


def test_goal_outcomes_in_the_period(coordination):
    assert column(coordination, "goal_outcomes", "goals") == {
        "erreicht": (3, 3),
        "teilweise erreicht": (1, 1),
    }
    total = figure(coordination, "goal_outcomes").total.cells["goals"]
    assert (total.value, total.persons) == (4, 4)


def test_referrals_per_institution(coordination):
    fig = figure(coordination, "referrals")
    rows = {
        row.label: tuple(
            row.cells[k].value for k in ("sent", "accepted", "declined", "other", "rate", "days")
        )
        for row in fig.rows
    }
    assert rows == {
        # R1 accepted, R7 declined, R2 answered only after the end
        "Jobcenter Testkreis": (3, 1, 1, 1, 50.0, 10),
        # R3 completed (20 days), R4 accepted (4 days), R5 withdrawn: median of 4 and 20
        "Kreisverwaltung Testkreis": (3, 2, 0, 1, 100.0, 12),
        # R6 accepted after 10 days; R12 accepted after the end
        "VHS Testkreis": (2, 1, 0, 1, 100.0, 10),
        "Sprachschule Testkreis": (1, 1, 0, 0, 100.0, 19),
    }
    assert [row.label for row in fig.rows][:2] == [
        "Jobcenter Testkreis",
        "Kreisverwaltung Testkreis",
    ]
    jobcenter = fig.rows[0]
    assert jobcenter.texts == ["1", "1", "1", "3", "50\u00a0%", "10"]


def test_labour_market(coordination):
    assert LANGUAGE_COURSE_TYPES == ("IK", "BSK")
    assert column(coordination, "labour_market", "n") == {
        "Kursbeginn: Berufssprachkurs": (1, 1),
        "Kursbeginn: Integrationskurs": (1, 1),
        "aufgenommen: Ausbildung/Arbeit": (1, 1),
    }
    median = figure(coordination, "labour_market").median
    # R6: first contact of K8 on 01.02., course start 12.02. (11 days); R11: first contact of K1
    # on 31.12.2024, course start 20.03. (79 days)
    assert (median.value, median.persons) == (45.0, 2)


def test_hurdle_reports_per_topic_and_municipality(coordination):
    # the same figures as the state report's "meldungen_huerden"
    assert column(coordination, "hurdles_per_topic", "reports") == {
        "Wartezeiten": (2, 2),
        "Anerkennung": (1, 1),
        "noch keinem Thema zugeordnet": (1, 1),
    }
    assert column(coordination, "hurdles_per_municipality", "reports") == {
        "Altstadt": (2, 2),
        "Neudorf": (2, 2),
    }


def test_filters_narrow_every_figure(data, coordinator):
    board = dashboard(coordinator, municipality=data.neudorf.pk)
    assert column(board, "open_per_municipality", "open") == {"Neudorf": (2, 2)}
    assert column(board, "hurdles_per_municipality", "reports") == {"Neudorf": (2, 2)}
    board = dashboard(coordinator, access_channel="jobcenter")
    assert board.headline[1].value == 3  # K2, K3, K8
    board = dashboard(coordinator, case_manager=data.cm2.pk)
    assert column(board, "open_per_municipality", "open") == {"Neudorf": (1, 1)}
    assert [row.label for row in figure(board, "caseload").rows] == ["Fritz Zwei"]
    # cm2 made no hurdle report
    assert column(board, "hurdles_per_topic", "reports") == {}


# --- case managers: their own cases --------------------------------------------------------------


def test_a_case_manager_sees_the_figures_of_their_own_cases(data):
    board = dashboard(data.cm2)
    assert board.mode == OWN
    assert board.headline[1].value == 2  # K7 and K7b
    assert column(board, "open_per_municipality", "open") == {"Neudorf": (1, 1)}
    fig = figure(board, "caseload")
    assert fig.title == "Meine Fallbelastung"
    assert [row.label for row in fig.rows] == ["Fritz Zwei"]
    assert column(board, "hurdles_per_topic", "reports") == {}
    board = dashboard(data.cm1)
    assert [row.label for row in figure(board, "caseload").rows] == ["Frida Eins"]
    assert sum(v for v, _p in column(board, "hurdles_per_topic", "reports").values()) == 4


def test_a_case_manager_cannot_widen_the_scope_with_a_filter(data):
    board = dashboard(data.cm2, case_manager=data.cm1.pk)
    assert board.headline[1].value == 2


# --- the steering group: anonymous ----------------------------------------------------------------


def test_the_steering_group_sees_every_small_cell_as_below_five(data, steering_member):
    board = dashboard(steering_member)
    assert board.mode == ANONYMOUS
    assert "caseload" not in [f.key for f in board.figures]
    assert [c.shown for c in board.headline] == [8, 9, 7, "<5", 6]
    assert shown(board, "open_per_municipality", "open") == {"Altstadt": "<5", "Neudorf": "<5"}
    assert figure(board, "open_per_municipality").total.cells["open"].shown == 6
    assert figure(board, "open_per_municipality").total.texts == ["6"]
    referrals = figure(board, "referrals")
    # every referral figure rests on fewer than 5 persons; a 0 is no person and is shown
    assert {text for row in referrals.rows for text in row.texts} == {"<5", "0"}
    assert figure(board, "labour_market").median.shown == "<5"
    # the monthly figures: each month on its own (no total), 6 open cases are shown
    assert [row.texts for row in figure(board, "cases_per_month").rows][-1] == ["6", "<5"]
    # hurdle reports hold no personal data: counted exactly, as in the state report
    assert shown(board, "hurdles_per_topic", "reports") == {
        "Wartezeiten": 2,
        "Anerkennung": 1,
        "noch keinem Thema zugeordnet": 1,
    }
    assert "nicht verdeckt" in figure(board, "hurdles_per_topic").definition


def test_one_small_cell_next_to_a_shown_total_hides_a_second_cell(db, steering_member):
    big, small = MunicipalityFactory(name="Großstadt"), MunicipalityFactory(name="Kleindorf")
    for town, count in ((big, 7), (small, 2)):
        for _ in range(count):
            CaseFactory(client=ClientFactory(municipality=town), opened_on=d("2025-02-01"))
    board = dashboard(steering_member)
    assert shown(board, "open_per_municipality", "open") == {"Großstadt": "<5", "Kleindorf": "<5"}
    assert figure(board, "open_per_municipality").total.cells["open"].shown == 9
    # the chart draws neither to scale and says so
    chart = figure(board, "open_per_municipality").chart
    assert all(bar.datum.suppressed for group in chart.groups for bar in group.bars)
    assert chart.legend[-1].style.label.startswith("<5")


def test_one_small_month_is_not_given_away_by_the_new_cases_of_the_overview(db, steering_member):
    town = MunicipalityFactory(name="Großstadt")
    for day, count in (("2025-01-10", 6), ("2025-02-10", 2), ("2025-03-10", 7)):
        for _ in range(count):
            CaseFactory(client=ClientFactory(municipality=town), opened_on=d(day))
    board = dashboard(steering_member)
    assert board.headline[2].shown == 15
    new = [row.cells["new"].shown for row in figure(board, "cases_per_month").rows]
    # 15 − 7 would give February away if January were shown
    assert new == ["<5", "<5", 7, 0, 0, 0]


def test_no_names_for_the_steering_group(data, steering_member):
    board = dashboard(steering_member)
    texts = (
        [board.scope.describe()]
        + [row.label for f in board.figures for row in f.rows]
        + [f.summary for f in board.figures]
    )
    for name in ("Frida", "Eins", "Fritz", "Zwei", "fx_cm"):
        assert not any(name in text for text in texts)


def test_every_chart_has_a_one_sentence_summary(coordination):
    summaries = {f.key: f.summary for f in coordination.figures}
    assert summaries["open_per_municipality"] == (
        "Offene Fälle je Kommune: am meisten bei Altstadt (4), zusammen 6."
    )
    assert summaries["cases_per_month"] == (
        "Offene und neue Fälle je Monat: im Juni 2025 6 offene und 1 neue Fälle; die meisten "
        "offenen Fälle im April 2025 (6)."
    )
    assert summaries["needs"].startswith("Bedarfe nach Lebensbereich: am meisten bei Sprache")
    for fig in coordination.figures:
        assert fig.chart is not None
        assert fig.chart.title == fig.summary
