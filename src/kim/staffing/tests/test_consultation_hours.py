"""Consultation hours: coordination edits, case managers read their own, clashes are refused."""

import datetime

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.conftest import ROLE_FIXTURES
from kim.directory.tests.factories import MunicipalityFactory
from kim.staffing.models import Assignment, ConsultationHours, Room

pytestmark = pytest.mark.django_db

LIST = reverse("staffing:hours_list")
CREATE = reverse("staffing:hours_create")
T = datetime.time
TEN, NOON = T(10), T(12)
TODAY = datetime.date.today()


@pytest.fixture
def balve():
    return MunicipalityFactory(name="Balve")


@pytest.fixture
def room(balve):
    return Room.objects.create(municipality=balve, name="Rathaus Balve, Raum 1", kind="town_hall")


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def make_hours(case_manager, room, weekday=0, start=TEN, end=NOON, **kwargs):
    kwargs.setdefault("valid_from", datetime.date(2025, 1, 1))
    return ConsultationHours.objects.create(
        case_manager=case_manager,
        municipality=room.municipality,
        room=room,
        weekday=weekday,
        starts_at=start,
        ends_at=end,
        **kwargs,
    )


def form_data(case_manager, room, **overrides):
    data = {
        "case_manager": case_manager.pk,
        "municipality": room.municipality_id,
        "room": room.pk,
        "weekday": 0,
        "starts_at": "10:00",
        "ends_at": "12:00",
        "valid_from": "2025-01-01",
        "valid_until": "",
        "note": "",
    }
    data.update(overrides)
    return data


# --- creating and changing ------------------------------------------------------------------


def test_coordinator_creates_hours(as_user, case_manager, room):
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, note="nur nach Terminvereinbarung")
    )
    assert response.status_code == 302
    hours = ConsultationHours.objects.get()
    assert (hours.case_manager, hours.room, hours.weekday) == (case_manager, room, 0)
    assert (hours.starts_at, hours.ends_at) == (T(10), T(12))
    assert hours.note == "nur nach Terminvereinbarung"


def test_coordinator_changes_hours_without_clashing_with_themselves(as_user, case_manager, room):
    hours = make_hours(case_manager, room)
    url = reverse("staffing:hours_edit", args=[hours.pk])
    response = as_user("coordinator").post(
        url, form_data(case_manager, room, starts_at="11:00", ends_at="13:00")
    )
    assert response.status_code == 302
    hours.refresh_from_db()
    assert (hours.starts_at, hours.ends_at) == (T(11), T(13))


def test_only_case_managers_can_be_chosen(as_user, coordinator, room):
    response = as_user("coordinator").post(CREATE, form_data(coordinator, room))
    assert response.status_code == 200
    assert "keine Case Manager:in" in response.content.decode()
    assert not ConsultationHours.objects.exists()


# --- clashes -------------------------------------------------------------------------------------


def test_clash_by_person_is_refused(as_user, case_manager, room, balve):
    make_hours(case_manager, room, start=TEN, end=NOON)
    other_room = Room.objects.create(
        municipality=balve, name="Rathaus Balve, Raum 2", kind="town_hall"
    )
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, other_room, starts_at="11:00", ends_at="13:00")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Anna Berger hat zu dieser Zeit schon eine Sprechzeit: Montag 10:00–12:00" in text
    assert ConsultationHours.objects.count() == 1
    assert 'value="11:00"' in text  # nothing entered is lost


def test_clash_by_room_is_refused(as_user, case_manager, colleague, room):
    make_hours(colleague, room, start=TEN, end=NOON)
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, starts_at="09:00", ends_at="10:30")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Der Raum ist zu dieser Zeit schon belegt: Montag 10:00–12:00" in text
    assert "(Mara Schulte)" in text
    assert ConsultationHours.objects.count() == 1


def test_clash_with_hours_that_start_later_but_overlap_in_validity(as_user, case_manager, room):
    make_hours(case_manager, room, valid_from=datetime.date(2026, 6, 1))
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, valid_until="2026-06-30")
    )
    assert response.status_code == 200
    assert "hat zu dieser Zeit schon eine Sprechzeit" in response.content.decode()
    assert ConsultationHours.objects.count() == 1


