"""The monitoring page of a target system: per indicator its definition, the pooled figures before
and after the date in force, and per quarter a chart and a table with the number of cases. The
figures are anonymous (no case numbers, no names; groups of fewer than five cases shown as "<5")
and shown to everyone who sees the target system, computed from all its linked cases."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import ServiceTypeFactory
from kim.targetsystems import services
from kim.targetsystems.models import CaseLink, LinkSource, TargetSystemState
from kim.targetsystems.tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    TargetSystemFactory,
)
from kim.targetsystems.tests.test_measures import course_case

pytestmark = pytest.mark.django_db

D = datetime.date
IN_FORCE = D(2025, 4, 1)


@pytest.fixture
def course():
    return ServiceTypeFactory(code="IK", name="Integrationskurs")


def in_force(course, **kwargs):
    ts = TargetSystemFactory(state=TargetSystemState.IN_FORCE, in_force_from=IN_FORCE, **kwargs)
    IndicatorFactory(target_system=ts, service_type=course, target_value=40)
    return ts


def started(ts, course, started_on, days_list):
    """Cases that started a course ``days`` after their first contact, linked to ``ts``."""
    cases = [
        course_case(
            course,
            opened_on=started_on - datetime.timedelta(days=days),
            started_on=started_on,
        )
        for days in days_list
    ]
    CaseLink.objects.bulk_create(
        CaseLink(target_system=ts, case=case, source=LinkSource.RULE) for case in cases
    )
    return cases


def monitored(course, **kwargs):
    """In force since 1 April 2025: five courses in Q1 (median 60 days), four in Q2 (a
    suppressed quarter), five in Q3 (median 20 days); pooled after: nine cases, median 12."""
    ts = in_force(course, **kwargs)
    cases = started(ts, course, D(2025, 2, 1), [40, 50, 60, 70, 80])
    cases += started(ts, course, D(2025, 5, 1), [12, 12, 12, 12])
    cases += started(ts, course, D(2025, 8, 1), [10, 15, 20, 25, 30])
    return ts, cases


def page_of(client, ts):
    return client.get(reverse("targetsystems:monitoring", args=[ts.pk]))


def member(ts, *, is_lead=False):
    user = UserFactory(role=Role.EXTERNAL_PARTNER)
    MembershipFactory(body=ts.working_group, user=user, is_lead=is_lead)
    return user


# --- the figures -------------------------------------------------------------------------------


def test_figures_before_and_after(as_user, course):
    ts, _cases = monitored(course)

    response = page_of(as_user("coordinator"), ts)

    assert response.status_code == 200
    panel = response.context["panels"][0]
    before, after = (p.figure for p in panel.pooled)
    assert (before.cases, before.value, after.cases, after.value) == (5, 60.0, 9, 12.0)
    quarters = {f.label: (f.period, f.cases, f.value) for f in panel.quarters}
    assert quarters["Q1/2025"] == ("before", 5, 60.0)
    assert quarters["Q2/2025"] == ("after", 4, None)
    assert quarters["Q3/2025"] == ("after", 5, 20.0)
    page = response.content.decode()
    assert "vor Inkrafttreten" in page and "seit Inkrafttreten (01.04.2025)" in page
    assert "<strong>60 Tage</strong>" in page and "<strong>12 Tage</strong>" in page
    assert "in Kraft seit 01.04.2025" in page
    assert "Zugeordnet dem Quartal des Kursbeginns" in page  # the definition of the measure


def test_table_of_quarters(as_user, course):
    ts, _cases = monitored(course)

    page = page_of(as_user("coordinator"), ts).content.decode()

    for header in ("Quartal", "Zeitraum", "Wert", "Zahl der Fälle"):
        assert f">{header}" in page
    assert "Q1/2025" in page and "Q3/2025" in page


def test_suppressed_quarter_shown_as_less_than_five(as_user, course):
    ts, _cases = monitored(course)

    response = page_of(as_user("coordinator"), ts)

    page = response.content.decode()
    slot = next(s for s in response.context["panels"][0].chart.slots if s.quarter == "Q2")
    assert (slot.kind, slot.value_text, slot.cases_text) == ("suppressed", "<5", "<5")
    assert '<abbr title="weniger als 5 Fälle">&lt;5</abbr>' in page
    assert "Gruppen mit weniger als 5 Fällen werden nicht ausgewiesen." in page
    assert "n&lt;5" in page  # under the empty slot in the chart


def test_a_pooled_group_below_five_is_suppressed(as_user, course):
    ts = in_force(course)
    started(ts, course, D(2025, 2, 1), [40, 50, 60, 70, 80])
    started(ts, course, D(2025, 8, 1), [10, 20, 30])

    response = page_of(as_user("coordinator"), ts)

    after = response.context["panels"][0].pooled[1].figure
    assert after.suppressed and after.value is None
    assert "weniger als 5 Fälle, nicht ausgewiesen" in response.content.decode()


def test_no_case_numbers_or_names_on_the_page(as_user, course):
    ts, cases = monitored(course)
    # names no page chrome can contain by chance (the header shows the user's own name)
    for n, case in enumerate(cases):
        case.client.last_name = f"Quxmeyer{n}"
        case.client.save()

    for role in ("coordinator", "steering_member"):
        page = page_of(as_user(role), ts).content.decode()
        for case in cases:
            assert case.number not in page
            assert case.client.last_name not in page
            assert reverse("cases:case_detail", args=[case.pk]) not in page


def test_chart_is_an_image_with_a_text_alternative(as_user, course):
    ts, _cases = monitored(course)

    page = page_of(as_user("coordinator"), ts).content.decode()

    assert 'role="img"' in page
    indicator = ts.indicators.get()
    assert f'aria-labelledby="chart-{indicator.pk}-title chart-{indicator.pk}-desc"' in page
    assert (
        "Vor dem Inkrafttreten am 01.04.2025: 60 Tage bei 5 Fällen. Seit dem Inkrafttreten: "
        "12 Tage bei 9 Fällen. Zielwert: 40 Tage." in page
    )
    assert "Ziel: 40 Tage" in page  # the dashed target line
    assert "vor Inkrafttreten (schraffiert)" in page  # not colour alone


def test_chart_coordinates_are_not_localised(as_user, course):
    """German pages write 42,5; SVG needs 42.5, or the chart falls apart."""
    ts, _cases = monitored(course)

    page = page_of(as_user("coordinator"), ts).content.decode()

    svg = page[page.index("<defs>") : page.index("</svg>")]
    values = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert values
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values), values


def test_quarters_run_until_today(as_user, course):
    ts, _cases = monitored(course)

    response = page_of(as_user("coordinator"), ts)

    last = response.context["panels"][0].quarters[-1]
    today = response.context["today"]
    assert last.start <= today <= last.end
    assert last.cases == 0


def test_a_draft_shows_everything_as_before(as_user, course):
    ts = TargetSystemFactory()
    IndicatorFactory(target_system=ts, service_type=course)
    started(ts, course, D(2025, 2, 1), [40, 50, 60, 70, 80])
    started(ts, course, D(2025, 8, 1), [10, 15, 20, 25, 30])

    response = page_of(as_user("coordinator"), ts)

    panel = response.context["panels"][0]
    assert {f.period for f in panel.quarters} == {"before"}
    assert [(p.label, p.figure.cases, p.figure.value) for p in panel.pooled] == [
        ("bis heute", 10, 35.0)
    ]
    page = response.content.decode()
    assert "Noch nicht in Kraft" in page
    assert "in Kraft seit" not in page
    assert panel.chart.marker is None


def test_in_force_in_the_future_counts_as_before_until_then(as_user, course):
    later = timezone.localdate() + datetime.timedelta(days=30)
    ts = TargetSystemFactory(state=TargetSystemState.IN_FORCE, in_force_from=later)
    IndicatorFactory(target_system=ts, service_type=course)
    started(ts, course, D(2025, 2, 1), [40, 50, 60, 70, 80])

    response = page_of(as_user("coordinator"), ts)

    assert {f.period for f in response.context["panels"][0].quarters} == {"before"}
    assert f"Tritt am {later:%d.%m.%Y} in Kraft" in response.content.decode()


def test_a_new_version_counts_its_own_copied_cases(as_user, course, coordinator):
    ts, cases = monitored(course)

    new = services.new_version(ts, by=coordinator)

    response = page_of(as_user("coordinator"), new)
    panel = response.context["panels"][0]
    assert new.case_links.count() == len(cases)
    assert sum(f.cases for f in panel.quarters) == len(cases)
    assert "Die vorherige Fassung 1 gilt seit 01.04.2025." in response.content.decode()


def test_no_indicators_and_no_observations(as_user, course):
    bare = TargetSystemFactory()
    empty = TargetSystemFactory()
    IndicatorFactory(target_system=empty, service_type=course)
    client = as_user("coordinator")

    assert "noch keine Indikatoren" in page_of(client, bare).content.decode()
    assert "Noch keine Beobachtungen" in page_of(client, empty).content.decode()


def test_every_measure_renders(as_user, course):
    from kim.cases.tests.factories import life_domain

    ts, _cases = monitored(course)
    IndicatorFactory(
        target_system=ts,
        name="Annahme binnen 30 Tagen",
        measure="referrals_accepted_within",
        service_type=None,
        within_days=30,
        target_value=80,
    )
    IndicatorFactory(
        target_system=ts,
        name="Ziele Sprache",
        measure="goals_achieved",
        service_type=None,
        life_domain=life_domain("language"),
    )

    response = page_of(as_user("coordinator"), ts)

    assert response.status_code == 200
    assert [p.indicator.name for p in response.context["panels"]] == [
        "Tage bis zum Kursbeginn",
        "Annahme binnen 30 Tagen",
        "Ziele Sprache",
    ]
    page = response.content.decode()
    assert "Ziel: 80\u00a0%" in page
    assert "Frist" in page and "30 Tage" in page


def test_queries_do_not_grow_with_the_number_of_cases(as_user, course):
    small = in_force(course)
    started(small, course, D(2025, 2, 1), [10] * 5)
    large = in_force(course)
    started(large, course, D(2025, 2, 1), [10] * 5)
    started(large, course, D(2025, 5, 1), [10] * 10)
    started(large, course, D(2025, 8, 1), [10] * 10)
    client = as_user("coordinator")
    page_of(client, small)  # warm up session and permission caches

    with CaptureQueriesContext(connection) as few:
        page_of(client, small)
    with CaptureQueriesContext(connection) as many:
        page_of(client, large)

    assert len(many) == len(few)


# --- who sees it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [TargetSystemState.DRAFT, TargetSystemState.IN_FORCE])
def test_coordination_and_the_working_group_see_it(client, as_user, course, state):
    ts = TargetSystemFactory(state=state)
    IndicatorFactory(target_system=ts, service_type=course)

    assert page_of(as_user("coordinator"), ts).status_code == 200
    for user in (member(ts, is_lead=True), member(ts)):
        client.force_login(user)
        assert page_of(client, ts).status_code == 200


def test_linked_cases_link_only_for_coordination(client, as_user, course):
    ts, _cases = monitored(course)
    address = reverse("targetsystems:case_links", args=[ts.pk])

    assert address in page_of(as_user("coordinator"), ts).content.decode()
    client.force_login(member(ts, is_lead=True))
    assert address not in page_of(client, ts).content.decode()


def test_steering_members_see_what_was_put_before_them(as_user):
    client = as_user("steering_member")

    for state in (
        TargetSystemState.PROPOSED,
        TargetSystemState.IN_FORCE,
        TargetSystemState.SUPERSEDED,
    ):
        assert page_of(client, TargetSystemFactory(state=state)).status_code == 200
    assert page_of(client, TargetSystemFactory()).status_code == 404


@pytest.mark.parametrize(
    "role", ["case_manager", "external_partner", "auditor", "administrator", "user_without_role"]
)
def test_others_do_not_see_it(as_user, course, role):
    ts, _cases = monitored(course)

    assert page_of(as_user(role), ts).status_code == 404


def test_former_members_do_not_see_it(client, course):
    ts, _cases = monitored(course)
    user = UserFactory(role=Role.CASE_MANAGER)
    MembershipFactory(
        body=ts.working_group, user=user, starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31)
    )
    client.force_login(user)

    assert page_of(client, ts).status_code == 404


def test_anonymous_is_sent_to_the_login(client, course):
    ts, _cases = monitored(course)

    response = page_of(client, ts)

    assert response.status_code == 302
    assert "/accounts/login/" in response.url
