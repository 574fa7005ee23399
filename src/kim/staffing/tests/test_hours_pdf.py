"""The printable weekly overview of a municipality's consultation hours (PDF)."""

import datetime

import pytest
from django.urls import reverse
from reportlab import rl_config

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import DistrictFactory, MunicipalityFactory
from kim.staffing.models import Assignment, ConsultationHours, Room

pytestmark = pytest.mark.django_db

T = datetime.time
TEN, NOON = T(10), T(12)
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def readable_pdf(monkeypatch):
    """Uncompressed page streams, so that the text can be found in the bytes."""
    monkeypatch.setattr(rl_config, "pageCompression", 0)


@pytest.fixture
def balve():
    return MunicipalityFactory(name="Balve", district=DistrictFactory(name="Testkreis"))


@pytest.fixture
def room(balve):
    return Room.objects.create(
        municipality=balve, name="Rathaus Balve, Raum 1", kind="town_hall", address="Am Markt 1"
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


def url(municipality, **query):
    base = reverse("staffing:hours_week_pdf", args=[municipality.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_coordinator_gets_the_weekly_overview(as_user, case_manager, room, balve):
    make_hours(case_manager, room, weekday=2, start=T(9), end=T(11, 30))
    response = as_user("coordinator").get(url(balve))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "sprechzeiten-balve.pdf" in response["Content-Disposition"]
    data = response.content
    assert data.startswith(b"%PDF")
    assert b"Sprechzeiten des KIM-Case-Managements in Balve" in data
    assert b"Stand: " + TODAY.strftime("%d.%m.%Y").encode() in data
    assert b"Anna Berger" in data
    assert b"Rathaus Balve, Raum 1, Am Markt 1" in data
    assert b"09:00" in data and b"11:30 Uhr" in data
    assert b"Mittwoch" in data and b"Freitag" in data
    assert b"Testkreis" in data  # footer with the district


def test_only_hours_in_force_on_the_day_are_printed(as_user, case_manager, room, balve):
    make_hours(case_manager, room, weekday=0, note="gilt noch")
    make_hours(
        case_manager, room, weekday=1, valid_until=datetime.date(2025, 6, 30), note="abgelaufen"
    )
    data = as_user("coordinator").get(url(balve)).content
    assert b"gilt noch" in data
    assert b"abgelaufen" not in data
    # the overview of an earlier day shows what was in force then
    data = as_user("coordinator").get(url(balve, stand="2025-03-03")).content
    assert b"abgelaufen" in data
    assert b"Stand: 03.03.2025" in data


def test_a_municipality_without_hours_says_so(as_user, balve):
    data = as_user("coordinator").get(url(balve)).content
    assert b"Zurzeit gibt es in Balve keine Sprechzeiten vor Ort." in data


def test_case_manager_prints_the_overview_of_a_municipality_they_serve(
    as_user, case_manager, balve
):
    Assignment.objects.create(
        case_manager=case_manager, municipality=balve, fte=1, valid_from=datetime.date(2025, 1, 1)
    )
    response = as_user("case_manager").get(url(balve))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_case_manager_prints_the_overview_where_they_hold_hours(as_user, case_manager, room):
    colleague = UserFactory(first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER)
    make_hours(case_manager, room, weekday=0)
    make_hours(colleague, room, weekday=1)
    response = as_user("case_manager").get(url(room.municipality))
    assert response.status_code == 200
    # a public overview: the colleague's hours in the same town are on it too
    assert b"Mara Schulte" in response.content


def test_case_manager_may_not_print_another_municipality(as_user, case_manager, room):
    hemer = MunicipalityFactory(name="Hemer")
    make_hours(case_manager, room)
    assert as_user("case_manager").get(url(hemer)).status_code == 403


def test_case_manager_whose_assignment_ended_may_not_print(as_user, case_manager, balve):
    Assignment.objects.create(
        case_manager=case_manager,
        municipality=balve,
        fte=1,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    assert as_user("case_manager").get(url(balve)).status_code == 403


@pytest.mark.parametrize(
    "role", ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]
)
def test_other_roles_get_403(as_user, role, balve):
    assert as_user(role).get(url(balve)).status_code == 403


def test_anonymous_is_sent_to_login(client, balve):
    response = client.get(url(balve))
    assert response.status_code == 302


def test_unknown_municipality_gives_404(as_user):
    response = as_user("coordinator").get(reverse("staffing:hours_week_pdf", args=[999]))
    assert response.status_code == 404


def test_names_outside_the_standard_font_are_transliterated(as_user, room, balve):
    deniz = UserFactory(first_name="Deniz", last_name="Yılmaz", role=Role.CASE_MANAGER)
    make_hours(deniz, room)
    data = as_user("coordinator").get(url(balve)).content
    assert b"Deniz Yilmaz" in data
