"""The measures of the monitoring on case level, with exact numbers on small hand-built data: what
each measure observes in the cases, the quarters (gaps included, the quarter of the date in force
marked "transition"), the pooled figures before and after, and the suppression of groups of fewer
than five cases (exactly four: suppressed, exactly five: shown)."""

import datetime

import pytest
from django.utils import timezone

from kim.cases.models import GoalOutcome, ReferralState
from kim.cases.tests.factories import (
    CaseFactory,
    ContactFactory,
    GoalFactory,
    ReferralFactory,
    life_domain,
)
from kim.directory.tests.factories import (
    OfficeFactory,
    OrganisationFactory,
    ServiceFactory,
    ServiceTypeFactory,
)
from kim.targetsystems.measures import (
    MEASURES,
    MIN_CASES,
    Observation,
    before_after,
    quarter_of,
    quarterly,
)
from kim.targetsystems.models import Indicator

D = datetime.date
MEDIAN = MEASURES["days_to_course_start"]
SHARE = MEASURES["referrals_accepted_within"]
GOALS = MEASURES["goals_achieved"]


def observations(day, values, first_case=1):
    """One observation per case, all on ``day``."""
    return [Observation(first_case + i, day, v) for i, v in enumerate(values)]


# --- helpers to build cases (also used by the other test modules of the monitoring) -----------


def course_case(service_type, *, opened_on, started_on, state=ReferralState.ACCEPTED, **kwargs):
    """A case whose referral into a service of ``service_type`` was accepted on ``started_on``."""
    case = CaseFactory(opened_on=opened_on, **kwargs)
    service = ServiceFactory(type=service_type)
    ReferralFactory(
        case=case,
        office=None,
        service=service,
        state=state,
        sent_on=opened_on,
        answered_on=started_on,
    )
    return case


# --- quarters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2025, 1, 1), D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 3, 31), D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 4, 1), D(2025, 6, 30)),
        (D(2024, 8, 15), D(2024, 7, 1), D(2024, 9, 30)),
        (D(2025, 12, 31), D(2025, 10, 1), D(2025, 12, 31)),
    ],
)
def test_quarter_of(day, start, end):
    assert quarter_of(day) == (start, end)


def test_median_per_quarter_exact():
    data = observations(D(2025, 2, 10), [10, 50, 30, 20, 40]) + observations(
        D(2025, 5, 3), [60, 10, 20, 30, 40, 50], first_case=10
    )

    figures = quarterly(MEDIAN, data, None)

    assert [(f.label, f.cases, f.value) for f in figures] == [
        ("Q1/2025", 5, 30.0),
        ("Q2/2025", 6, 35.0),
    ]
    assert figures[0].start == D(2025, 1, 1) and figures[0].end == D(2025, 3, 31)


def test_share_per_quarter_exact_in_percent_with_one_decimal():
    data = observations(D(2025, 1, 5), [1, 1, 1, 0, 0]) + observations(
        D(2025, 4, 5), [1, 1, 1, 0, 0, 0, 0], first_case=10
    )

    figures = quarterly(SHARE, data, None)

    assert [f.value for f in figures] == [60.0, 42.9]


def test_quarters_without_observations_are_kept_as_gaps():
    data = observations(D(2025, 1, 5), [1] * 5) + observations(
        D(2025, 7, 5), [0] * 5, first_case=10
    )

    figures = quarterly(SHARE, data, None)

    assert [(f.label, f.cases, f.value, f.suppressed) for f in figures] == [
        ("Q1/2025", 5, 100.0, False),
        ("Q2/2025", 0, None, False),
        ("Q3/2025", 5, 0.0, False),
    ]


def test_quarters_run_until_the_given_day():
    data = observations(D(2025, 1, 5), [1] * 5)

    figures = quarterly(SHARE, data, None, until=D(2025, 11, 2))

    assert [f.label for f in figures] == ["Q1/2025", "Q2/2025", "Q3/2025", "Q4/2025"]


