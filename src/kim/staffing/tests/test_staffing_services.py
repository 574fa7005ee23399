"""Assignments stay within the position; consultation hours never clash."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from kim.directory.tests.factories import MunicipalityFactory
from kim.staffing import services
from kim.staffing.models import Assignment, ConsultationHours, Position, Room

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 1)


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["case_manager", "municipality", "fte", "valid_from", "valid_until"]


class HoursForm(forms.ModelForm):
    class Meta:
        model = ConsultationHours
        fields = [
            "case_manager",
            "municipality",
            "room",
            "weekday",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_until",
        ]


@pytest.fixture
def position(case_manager):
    return Position.objects.create(
        funding_module=2,
        type="case_management",
        title="CM",
        fte=Decimal("1.0"),
        funded_from=START,
        holder=case_manager,
    )


def _assign(user, municipality, fte):
    form = AssignmentForm(
        {"case_manager": user.pk, "municipality": municipality.pk, "fte": fte, "valid_from": START}
    )
    assert form.is_valid(), form.errors
    return services.save_assignment(form, by=user)


def test_assignments_up_to_the_position(position, case_manager, coordinator):
    _assign(case_manager, MunicipalityFactory(), "0.6")
    _assign(case_manager, MunicipalityFactory(), "0.4")
    with pytest.raises(services.StaffingError, match=r"1,05 VZÄ .* nur 1,00 VZÄ"):
        _assign(case_manager, MunicipalityFactory(), "0.05")
    assert Assignment.objects.count() == 2


def _hours(user, room, weekday, start, end):
    form = HoursForm(
        {
            "case_manager": user.pk,
            "municipality": room.municipality_id,
            "room": room.pk,
            "weekday": weekday,
            "starts_at": start,
            "ends_at": end,
            "valid_from": START,
        }
    )
    assert form.is_valid(), form.errors
    return services.save_consultation_hours(form, by=user)


@pytest.fixture
def rooms(db):
    town = MunicipalityFactory()
    return [
        Room.objects.create(name=f"Raum {i}", municipality=town, kind="town_hall") for i in (1, 2)
    ]


def test_same_person_twice_at_the_same_time_is_refused(case_manager, rooms):
    _hours(case_manager, rooms[0], 0, "10:00", "12:00")
    with pytest.raises(services.StaffingError, match="schon eine Sprechzeit"):
        _hours(case_manager, rooms[1], 0, "11:00", "13:00")
    assert ConsultationHours.objects.count() == 1


def test_same_room_twice_at_the_same_time_is_refused(case_manager, coordinator, rooms):
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    colleague = UserFactory(username="kollegin", role=Role.CASE_MANAGER)
    _hours(case_manager, rooms[0], 2, "09:00", "12:00")
    with pytest.raises(services.StaffingError, match="Raum ist zu dieser Zeit schon belegt"):
        _hours(colleague, rooms[0], 2, "11:30", "12:30")


@pytest.mark.parametrize(
    ("weekday", "start", "end"), [(1, "10:00", "12:00"), (0, "12:00", "14:00")]
)
def test_no_clash_on_another_day_or_adjacent_time(case_manager, rooms, weekday, start, end):
    _hours(case_manager, rooms[0], 0, "10:00", "12:00")
    _hours(case_manager, rooms[0], weekday, start, end)
    assert ConsultationHours.objects.count() == 2
