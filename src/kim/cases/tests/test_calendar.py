"""The case manager's own week of appointments, with week navigation and a German message for a
bad week parameter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Substitution
from kim.cases.tests.factories import AppointmentFactory, CaseFactory, ClientFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:calendar")


def _at(day, hour, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def _places(response):
    return [a.place for day in response.context["days"] for a in day["appointments"]]


def test_shows_the_current_week_monday_to_sunday(as_user, case_manager):
    today = timezone.localdate()
    monday = _monday(today)
    case = CaseFactory(
        case_manager=case_manager, client=ClientFactory(first_name="Zahra", last_name="Ahmadi")
    )
    AppointmentFactory(case=case, starts_at=_at(monday, 9, 30), place="Rathaus Hemer")
    AppointmentFactory(
        case=case, starts_at=_at(monday + datetime.timedelta(days=6), 18), place="Sonntag"
    )
    AppointmentFactory(
        case=case, starts_at=_at(monday + datetime.timedelta(days=7), 9), place="Nächste Woche"
    )
    AppointmentFactory(
        case=case, starts_at=_at(monday - datetime.timedelta(days=1), 9), place="Letzte Woche"
    )
    response = as_user("case_manager").get(URL)
    assert response.status_code == 200
    days = response.context["days"]
    assert [d["date"] for d in days] == [monday + datetime.timedelta(days=i) for i in range(7)]
    assert _places(response) == ["Rathaus Hemer", "Sonntag"]
    html = response.content.decode()
    assert "09:30" in html
    assert "Zahra Ahmadi" in html
    assert reverse("cases:case_detail", args=[case.pk]) in html
    assert f"{monday:%d.%m.%Y}" in html


def test_previous_and_next_week_links_navigate(as_user, case_manager):
    monday = _monday(timezone.localdate())
    next_monday = monday + datetime.timedelta(days=7)
    case = CaseFactory(case_manager=case_manager)
    AppointmentFactory(case=case, starts_at=_at(next_monday + datetime.timedelta(days=2), 10))
    client = as_user("case_manager")
    response = client.get(URL)
    html = response.content.decode()
    assert f"?week={next_monday:%Y-%m-%d}" in html
    assert f"?week={monday - datetime.timedelta(days=7):%Y-%m-%d}" in html

    # any day of a week shows that whole week
    response = client.get(URL, {"week": f"{next_monday + datetime.timedelta(days=3):%Y-%m-%d}"})
    assert response.context["week_start"] == next_monday
    assert len(_places(response)) == 1
    assert "Diese Woche" in response.content.decode()  # a way back to the current week


def test_bad_week_parameter_gets_a_german_message_and_the_current_week(as_user, case_manager):
    monday = _monday(timezone.localdate())
    for bad in ["gestern", "2026-02-30", "2026-13-01", "0001-01-01"]:
        response = as_user("case_manager").get(URL, {"week": bad})
        assert response.status_code == 200
        assert response.context["week_start"] == monday
        assert "ist kein gültiges Datum" in response.content.decode()
        assert "Es wird die aktuelle Woche angezeigt." in response.content.decode()


def test_shows_only_own_appointments_and_those_of_stood_in_cases(
    as_user, case_manager, colleague, coordinator
):
    monday = _monday(timezone.localdate())
    AppointmentFactory(
        case=CaseFactory(case_manager=case_manager), starts_at=_at(monday, 9), place="Eigener"
    )
    theirs = CaseFactory(case_manager=colleague)
    AppointmentFactory(case=theirs, starts_at=_at(monday, 11), place="Kollegin")
    client = as_user("case_manager")
    assert _places(client.get(URL)) == ["Eigener"]

    Substitution.objects.create(
        absent=colleague, substitute=case_manager, starts_on=monday, created_by=coordinator
    )
    response = client.get(URL)
    assert _places(response) == ["Eigener", "Kollegin"]
    assert "Vertretung für Mara Schulte" in response.content.decode()


def test_cancelled_appointments_are_marked(as_user, case_manager):
    monday = _monday(timezone.localdate())
    AppointmentFactory(
        case=CaseFactory(case_manager=case_manager),
        starts_at=_at(monday, 9),
        place="Abgesagter Termin",
        cancelled=True,
    )
    html = as_user("case_manager").get(URL).content.decode()
    assert "Abgesagter Termin" in html
    assert "abgesagt</span>" in html


@pytest.mark.parametrize(
    "user",
    [
        "coordinator",
        "administrator",
        "external_partner",
        "steering_member",
        "auditor",
        "user_without_role",
    ],
)
def test_only_case_managers_have_a_calendar(as_user, user):
    assert as_user(user).get(URL).status_code == 403
