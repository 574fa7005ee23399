"""Who is assigned to Baustein 3 work (``does_baustein3_work``) and who may open the list:
coordination and those people, nobody else (DOMAIN.md § 6, § 7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.residence.rules import does_baustein3_work
from kim.staffing.models import FundingModule, PositionType

from .factories import PositionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("residence:eligibility_list")


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        pytest.param({}, True, id="baustein-3-foreigners-authority"),
        pytest.param({"type": PositionType.NATURALISATION_AUTHORITY}, True, id="baustein-3-ebh"),
        pytest.param(
            {
                "funding_module": FundingModule.CASE_MANAGEMENT,
                "type": PositionType.FOREIGNERS_AUTHORITY,
            },
            True,
            id="case-management-at-the-authority",
        ),
        pytest.param(
            {
                "funding_module": FundingModule.CASE_MANAGEMENT,
                "type": PositionType.CASE_MANAGEMENT,
                "location": "Kreishaus (Ausländerbehörde)",
            },
            False,
            id="case-management-elsewhere",
        ),
        pytest.param(
            {"funded_until": TODAY - datetime.timedelta(days=1)}, False, id="funding-ended"
        ),
        pytest.param({"funded_until": TODAY}, True, id="funded-until-today"),
        pytest.param({"funded_from": TODAY + datetime.timedelta(days=1)}, False, id="not-yet"),
        pytest.param({"funded_from": TODAY}, True, id="from-today"),
    ],
)
def test_does_baustein3_work(case_manager, position, expected):
    PositionFactory(holder=case_manager, **position)
    assert does_baustein3_work(case_manager) is expected


def test_a_vacant_position_assigns_nobody(case_manager):
    PositionFactory(holder=None)
    assert not does_baustein3_work(case_manager)


def test_an_inactive_holder_is_not_assigned(case_manager):
    PositionFactory(holder=case_manager)
    case_manager.is_active = False
    assert not does_baustein3_work(case_manager)


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("coordinator", 200),
        ("case_manager", 403),
        ("administrator", 403),
        ("external_partner", 403),
        ("steering_member", 403),
        ("auditor", 403),
        ("user_without_role", 403),
    ],
)
def test_list_access_by_role(as_user, user, status):
    assert as_user(user).get(LIST).status_code == status


def test_a_case_manager_holding_a_baustein3_position_opens_the_list(as_user, case_manager):
    PositionFactory(holder=case_manager)
    response = as_user("case_manager").get(LIST)
    assert response.status_code == 200
    labels = [str(e["label"]) for e in response.context["main_navigation"]]
    assert "Bleiberecht/Einbürgerung" in labels


def test_a_baustein3_holder_without_case_role_sees_the_list_but_no_clients(client):
    user = UserFactory(username="abh", role=Role.STEERING_GROUP_MEMBER)
    PositionFactory(holder=user)
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_list_needs_a_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("login") in response.url
