"""Demo data of target systems: the theme "Zugang zum Integrationskurs" from the steering group's
resolution to the monitoring, with a working group, the chain as-is and to-be, a decided target
system and indicators whose quarters are filled from the demo cases; loading twice changes
nothing."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kim.accounts import demo as accounts_demo
from kim.accounts.roles import Role
from kim.cases import demo as cases_demo
from kim.cases.models import Consent, Referral
from kim.directory import demo as directory_demo
from kim.governance import demo as governance_demo
from kim.governance.models import (
    Body,
    BodyKind,
    Meeting,
    MeetingState,
    Minutes,
    Resolution,
    ResolutionKind,
)
from kim.hurdles import demo as hurdles_demo
from kim.hurdles.models import GenerativeTheme, ThemeState
from kim.hurdles.personal_data import find_personal_data
from kim.targetsystems import chains, demo, services
from kim.targetsystems.measures import MEASURES, before_after, quarter_of, quarterly
from kim.targetsystems.models import (
    Agreement,
    CaseLink,
    CaseRule,
    ChainStep,
    ChainVariant,
    Indicator,
    ServiceChain,
    TargetSystem,
    TargetSystemState,
)

pytestmark = pytest.mark.django_db

MODELS = [
    GenerativeTheme,
    Body,
    Meeting,
    Resolution,
    TargetSystem,
    ServiceChain,
    ChainStep,
    Agreement,
    Indicator,
    CaseLink,
    Referral,
    Consent,
]


@pytest.fixture
def prerequisites():
    """The demos this one builds on, in the order of ``load_demo_data``."""
    directory_demo.load()
    accounts_demo.load()
    cases_demo.load()
    hurdles_demo.load()
    governance_demo.load()


@pytest.fixture
def loaded(prerequisites):
    return demo.load()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def target_system():
    return TargetSystem.objects.select_related("working_group", "resolution__meeting").get(
        title=demo.TARGET_SYSTEM
    )


def held_steering_meetings():
    return list(
        Meeting.objects.filter(
            body__kind=BodyKind.STEERING_GROUP, state=MeetingState.HELD
        ).order_by("starts_at")
    )


def test_command_says_what_it_created_and_loading_twice_changes_nothing():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    ts = target_system()
    # the reason is stored encrypted (kim/core/encryption.py): compared in Python
    added = sum(r.reason == demo.COURSE_REASON for r in Referral.objects.all())

    assert (
        f"1 Zielsystem mit Arbeitsgruppe und {ChainStep.objects.count()} Schritten der "
        f"Dienstleistungskette, {added} weitere Vermittlungen in Integrationskurse und "
        f"{ts.case_links.count()} verknüpfte Fälle angelegt." in out.getvalue()
    )
    before = counts()
    again = io.StringIO()
    call_command("load_demo_data", stdout=again)
    assert "Das Demo-Zielsystem war schon vorhanden und bleibt unverändert." in again.getvalue()
    assert demo.load() == demo.EMPTY
    assert counts() == before


def test_nothing_without_the_steering_group_of_the_governance_demo():
    directory_demo.load()
    accounts_demo.load()
    cases_demo.load()

    assert demo.load() == demo.EMPTY
    assert not GenerativeTheme.objects.filter(title=demo.THEME).exists()
    assert not TargetSystem.objects.exists()


def test_theme_went_the_whole_way_with_its_history_dated(loaded):
    theme = GenerativeTheme.objects.get(title=demo.THEME)
    changes = list(theme.state_changes.all())

    assert theme.cluster == "Sprache und Bildung"
    assert theme.state == ThemeState.MONITORING
    assert [c.to_state for c in changes] == [
        ThemeState.DEVELOPED,
        ThemeState.BEFORE_STEERING_GROUP,
        ThemeState.WORKING_GROUP,
        ThemeState.TARGET_SYSTEM_PROPOSED,
        ThemeState.DECIDED,
        ThemeState.MONITORING,
    ]
    moments = [c.at for c in changes]
    assert moments == sorted(moments)
    assert moments[-1] <= timezone.now()
    older, newer = held_steering_meetings()
    assert moments[0] < older.starts_at < moments[2] < moments[3] < newer.starts_at < moments[4]
    assert theme.reports.exists()
    assert all("Integrationskurs" in r.description for r in theme.reports.all())
    assert find_personal_data(f"{theme.title}\n{theme.summary}") == []


def test_working_group_set_up_by_a_resolution_in_the_older_meeting(loaded):
    older, _newer = held_steering_meetings()
    group = Body.objects.get(name=demo.WORKING_GROUP)
    resolution = group.set_up_by

    assert group.kind == BodyKind.WORKING_GROUP
    assert group.theme.title == demo.THEME
    assert resolution.meeting == older
    assert resolution.kind == ResolutionKind.SET_UP_WORKING_GROUP
    assert resolution.agenda_item.theme == group.theme
    # the next free number in the steering group's scheme
    year = timezone.localtime(older.starts_at).year
    assert re.fullmatch(rf"LG {year}/\d+", resolution.number)
    numbers = list(Resolution.objects.filter(meeting=older).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) >= 3
    assert resolution.number in Minutes.objects.get(meeting=older).text

    members = list(group.memberships.select_related("organisation", "user"))
    assert 5 <= len(members) <= 7
    leads = [m for m in members if m.is_lead]
    assert len(leads) == 1
    assert leads[0].user.username == demo.LEAD
    assert leads[0].user.has_role(Role.CASE_MANAGER)
    assert {m.user.username for m in members if m.user and not m.is_lead} == {demo.PARTNER}
    organisations = {m.organisation.name for m in members}
    assert {"Märkischer Kreis", "Jobcenter Märkischer Kreis", demo.VHS, demo.AWO} <= organisations
    assert all(m.starts_on == timezone.localtime(older.starts_at).date() for m in members)


def test_working_group_held_two_meetings_with_minutes(loaded):
    group = Body.objects.get(name=demo.WORKING_GROUP)
    meetings = list(group.meetings.order_by("starts_at"))

    assert len(meetings) == 2
    for meeting in meetings:
        assert meeting.state == MeetingState.HELD
        assert meeting.starts_at < timezone.now()
        assert meeting.attendance.count() == group.memberships.count()
        assert demo.WORKING_GROUP in Minutes.objects.get(meeting=meeting).text
    assert Minutes.objects.get(meeting=meetings[0]).approved_in == meetings[1]


def test_chain_as_is_and_to_be_across_institutions(loaded):
    chain = ServiceChain.objects.get(target_system=target_system())
    as_is = list(chain.steps.filter(variant=ChainVariant.AS_IS).order_by("position"))
    to_be = list(chain.steps.filter(variant=ChainVariant.TO_BE).order_by("position"))

    assert chain.title == demo.CHAIN
    for steps in (as_is, to_be):
        assert len(steps) >= 5
        assert len({s.organisation_id for s in steps}) >= 4
        assert [s.position for s in steps] == list(range(1, len(steps) + 1))
        for step in steps:
            assert step.office is None or step.office.organisation_id == step.organisation_id
    breaks = [s for s in as_is if s.is_break_point]
    assert len(breaks) == 2
    assert all(s.break_point_note for s in breaks)
    assert not any(s.is_break_point for s in to_be)
    statuses = [row.status for row in chains.compare(as_is, to_be)]
    assert statuses.count("removed") == 1
    assert statuses.count("added") == 1
    assert "changed" in statuses
    assert chains.total_days(to_be)[0] < chains.total_days(as_is)[0]


def test_target_system_decided_in_the_newer_meeting_and_in_force(loaded):
    _older, newer = held_steering_meetings()
    ts = target_system()

    assert ts.state == TargetSystemState.IN_FORCE
    assert ts.is_frozen
    assert ts.working_group.name == demo.WORKING_GROUP
    assert ts.resolution.meeting == newer
    assert ts.resolution.kind == ResolutionKind.ADOPT_TARGET_SYSTEM
    assert ts.in_force_from >= timezone.localtime(newer.starts_at).date()
    assert quarter_of(ts.in_force_from)[0] == ts.in_force_from
    assert ts.case_rule == CaseRule.REFERRAL_SERVICE_TYPE
    assert ts.rule_service_type.code == "IK"
    agreements = list(ts.agreements.all())
    assert 2 <= len(agreements) <= 3
    assert all(a.parties.count() >= 2 for a in agreements)
    measures = [i.measure for i in ts.indicators.all()]
    assert measures == ["days_to_course_start", "referrals_accepted_within"]
    for indicator in ts.indicators.all():
        services.check_indicator(indicator)


def test_cases_with_a_course_referral_are_linked(loaded):
    ts = target_system()

    linked = set(ts.case_links.values_list("case_id", flat=True))
    assert linked == set(services.cases_by_rule(ts).values_list("pk", flat=True))
    assert len(linked) >= 50


def test_each_indicator_has_quarters_before_and_after_the_date_in_force(loaded):
    ts = target_system()
    today = timezone.localdate()
    case_ids = list(ts.case_links.values_list("case_id", flat=True))
    # a quarter is filled from its fourth week on
    after_possible = today >= ts.in_force_from + datetime.timedelta(days=21)
    pooled = {}
    for indicator in ts.indicators.all():
        measure = MEASURES[indicator.measure]
        observations = measure.observe(indicator, case_ids)
        figures = quarterly(measure, observations, ts.in_force_from, until=today)
        shown = [f for f in figures if f.value is not None]
        assert len([f for f in shown if f.period == "before"]) >= 2, indicator.measure
        if after_possible:
            assert [f for f in shown if f.period == "after"], indicator.measure
        pooled[indicator.measure] = before_after(measure, observations, ts.in_force_from)
    if after_possible:
        days_before, days_after = pooled["days_to_course_start"]
        assert days_after.value < days_before.value / 2
        share_before, share_after = pooled["referrals_accepted_within"]
        assert share_after.value > share_before.value + 20


def test_added_referrals_fit_their_case_with_waiver_and_contact(loaded):
    today = timezone.localdate()
    added = [
        r
        for r in Referral.objects.select_related(
            "case__client", "office__organisation", "service__provider", "service__type"
        )
        if r.reason == demo.COURSE_REASON  # encrypted: compared in Python
    ]

    assert len(added) >= 30
    for referral in added:
        case = referral.case
        referral.full_clean()
        assert referral.service.type.code == "IK"
        assert referral.life_domain.code == "language"
        assert case.opened_on <= referral.proposed_on <= referral.sent_on
        last = min(case.closed_on or today, today)
        for day in (referral.answered_on, referral.closed_on):
            assert day is None or referral.sent_on <= day <= last
        assert Consent.objects.covering(
            case.client, referral.organisation, referral.proposed_on
        ).exists()
        assert case.contacts.filter(
            contact_on=referral.proposed_on, life_domains__code="language"
        ).exists()


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 11, 25),
        datetime.date(2026, 5, 25),
        datetime.date(2027, 1, 3),
        datetime.date(2027, 3, 31),
    ],
)
def test_timeline_keeps_its_order_whatever_the_day(today):
    older, newer, _upcoming = governance_demo.meeting_days(today)
    t = demo.timeline(older, newer)

    assert (
        t.developed
        < t.before_steering_group
        < t.set_up
        < t.first_meeting
        < t.second_meeting
        < t.proposed
        < t.decided
        < t.in_force_from
    )
    assert t.second_meeting < today
    assert quarter_of(t.in_force_from)[0] == t.in_force_from
    assert (t.in_force_from - t.decided).days <= 92
    first = demo.first_quarter(today)
    assert first == quarter_of(first)[0]
    assert 6 * 89 <= (quarter_of(today)[0] - first).days <= 6 * 93
