"""Rooms for consultation hours: coordination keeps the list; names are unique per municipality."""

import pytest
from django.urls import reverse

from kim.conftest import ROLE_FIXTURES
from kim.directory.tests.factories import MunicipalityFactory
from kim.staffing.models import Room, RoomKind

pytestmark = pytest.mark.django_db

LIST = reverse("staffing:room_list")
CREATE = reverse("staffing:room_create")


def room_data(municipality, **overrides):
    data = {
        "municipality": municipality.pk,
        "name": "Rathaus Balve, Beratungsraum",
        "kind": RoomKind.TOWN_HALL,
        "address": "",
        "accessible": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def balve():
    return MunicipalityFactory(name="Balve")


def test_coordinator_sees_the_rooms(as_user, balve):
    Room.objects.create(municipality=balve, name="Rathaus Balve, Beratungsraum", kind="town_hall")
    response = as_user("coordinator").get(LIST)
    assert response.status_code == 200
    assert "Rathaus Balve, Beratungsraum" in response.content.decode()
    assert "Raum der Kommune (z. B. Rathaus)" in response.content.decode()


@pytest.mark.parametrize("role", [r for r in ROLE_FIXTURES if r != "coordinator"])
def test_other_roles_may_not_see_rooms(as_user, role):
    assert as_user(role).get(LIST).status_code == 403


@pytest.mark.parametrize("role", [r for r in ROLE_FIXTURES if r != "coordinator"])
def test_other_roles_may_not_create_rooms(as_user, role, balve):
    response = as_user(role).post(CREATE, room_data(balve))
    assert response.status_code == 403
    assert not Room.objects.exists()


def test_case_manager_may_not_edit_a_room(as_user, balve):
    room = Room.objects.create(municipality=balve, name="Alter Name", kind="town_hall")
    url = reverse("staffing:room_edit", args=[room.pk])
    response = as_user("case_manager").post(url, room_data(balve, name="Neuer Name"))
    assert response.status_code == 403
    room.refresh_from_db()
    assert room.name == "Alter Name"


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "login" in response.url


def test_coordinator_creates_a_room(as_user, balve):
    response = as_user("coordinator").post(
        CREATE, room_data(balve, address="Am Markt 1, 58802 Balve")
    )
    assert response.status_code == 302
    room = Room.objects.get()
    assert (room.municipality, room.name, room.kind, room.accessible) == (
        balve,
        "Rathaus Balve, Beratungsraum",
        RoomKind.TOWN_HALL,
        True,
    )
    assert room.address == "Am Markt 1, 58802 Balve"


def test_coordinator_edits_a_room(as_user, balve):
    room = Room.objects.create(municipality=balve, name="Raum 1", kind="town_hall")
    url = reverse("staffing:room_edit", args=[room.pk])
    response = as_user("coordinator").post(url, room_data(balve, name="Raum 2", kind="district"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.kind) == ("Raum 2", RoomKind.DISTRICT)


def test_duplicate_name_in_the_same_municipality_is_refused(as_user, balve):
    Room.objects.create(municipality=balve, name="Rathaus Balve, Beratungsraum", kind="town_hall")
    response = as_user("coordinator").post(CREATE, room_data(balve))
    assert response.status_code == 200
    assert "In Balve gibt es schon einen Raum „Rathaus Balve, Beratungsraum“." in (
        response.content.decode()
    )
    assert Room.objects.count() == 1
    # what was entered is still in the form
    assert 'value="Rathaus Balve, Beratungsraum"' in response.content.decode()


def test_duplicate_name_check_ignores_case(as_user, balve):
    Room.objects.create(municipality=balve, name="Rathaus Balve, Beratungsraum", kind="town_hall")
    response = as_user("coordinator").post(
        CREATE, room_data(balve, name="rathaus balve, beratungsraum")
    )
    assert response.status_code == 200
    assert "gibt es schon einen Raum" in response.content.decode()
    assert Room.objects.count() == 1


def test_same_name_in_another_municipality_is_fine(as_user, balve):
    other = MunicipalityFactory(name="Hemer")
    Room.objects.create(municipality=other, name="Beratungsraum", kind="town_hall")
    response = as_user("coordinator").post(CREATE, room_data(balve, name="Beratungsraum"))
    assert response.status_code == 302
    assert Room.objects.filter(name="Beratungsraum").count() == 2


def test_saving_a_room_under_its_own_name_is_no_duplicate(as_user, balve):
    room = Room.objects.create(municipality=balve, name="Raum 1", kind="town_hall")
    url = reverse("staffing:room_edit", args=[room.pk])
    response = as_user("coordinator").post(url, room_data(balve, name="Raum 1", address="neu"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.address == "neu"


def test_missing_name_and_kind_get_german_errors(as_user, balve):
    response = as_user("coordinator").post(CREATE, room_data(balve, name="", kind=""))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bitte geben Sie eine Bezeichnung des Raums an." in text
    assert "Bitte wählen Sie, wem der Raum gehört." in text
    assert not Room.objects.exists()
