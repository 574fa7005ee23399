"""Assignments (Einsatzgebiete): per municipality assigned FTE vs the key in force with gaps and
over-assignment flagged; a case manager's shares never exceed their position."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.models import Municipality
from kim.staffing import services
from kim.staffing.models import Assignment, Position, PositionType

from .test_indicator_import import make_figures

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("staffing:assignment_overview")
CREATE = reverse("staffing:assignment_create")
TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=30)
ONE = {"immigration": Decimal(1), "asylum_applications": Decimal(1), "without_eu_citizenship": 1}


def cm_position(user, fte):
    return Position.objects.create(
        funding_module=2,
        type=PositionType.CASE_MANAGEMENT,
        title=f"Case Management {user}",
        fte=Decimal(fte),
        funded_from=START - datetime.timedelta(days=365),
        holder=user,
    )


def assign(user, name, fte, valid_from=START, valid_until=None):
    return Assignment.objects.create(
        case_manager=user,
        municipality=Municipality.objects.get(name=name),
        fte=Decimal(fte),
        valid_from=valid_from,
        valid_until=valid_until,
    )


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", first_name="Bob", last_name="Yilmaz", role=Role.CASE_MANAGER)


@pytest.fixture
def key(demo_directory, coordinator):
    make_figures(2024)
    key = services.save_key(
        name="Schlüssel 2024",
        year=2024,
        weights=ONE,
        fte_total=Decimal("14.00"),
        step=Decimal("0.05"),
        by=coordinator,
    )
    return services.put_key_in_force(key, by=coordinator)


def key_fte(key, name):
    return key.lines.get(municipality__name=name).fte


@pytest.fixture
def staffed(key, case_manager, bob):
    cm_position(case_manager, "1.0")
    cm_position(bob, "0.5")
    assign(case_manager, "Herscheid", key_fte(key, "Herscheid"))  # exactly the key
    assign(case_manager, "Lüdenscheid", "0.5")  # fewer than the key: gap
    assign(bob, "Balve", key_fte(key, "Balve") + Decimal("0.05"))  # more than the key
    assign(bob, "Altena", "0.1", valid_until=TODAY - datetime.timedelta(days=1))  # ended
    assign(bob, "Hemer", "0.1", valid_from=TODAY + datetime.timedelta(days=10))  # future
    return key


# --- the overview of coordination --------------------------------------------------------------


def test_municipalities_key_vs_assigned_with_flags(staffed, as_user):
    response = as_user("coordinator").get(OVERVIEW)
    assert response.status_code == 200
    rows = {row.municipality.name: row for row in response.context["municipality_rows"]}
    assert len(rows) == 15
    herscheid, luedenscheid, balve = rows["Herscheid"], rows["Lüdenscheid"], rows["Balve"]
    assert (herscheid.difference, herscheid.gap, herscheid.over) == (Decimal("0"), False, False)
    assert luedenscheid.assigned == Decimal("0.5")
    assert luedenscheid.difference == Decimal("0.5") - key_fte(staffed, "Lüdenscheid")
    assert (luedenscheid.gap, luedenscheid.over) == (True, False)
    assert (balve.gap, balve.over, balve.difference) == (False, True, Decimal("0.05"))
    # ended and future assignments are not counted
    assert rows["Altena"].assigned == 0 and rows["Altena"].gap
    assert rows["Hemer"].assigned == 0
    totals = response.context["municipality_totals"]
    assert totals["key_fte"] == Decimal("14.00")
    content = response.content.decode()
    assert '<span class="kern-label">Überbesetzung</span>' in content
    assert content.count('<span class="kern-label">Lücke</span>') == 13
    assert content.count('<span class="kern-label">passt</span>') == 1
    assert "Schlüssel 2024" in content
    assert "künftig" in content and "beendet" in content


def test_case_managers_assigned_vs_position(staffed, as_user, case_manager, bob):
    response = as_user("coordinator").get(OVERVIEW)
    rows = {row.user: row for row in response.context["case_manager_rows"]}
    anna = rows[case_manager]
    assert anna.position_fte == Decimal("1.0")
    assert anna.assigned == Decimal("0.5") + key_fte(staffed, "Herscheid")
    assert anna.available == anna.position_fte - anna.assigned
    assert rows[bob].assigned == key_fte(staffed, "Balve") + Decimal("0.05")
    assert rows[bob].position_fte == Decimal("0.5")


def test_position_fte_counts_case_management_positions_funded_today(staffed, as_user, bob):
    ended = cm_position(bob, "0.3")
    Position.objects.filter(pk=ended.pk).update(funded_until=TODAY - datetime.timedelta(days=1))
    later = cm_position(bob, "0.2")
    Position.objects.filter(pk=later.pk).update(funded_from=TODAY + datetime.timedelta(days=1))
    other = cm_position(bob, "0.4")
    Position.objects.filter(pk=other.pk).update(type=PositionType.COORDINATION)
    newcomer = UserFactory(role=Role.CASE_MANAGER)  # no position: 0
    response = as_user("coordinator").get(OVERVIEW)
    rows = {row.user: row for row in response.context["case_manager_rows"]}
    assert rows[bob].position_fte == Decimal("0.5") == services.position_fte_of(bob)
    assert rows[newcomer].position_fte == 0 and rows[newcomer].assigned == 0


def test_the_overview_reads_positions_once_for_all_case_managers(staffed, as_user):
    def queries():
        client = as_user("coordinator")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(OVERVIEW).status_code == 200
        return len(captured)

    queries()  # the first page of a session reads more (session, caches)
    before = queries()
    for _n in range(6):
        user = UserFactory(role=Role.CASE_MANAGER)
        cm_position(user, "1.0")
        assign(user, "Iserlohn", "0.1")
    assert queries() == before


def test_without_a_key_in_force(demo_directory, as_user, case_manager):
    cm_position(case_manager, "1.0")
    assign(case_manager, "Iserlohn", "0.5")
    response = as_user("coordinator").get(OVERVIEW)
    assert response.status_code == 200
    assert "Es ist noch kein Verteilungsschlüssel in Kraft." in response.content.decode()
    rows = {row.municipality.name: row for row in response.context["municipality_rows"]}
    assert rows["Iserlohn"].assigned == Decimal("0.5")
    assert rows["Iserlohn"].key_fte is None and not rows["Iserlohn"].gap


# --- a case manager reads their own --------------------------------------------------------------


def test_case_manager_sees_only_own_assignments_read_only(staffed, as_user, case_manager):
    response = as_user("case_manager").get(OVERVIEW)
    assert response.status_code == 200
    assert {a.case_manager for a in response.context["assignments"]} == {case_manager}
    assert len(response.context["assignments"]) == 2
    assert "municipality_rows" not in response.context
    assert [row.user for row in response.context["case_manager_rows"]] == [case_manager]
    content = response.content.decode()
    assert "Meine Einsatzgebiete" in content
    assert "Bob Yilmaz" not in content and "Balve" not in content
    assert "Bearbeiten" not in content
    assert reverse("staffing:assignment_create") not in content


# --- creating and changing ---------------------------------------------------------------------


def data(user, name, fte, **changes):
    return {
        "case_manager": user.pk,
        "municipality": Municipality.objects.get(name=name).pk,
        "fte": fte,
        "valid_from": START.isoformat(),
        "valid_until": "",
    } | changes


def test_create_assignment(demo_directory, as_user, case_manager):
    cm_position(case_manager, "1.0")
    response = as_user("coordinator").post(CREATE, data(case_manager, "Werdohl", "0,75"))
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.municipality.name, assignment.fte) == ("Werdohl", Decimal("0.75"))


def test_assignment_over_the_position_is_refused(demo_directory, as_user, case_manager):
    cm_position(case_manager, "1.0")
    assign(case_manager, "Lüdenscheid", "0.6")
    response = as_user("coordinator").post(CREATE, data(case_manager, "Halver", "0,5"))
    assert response.status_code == 200
    errors = response.context["form"].errors["fte"]
    assert len(errors) == 1
    assert "Anna Berger hätte damit 1,10 VZÄ in Einsatzgebieten" in errors[0]
    assert "die Stelle umfasst aber nur 1,00 VZÄ" in errors[0]
    assert "die Stelle umfasst aber nur" in response.content.decode()
    assert Assignment.objects.count() == 1
    # the input is kept
    assert response.context["form"]["fte"].value() == "0,5"


def test_assignment_without_a_position_is_refused(demo_directory, as_user, bob):
    response = as_user("coordinator").post(CREATE, data(bob, "Halver", "0,1"))
    assert "die Stelle umfasst aber nur 0,00 VZÄ" in response.context["form"].errors["fte"][0]
    assert not Assignment.objects.exists()


def test_ended_assignment_does_not_count_against_the_position(demo_directory, as_user, bob):
    cm_position(bob, "0.5")
    assign(
        bob,
        "Kierspe",
        "0.5",
        valid_from=START - datetime.timedelta(days=400),
        valid_until=START - datetime.timedelta(days=1),
    )
    response = as_user("coordinator").post(CREATE, data(bob, "Halver", "0,5"))
    assert response.status_code == 302
    assert Assignment.objects.count() == 2


def test_edit_assignment_within_the_position(demo_directory, as_user, case_manager):
    cm_position(case_manager, "1.0")
    existing = assign(case_manager, "Lüdenscheid", "0.6")
    url = reverse("staffing:assignment_edit", args=[existing.pk])
    client = as_user("coordinator")
    assert 'value="0,60"' in client.get(url).content.decode()
    response = client.post(url, data(case_manager, "Lüdenscheid", "1,0"))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.fte == Decimal("1.00")
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"fte": "0"}, "fte", "Die VZÄ müssen größer als 0 sein."),
        ({"fte": "-0,25"}, "fte", "Die VZÄ müssen größer als 0 sein."),
        ({"fte": "halb"}, "fte", "Bitte geben Sie eine Zahl an, z. B. 0,5."),
        (
            {"valid_until": (START - datetime.timedelta(days=1)).isoformat()},
            "valid_until",
            "„Gültig bis“ liegt vor „gültig ab“.",
        ),
        ({"valid_from": ""}, "valid_from", "Bitte geben Sie an, ab wann es gilt."),
        ({"municipality": ""}, "municipality", "Bitte wählen Sie eine Kommune."),
    ],
)
def test_bad_input(demo_directory, as_user, case_manager, changes, field, message):
    cm_position(case_manager, "1.0")
    response = as_user("coordinator").post(CREATE, data(case_manager, "Balve", "0,5") | changes)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Assignment.objects.exists()


def test_only_case_managers_can_be_assigned(demo_directory, as_user, case_manager, coordinator):
    cm_position(coordinator, "1.0")
    client = as_user("coordinator")
    choices = client.get(CREATE).context["form"].fields["case_manager"].queryset
    assert case_manager in choices and coordinator not in choices
    response = client.post(CREATE, data(coordinator, "Balve", "0,5"))
    assert response.context["form"].errors["case_manager"] == [
        "Bitte wählen Sie eine Case Manager:in aus der Liste."
    ]
    assert not Assignment.objects.exists()