def test_observations_after_the_last_quarter_are_left_out():
    data = observations(D(2025, 1, 5), [1] * 5) + observations(
        D(2025, 7, 5), [0] * 5, first_case=10
    )

    figures = quarterly(SHARE, data, None, until=D(2025, 4, 1))

    assert [f.label for f in figures] == ["Q1/2025", "Q2/2025"]


def test_no_observations_no_quarters():
    assert quarterly(MEDIAN, [], D(2025, 4, 1)) == []


# --- suppression ---------------------------------------------------------------------------------


def test_exactly_four_cases_are_suppressed():
    figure = quarterly(MEDIAN, observations(D(2025, 2, 1), [10, 20, 30, 40]), None)[0]

    assert MIN_CASES == 5
    assert figure.cases == 4
    assert figure.suppressed is True
    assert figure.value is None


def test_exactly_five_cases_are_shown():
    figure = quarterly(MEDIAN, observations(D(2025, 2, 1), [10, 20, 30, 40, 50]), None)[0]

    assert figure.cases == 5
    assert figure.suppressed is False
    assert figure.value == 30.0


def test_suppression_counts_cases_not_observations():
    """Six referrals of four persons are still a group of four."""
    data = [Observation(case, D(2025, 2, 1), 1.0) for case in (1, 1, 2, 2, 3, 4)]

    figure = quarterly(SHARE, data, None)[0]

    assert (figure.cases, figure.observations, figure.suppressed, figure.value) == (
        4,
        6,
        True,
        None,
    )


def test_a_quarter_without_cases_is_empty_not_suppressed():
    data = observations(D(2025, 1, 5), [1] * 5) + observations(
        D(2025, 7, 5), [1] * 5, first_case=10
    )

    gap = quarterly(SHARE, data, None)[1]

    assert (gap.cases, gap.suppressed, gap.value) == (0, False, None)


# --- before and after ---------------------------------------------------------------------------


def test_the_quarter_of_the_date_in_force_is_the_transition():
    data = [
        *observations(D(2025, 2, 1), [10] * 5),
        *observations(D(2025, 5, 1), [20] * 5, first_case=10),
        *observations(D(2025, 8, 1), [30] * 5, first_case=20),
    ]

    figures = quarterly(MEDIAN, data, D(2025, 5, 15))

    assert [(f.label, f.period) for f in figures] == [
        ("Q1/2025", "before"),
        ("Q2/2025", "transition"),
        ("Q3/2025", "after"),
    ]


def test_in_force_on_the_first_day_of_a_quarter_has_no_transition():
    data = observations(D(2025, 2, 1), [10] * 5) + observations(
        D(2025, 5, 1), [20] * 5, first_case=10
    )

    figures = quarterly(MEDIAN, data, D(2025, 4, 1))

    assert [f.period for f in figures] == ["before", "after"]


def test_not_in_force_everything_is_before():
    data = observations(D(2025, 2, 1), [10] * 5) + observations(
        D(2025, 5, 1), [20] * 5, first_case=10
    )

    assert {f.period for f in quarterly(MEDIAN, data, None)} == {"before"}
    assert before_after(MEDIAN, data, None) is None


def test_before_after_pools_by_the_day_in_force():
    data = [
        *observations(D(2025, 1, 10), [40, 50, 60]),
        *observations(D(2025, 5, 14), [70, 80], first_case=4),  # the day before: still before
        *observations(D(2025, 5, 15), [10, 20, 30], first_case=10),  # the day itself: after
        *observations(D(2025, 9, 1), [25, 35, 45], first_case=13),
    ]

    before, after = before_after(MEDIAN, data, D(2025, 5, 15))

    assert (before.period, before.cases, before.value) == ("before", 5, 60.0)
    assert (before.start, before.end) == (D(2025, 1, 10), D(2025, 5, 14))
    assert (after.period, after.cases, after.value) == ("after", 6, 27.5)
    assert (after.start, after.end) == (D(2025, 5, 15), D(2025, 9, 1))


def test_before_after_suppresses_small_groups():
    data = observations(D(2025, 1, 10), [1, 1, 0, 0, 1]) + observations(
        D(2025, 6, 1), [1, 1, 1, 1], first_case=10
    )

    before, after = before_after(SHARE, data, D(2025, 5, 1))

    assert (before.cases, before.value, before.suppressed) == (5, 60.0, False)
    assert (after.cases, after.value, after.suppressed) == (4, None, True)


