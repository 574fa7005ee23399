"""Every figure of the dashboard is aggregated in the database: the number of queries does not
grow with the number of cases (5 cases and 50 cases need the same queries)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    Assessment,
    AssessmentEntry,
    GoalOutcome,
    LifeDomain,
    NeedLevel,
    PhaseTransition,
    ReferralState,
)
from kim.cases.tests.factories import (
    CaseFactory,
    ClientFactory,
    ContactFactory,
    GoalFactory,
    ReferralFactory,
)
from kim.directory.models import ServiceType
from kim.directory.tests.factories import MunicipalityFactory, OfficeFactory, ServiceFactory
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory
from kim.staffing.models import Assignment

URL = reverse("reports:dashboard")


@pytest.fixture
def world(case_manager):
    """What every case draws on: case managers with their FTE, towns, offices, a course."""
    today = timezone.localdate()
    # the named case manager of conftest.py works a third of the cases
    managers = [case_manager] + [
        UserFactory(username=f"q_cm{i}", role=Role.CASE_MANAGER) for i in range(2)
    ]
    towns = [MunicipalityFactory() for _ in range(3)]
    for manager, town in zip(managers, towns, strict=True):
        Assignment.objects.create(
            case_manager=manager,
            municipality=town,
            fte=Decimal("0.5"),
            valid_from=today.replace(month=1, day=1),
        )
    course = ServiceFactory(type=ServiceType.objects.create(code="IK", name="Integrationskurs"))
    return {
        "today": today,
        "managers": managers,
        "towns": towns,
        "offices": [OfficeFactory() for _ in range(3)],
        "course": course,
        "topics": [TopicFactory() for _ in range(2)],
        "domains": list(LifeDomain.objects.filter(code__in=["language", "work", "housing"])),
    }


def add_cases(world, count, start=0):
    today = world["today"]
    opened = today.replace(month=1, day=1)
    for i in range(start, start + count):
        manager = world["managers"][i % 3]
        town = world["towns"][i % 3]
        case = CaseFactory(
            client=ClientFactory(municipality=town),
            case_manager=manager,
            opened_on=opened,
            closed_on=today if i % 4 == 0 else None,
        )
        ContactFactory(case=case, contact_on=opened)
        PhaseTransition.objects.create(
            case=case, to_phase="assessment", by=manager, at=timezone.now()
        )
        assessment = Assessment.objects.create(case=case, assessed_on=opened, by=manager)
        for n, domain in enumerate(world["domains"]):
            AssessmentEntry.objects.create(
                assessment=assessment,
                life_domain=domain,
                need=[NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH][(i + n) % 3],
            )
        GoalFactory(
            case=case,
            life_domain=world["domains"][i % 3],
            agreed_on=opened,
            target_date=today,
            outcome=GoalOutcome.ACHIEVED if i % 2 else GoalOutcome.OPEN,
            outcome_on=today if i % 2 else None,
        )
        ReferralFactory(
            case=case,
            office=world["offices"][i % 3],
            state=ReferralState.ACCEPTED,
            sent_on=opened,
            answered_on=opened + datetime.timedelta(days=i % 7),
        )
        ReferralFactory(
            case=case,
            office=None,
            service=world["course"],
            state=ReferralState.COMPLETED,
            sent_on=opened,
            answered_on=opened + datetime.timedelta(days=10 + i % 5),
        )
        HurdleReportFactory(
            municipality=town, reporter=manager, topic=world["topics"][i % 2], reported_on=today
        )


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["dashboard"] is not None
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "case_manager", "steering_member"])
def test_the_number_of_queries_does_not_grow_with_the_cases(
    world, as_user, role, django_assert_max_num_queries
):
    client = as_user(role)
    add_cases(world, 5)
    queries_for(client)  # warm the per-process caches (content types, permissions)
    with_five = queries_for(client)
    add_cases(world, 45, start=5)
    with django_assert_max_num_queries(with_five):
        response = client.get(URL)
    assert response.status_code == 200
    board = response.context["dashboard"]
    if role == "case_manager":
        assert board.headline[1].value == 17  # cases 0, 3, …, 48
    else:
        assert board.headline[1].value == 50
        assert all(f.chart is not None for f in board.figures)
