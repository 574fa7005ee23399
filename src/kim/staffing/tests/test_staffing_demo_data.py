"""The staffing demo: the concept's positions, a key in force from fictitious figures, rooms,
assignments and consultation hours without clashes."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from kim.accounts import demo as accounts_demo
from kim.accounts.models import User
from kim.directory.models import Municipality, PopulationFigures
from kim.staffing import demo
from kim.staffing.models import (
    Assignment,
    ConsultationHours,
    DistributionKey,
    FundingModule,
    Position,
    PositionType,
    Room,
    RoomKind,
)
from kim.staffing.services import position_fte_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_directory):
    accounts_demo.load()
    demo.load()


def fte(**filters):
    return Position.objects.filter(**filters).aggregate(total=Sum("fte"))["total"]


def test_load_is_idempotent(demo_directory):
    accounts_demo.load()
    assert demo.load() == len(demo.POSITIONS)
    counts = [
        Position.objects.count(),
        DistributionKey.objects.count(),
        Room.objects.count(),
        Assignment.objects.count(),
        ConsultationHours.objects.count(),
        PopulationFigures.objects.count(),
    ]
    assert demo.load() == 0
    assert counts == [
        Position.objects.count(),
        DistributionKey.objects.count(),
        Room.objects.count(),
        Assignment.objects.count(),
        ConsultationHours.objects.count(),
        PopulationFigures.objects.count(),
    ]


def test_positions_follow_the_concept(loaded):
    module_1 = FundingModule.STRATEGIC
    assert fte(funding_module=module_1, type=PositionType.COORDINATION) == Decimal("4.5")
    assert fte(funding_module=module_1, type=PositionType.ADMINISTRATION) == Decimal("0.5")
    forwarded = Position.objects.get(forwarded_fte__gt=0)
    assert (forwarded.forwarded_fte, forwarded.funding_module) == (Decimal("1.0"), module_1)
    assert "Iserlohn" in forwarded.location
    assert fte(funding_module=FundingModule.CASE_MANAGEMENT) == Decimal("16.0")
    assert fte(
        funding_module=FundingModule.CASE_MANAGEMENT, location__contains="Ausländer"
    ) == Decimal("2.0")
    assert fte(type=PositionType.FOREIGNERS_AUTHORITY) == Decimal("1.0")
    assert fte(type=PositionType.NATURALISATION_AUTHORITY) == Decimal("2.0")
    assert fte(funding_module=FundingModule.AUTHORITIES) == Decimal("3.0")


def test_only_demo_users_hold_positions(loaded):
    holders = set(
        Position.objects.filter(holder__isnull=False).values_list("holder__username", flat=True)
    )
    assert holders == {
        "anna.berger",
        "mara.schulte",
        "deniz.yilmaz",
        "katrin.vogel",
        "jonas.keller",
    }
    demo_usernames = {username for username, *_rest in accounts_demo.DEMO_USERS}
    assert set(User.objects.values_list("username", flat=True)) == demo_usernames


def test_fictitious_figures_for_every_municipality(loaded):
    figures = PopulationFigures.objects.filter(year=demo.FIGURES_YEAR)
    assert figures.count() == Municipality.objects.count() == 15
    assert set(figures.values_list("source", flat=True)) == {"fiktive Demozahlen"}
    by_name = {f.municipality.name: f for f in figures.select_related("municipality")}
    assert by_name["Iserlohn"].inhabitants > by_name["Lüdenscheid"].inhabitants > 60_000
    for f in figures:
        f.full_clean()


def test_the_key_in_force_distributes_fourteen_fte_in_steps_of_five_hundredths(loaded):
    key = DistributionKey.objects.get(in_force=True)
    assert (key.fte_total, key.step, key.year) == (Decimal("14.00"), Decimal("0.05"), 2025)
    assert key.weights == {
        "immigration": Decimal("1"),
        "asylum_applications": Decimal("1"),
        "without_eu_citizenship": Decimal("1"),
    }
    lines = key.lines.all()
    assert lines.count() == 15
    assert sum(line.fte for line in lines) == Decimal("14.00")
    assert all(line.fte % Decimal("0.05") == 0 for line in lines)


def test_rooms_district_room_and_town_halls_without_street_addresses(loaded):
    district = Room.objects.get(kind=RoomKind.DISTRICT)
    assert district.municipality.name == "Lüdenscheid"
    assert "Kreishaus Lüdenscheid" in district.name
    assert Room.objects.filter(
        kind=RoomKind.TOWN_HALL, name="Rathaus Balve, Beratungsraum"
    ).exists()
    assert set(Room.objects.values_list("address", flat=True)) == {""}


def test_assignments_stay_within_the_positions(loaded):
    for username in demo.ASSIGNMENTS:
        assignments = Assignment.objects.filter(case_manager__username=username)
        user = assignments.first().case_manager
        total = assignments.aggregate(total=Sum("fte"))["total"]
        assert Decimal("0") < total <= position_fte_of(user, demo.VALID_FROM)


def test_demo_hours_do_not_clash_and_lie_in_their_municipality(loaded):
    hours = ConsultationHours.objects.select_related("room")
    assert hours.filter(municipality__name="Lüdenscheid").count() >= 2
    for entry in hours:
        entry.full_clean()
        assert not ConsultationHours.objects.clashing_with(entry).exists(), entry
    assert set(hours.values_list("case_manager__username", flat=True)) == set(demo.HOURS)


def test_hours_are_in_force_today(loaded):
    assert ConsultationHours.objects.active_on().count() == ConsultationHours.objects.count()


def test_management_command_loads_the_staffing_demo(db):
    call_command("load_demo_data", stdout=io.StringIO())
    assert DistributionKey.objects.filter(in_force=True).exists()
    assert Position.objects.count() == len(demo.POSITIONS)