# --- what each measure observes in the cases --------------------------------------------------

pytest_db = pytest.mark.django_db


@pytest_db
def test_days_to_course_start_from_the_first_contact_to_the_first_accepted_referral():
    course = ServiceTypeFactory(code="IK", name="Integrationskurs")
    other = ServiceTypeFactory()
    plain = course_case(course, opened_on=D(2025, 1, 10), started_on=D(2025, 3, 1))
    # a counselling contact before the case was opened is the first contact
    early = course_case(course, opened_on=D(2025, 2, 1), started_on=D(2025, 3, 11))
    ContactFactory(case=early, contact_on=D(2025, 1, 20))
    # a later contact does not move the first contact
    ContactFactory(case=plain, contact_on=D(2025, 2, 1))
    # of two accepted referrals the first answer counts; "completed" counts as accepted
    two = course_case(
        course, opened_on=D(2025, 3, 1), started_on=D(2025, 4, 10), state=ReferralState.COMPLETED
    )
    ReferralFactory(
        case=two,
        office=None,
        service=ServiceFactory(type=course),
        state=ReferralState.ACCEPTED,
        sent_on=D(2025, 3, 1),
        answered_on=D(2025, 5, 1),
    )
    declined = course_case(
        course, opened_on=D(2025, 1, 1), started_on=D(2025, 2, 1), state=ReferralState.DECLINED
    )
    elsewhere = course_case(other, opened_on=D(2025, 1, 1), started_on=D(2025, 2, 1))
    unanswered = course_case(course, opened_on=D(2025, 1, 1), started_on=None)
    not_linked = course_case(course, opened_on=D(2025, 1, 1), started_on=D(2025, 1, 31))
    indicator = Indicator(measure=MEDIAN.code, service_type=course)
    case_ids = [c.pk for c in (plain, early, two, declined, elsewhere, unanswered)]

    found = sorted(MEDIAN.observe(indicator, case_ids), key=lambda o: o.case_id)

    assert not_linked.pk not in case_ids
    assert [(o.case_id, o.day, o.value) for o in found] == [
        (plain.pk, D(2025, 3, 1), 50),
        (early.pk, D(2025, 3, 11), 50),
        (two.pk, D(2025, 4, 10), 40),
    ]


@pytest_db
def test_referrals_accepted_within_the_deadline():
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    course = ServiceTypeFactory()
    case = CaseFactory(opened_on=long_ago)
    service = ServiceFactory(type=course)

    def referral(state, sent_ago, answered_after=None):
        sent_on = today - datetime.timedelta(days=sent_ago) if sent_ago is not None else None
        answered_on = (
            sent_on + datetime.timedelta(days=answered_after)
            if answered_after is not None
            else None
        )
        return ReferralFactory(
            case=case,
            office=None,
            service=service,
            state=state,
            sent_on=sent_on,
            answered_on=answered_on,
        )

    in_time = referral(ReferralState.ACCEPTED, 150, 30)  # on the last day: accepted in time
    referral(ReferralState.COMPLETED, 140, 10)  # completed counts as accepted
    late = referral(ReferralState.ACCEPTED, 130, 31)  # one day late
    referral(ReferralState.DECLINED, 120, 5)
    overdue = referral(ReferralState.SENT, 45)  # no answer after the deadline: not accepted
    referral(ReferralState.SENT, 10)  # still open within the deadline: not counted
    referral(ReferralState.PROPOSED, None)  # never sent: not counted
    referral(ReferralState.WITHDRAWN, 100)  # withdrawn without answer: not accepted
    indicator = Indicator(measure=SHARE.code, within_days=30)

    found = SHARE.observe(indicator, [case.pk])

    assert sorted(o.value for o in found) == [0.0, 0.0, 0.0, 0.0, 1.0, 1.0]
    days = {o.day: o.value for o in found}
    assert days[in_time.sent_on] == 1.0
    assert days[late.sent_on] == 0.0
    assert days[overdue.sent_on] == 0.0