def test_no_clash_on_another_weekday(as_user, case_manager, room):
    make_hours(case_manager, room, weekday=0)
    response = as_user("coordinator").post(CREATE, form_data(case_manager, room, weekday=1))
    assert response.status_code == 302
    assert ConsultationHours.objects.count() == 2


def test_no_clash_for_adjacent_times(as_user, case_manager, room):
    make_hours(case_manager, room, start=TEN, end=NOON)
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, starts_at="12:00", ends_at="14:00")
    )
    assert response.status_code == 302
    assert ConsultationHours.objects.count() == 2


def test_no_clash_when_the_validity_does_not_overlap(as_user, case_manager, room):
    make_hours(case_manager, room, valid_until=datetime.date(2025, 12, 31))
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, valid_from="2026-01-01")
    )
    assert response.status_code == 302
    assert ConsultationHours.objects.count() == 2


# --- bad input -------------------------------------------------------------------------------


def test_room_outside_the_municipality_is_refused(as_user, case_manager, room):
    hemer = MunicipalityFactory(name="Hemer")
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, municipality=hemer.pk)
    )
    assert response.status_code == 200
    assert "Dieser Raum liegt nicht in der gewählten Kommune." in response.content.decode()
    assert not ConsultationHours.objects.exists()


def test_end_before_start_is_refused(as_user, case_manager, room):
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, starts_at="12:00", ends_at="10:00")
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert not ConsultationHours.objects.exists()


def test_valid_until_before_valid_from_is_refused(as_user, case_manager, room):
    response = as_user("coordinator").post(
        CREATE, form_data(case_manager, room, valid_until="2024-12-31")
    )
    assert response.status_code == 200
    assert "„Gültig bis“ liegt vor „gültig ab“." in response.content.decode()
    assert not ConsultationHours.objects.exists()


def test_bad_time_gets_a_german_message(as_user, case_manager, room):
    response = as_user("coordinator").post(CREATE, form_data(case_manager, room, starts_at="zehn"))
    assert response.status_code == 200
    assert "Bitte geben Sie eine Uhrzeit im Format HH:MM an" in response.content.decode()
    assert not ConsultationHours.objects.exists()


def test_missing_fields_get_german_messages(as_user, case_manager, room):
    data = form_data(case_manager, room, weekday="", valid_from="")
    data["room"] = ""
    response = as_user("coordinator").post(CREATE, data)
    text = response.content.decode()
    assert "Bitte wählen Sie einen Wochentag." in text
    assert "Bitte wählen Sie einen Raum." in text
    assert "Bitte geben Sie an, ab wann die Sprechzeit gilt." in text
    assert not ConsultationHours.objects.exists()


# --- permissions ---------------------------------------------------------------------------------


def test_case_manager_may_not_create_hours(as_user, case_manager, room):
    response = as_user("case_manager").post(CREATE, form_data(case_manager, room))
    assert response.status_code == 403
    assert not ConsultationHours.objects.exists()


def test_case_manager_may_not_change_own_hours(as_user, case_manager, room):
    hours = make_hours(case_manager, room)
    url = reverse("staffing:hours_edit", args=[hours.pk])
    response = as_user("case_manager").post(url, form_data(case_manager, room, weekday=3))
    assert response.status_code == 403
    hours.refresh_from_db()
    assert hours.weekday == 0


@pytest.mark.parametrize(
    "role", ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]
)
def test_other_roles_may_not_see_the_list(as_user, role):
    assert as_user(role).get(LIST).status_code == 403


@pytest.mark.parametrize("role", [r for r in ROLE_FIXTURES if r != "coordinator"])
def test_other_roles_may_not_open_the_form(as_user, role):
    assert as_user(role).get(CREATE).status_code == 403


def test_unknown_hours_give_404(as_user):
    assert as_user("coordinator").get(reverse("staffing:hours_edit", args=[999])).status_code == 404


# --- the list ------------------------------------------------------------------------------------


def test_coordinator_sees_all_hours_with_edit_links(as_user, case_manager, colleague, room):
    own = make_hours(case_manager, room, weekday=0)
    other = make_hours(colleague, room, weekday=1)
    response = as_user("coordinator").get(LIST)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Anna Berger" in text and "Mara Schulte" in text
    assert reverse("staffing:hours_edit", args=[own.pk]) in text
    assert reverse("staffing:hours_edit", args=[other.pk]) in text
    assert "Wochenübersicht (PDF)" in text
    assert "Kalender abonnieren (iCal)" in text


def test_case_manager_sees_only_own_hours_read_only(as_user, case_manager, colleague, room):
    own = make_hours(case_manager, room, weekday=0, note="eigene Sprechzeit")
    make_hours(colleague, room, weekday=1, note="fremde Sprechzeit")
    response = as_user("case_manager").get(LIST)
    text = response.content.decode()
    assert response.status_code == 200
    assert "eigene Sprechzeit" in text
    assert "fremde Sprechzeit" not in text
    assert reverse("staffing:hours_edit", args=[own.pk]) not in text
    assert reverse("staffing:hours_create") not in text
    assert reverse("staffing:hours_week_pdf", args=[room.municipality_id]) in text


def test_case_manager_cannot_open_colleagues_hours(as_user, colleague, room):
    hours = make_hours(colleague, room)
    response = as_user("case_manager").get(reverse("staffing:hours_edit", args=[hours.pk]))
    assert response.status_code == 403


def test_filter_by_municipality(as_user, case_manager, room):
    hemer = MunicipalityFactory(name="Hemer")
    hemer_room = Room.objects.create(municipality=hemer, name="Rathaus Hemer", kind="town_hall")
    make_hours(case_manager, room, weekday=0)
    make_hours(case_manager, hemer_room, weekday=2)
    response = as_user("coordinator").get(LIST, {"municipality": hemer.pk})
    text = response.content.decode()
    assert "Rathaus Hemer" in text
    assert "Rathaus Balve, Raum 1" not in text


def test_filter_by_a_municipality_without_hours_says_so(as_user, room):
    hemer = MunicipalityFactory(name="Hemer")
    response = as_user("coordinator").get(LIST, {"municipality": hemer.pk})
    assert "Zurzeit keine Sprechzeiten." in response.content.decode()


def test_only_active_hours_by_default_and_all_on_request(as_user, case_manager, room):
    make_hours(case_manager, room, weekday=0, note="läuft")
    make_hours(
        case_manager,
        room,
        weekday=1,
        note="vorbei",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    make_hours(
        case_manager, room, weekday=2, note="kommt noch", valid_from=TODAY + datetime.timedelta(7)
    )
    text = as_user("coordinator").get(LIST).content.decode()
    assert "läuft" in text
    assert "vorbei" not in text and "kommt noch" not in text
    text = as_user("coordinator").get(LIST, {"all_periods": "on"}).content.decode()
    assert "läuft" in text and "vorbei" in text and "kommt noch" in text
    assert "beendet" in text and "künftig" in text


def test_coordinator_sees_municipalities_without_hours_too(as_user, room):
    hemer = MunicipalityFactory(name="Hemer")
    text = as_user("coordinator").get(LIST).content.decode()
    assert "0 Sprechzeiten in Hemer" in text
    assert reverse("staffing:hours_week_pdf", args=[hemer.pk]) in text


def test_case_manager_filters_only_among_own_municipalities(as_user, case_manager, room):
    hemer = MunicipalityFactory(name="Hemer")
    make_hours(case_manager, room)
    response = as_user("case_manager").get(LIST, {"municipality": hemer.pk})
    text = response.content.decode()
    assert ">Hemer</option>" not in text
    assert ">Balve</option>" in text
    # the unknown choice is ignored: the case manager sees their own hours
    assert "Bitte prüfen Sie die Filter." in text
    assert "Rathaus Balve, Raum 1" in text


def test_case_manager_sees_a_served_municipality_without_hours(as_user, case_manager, balve):
    Assignment.objects.create(
        case_manager=case_manager, municipality=balve, fte=1, valid_from=datetime.date(2025, 1, 1)
    )
    text = as_user("case_manager").get(LIST, {"municipality": balve.pk}).content.decode()
    assert "Zurzeit keine Sprechzeiten." in text
    assert reverse("staffing:hours_week_pdf", args=[balve.pk]) in text