@pytest_db
def test_referrals_accepted_within_only_to_the_chosen_institution_or_service_type():
    day = timezone.localdate() - datetime.timedelta(days=100)
    jobcentre = OrganisationFactory(name="Jobcenter Märkischer Kreis")
    case = CaseFactory(opened_on=day)
    course = ServiceTypeFactory()
    to_office = ReferralFactory(
        case=case,
        office=OfficeFactory(organisation=jobcentre),
        state=ReferralState.ACCEPTED,
        sent_on=day,
        answered_on=day,
    )
    to_service = ReferralFactory(
        case=case,
        office=None,
        service=ServiceFactory(provider=jobcentre, type=course),
        state=ReferralState.DECLINED,
        sent_on=day,
        answered_on=day,
    )
    ReferralFactory(case=case, state=ReferralState.ACCEPTED, sent_on=day, answered_on=day)

    by_organisation = Indicator(measure=SHARE.code, within_days=30, organisation=jobcentre)
    by_type = Indicator(measure=SHARE.code, within_days=30, service_type=course)

    assert sorted(o.value for o in SHARE.observe(by_organisation, [case.pk])) == [0.0, 1.0]
    assert [o.value for o in SHARE.observe(by_type, [case.pk])] == [0.0]
    assert to_office.sent_on == to_service.sent_on == day


@pytest_db
def test_goals_achieved_in_the_life_domain():
    language = life_domain("language")
    housing = life_domain("housing")
    case = CaseFactory()
    day = D(2025, 3, 3)
    for outcome in (GoalOutcome.ACHIEVED, GoalOutcome.ACHIEVED, GoalOutcome.PARTLY):
        GoalFactory(case=case, life_domain=language, outcome=outcome, outcome_on=day)
    GoalFactory(case=case, life_domain=language, outcome=GoalOutcome.NOT_ACHIEVED, outcome_on=day)
    GoalFactory(case=case, life_domain=language, outcome=GoalOutcome.DROPPED, outcome_on=day)
    GoalFactory(case=case, life_domain=language)  # open: no result yet
    GoalFactory(case=case, life_domain=housing, outcome=GoalOutcome.ACHIEVED, outcome_on=day)
    indicator = Indicator(measure=GOALS.code, life_domain=language)

    found = GOALS.observe(indicator, [case.pk])

    assert sorted(o.value for o in found) == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert {o.day for o in found} == {day}


@pytest_db
def test_from_cases_to_quarters_with_exact_medians():
    """Five courses started before the date in force (medians 60 days), five after (20 days)."""
    course = ServiceTypeFactory()
    cases = []
    for days in (40, 50, 60, 70, 80):
        cases.append(
            course_case(
                course,
                opened_on=D(2025, 2, 1) - datetime.timedelta(days=days),
                started_on=D(2025, 2, 1),
            )
        )
    for days in (10, 15, 20, 25, 30):
        cases.append(
            course_case(
                course,
                opened_on=D(2025, 8, 1) - datetime.timedelta(days=days),
                started_on=D(2025, 8, 1),
            )
        )
    # four more in the quarter of the date in force: a suppressed transition quarter
    for days in (5, 5, 5, 5):
        cases.append(
            course_case(
                course,
                opened_on=D(2025, 5, 20) - datetime.timedelta(days=days),
                started_on=D(2025, 5, 20),
            )
        )
    indicator = Indicator(measure=MEDIAN.code, service_type=course)
    found = MEDIAN.observe(indicator, [c.pk for c in cases])

    figures = quarterly(MEDIAN, found, D(2025, 5, 1))
    before, after = before_after(MEDIAN, found, D(2025, 5, 1))

    assert [(f.label, f.period, f.cases, f.value) for f in figures] == [
        ("Q1/2025", "before", 5, 60.0),
        ("Q2/2025", "transition", 4, None),
        ("Q3/2025", "after", 5, 20.0),
    ]
    assert figures[1].suppressed
    assert (before.cases, before.value) == (5, 60.0)
    assert (after.cases, after.value) == (9, 10.0)
