"""The iCalendar feed of a municipality's consultation hours."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import DistrictFactory, MunicipalityFactory
from kim.staffing.models import Assignment, ConsultationHours, Room

pytestmark = pytest.mark.django_db

T = datetime.time
TEN, NOON = T(10), T(12)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def balve():
    return MunicipalityFactory(name="Balve", district=DistrictFactory(key="05962"))


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


def feed_url(municipality):
    return reverse("staffing:hours_feed", args=[municipality.pk])


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_one_weekly_event_per_consultation_hour(as_user, case_manager, room, balve):
    # 1 January 2025 is a Wednesday: the first Thursday is 2 January
    hours = make_hours(case_manager, room, weekday=3, start=T(9), end=T(11, 30), note="mit Termin")
    response = as_user("coordinator").get(feed_url(balve))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"kim-hours-{hours.pk}@05962"
    assert str(event["SUMMARY"]) == "KIM-Sprechstunde Anna Berger"
    assert str(event["LOCATION"]) == "Rathaus Balve, Raum 1, Am Markt 1"
    assert "mit Termin" in str(event["DESCRIPTION"])
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2025, 1, 2, 9, 0, tzinfo=BERLIN)
    assert end == datetime.datetime(2025, 1, 2, 11, 30, tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["TH"]
    assert "UNTIL" not in rule


def test_until_comes_from_valid_until(as_user, case_manager, room, balve):
    make_hours(case_manager, room, weekday=0, valid_until=datetime.date(2026, 12, 31))
    [event] = events(as_user("coordinator").get(feed_url(balve))).values()
    [until] = event["RRULE"]["UNTIL"]
    # the whole last day in Berlin, given in UTC as RFC 5545 demands with a zoned DTSTART
    assert until == datetime.datetime(2026, 12, 31, 22, 59, 59, tzinfo=datetime.UTC)
    assert event["RRULE"]["BYDAY"] == ["MO"]


def test_uids_are_stable_and_other_municipalities_left_out(as_user, case_manager, room, balve):
    hemer = MunicipalityFactory(name="Hemer")
    hemer_room = Room.objects.create(municipality=hemer, name="Rathaus Hemer", kind="town_hall")
    first = make_hours(case_manager, room, weekday=0)
    second = make_hours(case_manager, room, weekday=4)
    make_hours(case_manager, hemer_room, weekday=2)
    client = as_user("coordinator")
    uids = set(events(client.get(feed_url(balve))))
    assert uids == {f"kim-hours-{first.pk}@05962", f"kim-hours-{second.pk}@05962"}
    first.starts_at, first.ends_at = T(8), T(9)
    first.save()
    again = events(client.get(feed_url(balve)))
    assert set(again) == uids
    assert again[f"kim-hours-{first.pk}@05962"].decoded("DTSTART").hour == 8


def test_ended_hours_are_left_out_and_future_ones_included(as_user, case_manager, room, balve):
    ended = make_hours(case_manager, room, weekday=0, valid_until=datetime.date(2025, 6, 30))
    future = make_hours(
        case_manager,
        room,
        weekday=1,
        valid_from=datetime.date.today() + datetime.timedelta(days=30),
    )
    uids = set(events(as_user("coordinator").get(feed_url(balve))))
    assert f"kim-hours-{future.pk}@05962" in uids
    assert f"kim-hours-{ended.pk}@05962" not in uids


def test_empty_feed_is_a_valid_calendar(as_user, balve):
    response = as_user("coordinator").get(feed_url(balve))
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert "Balve" in str(calendar["X-WR-CALNAME"])


def test_case_manager_reads_the_feed_of_a_municipality_they_serve(as_user, case_manager, balve):
    Assignment.objects.create(
        case_manager=case_manager, municipality=balve, fte=1, valid_from=datetime.date(2025, 1, 1)
    )
    response = as_user("case_manager").get(feed_url(balve))
    assert response.status_code == 200
    Calendar.from_ical(response.content)


def test_case_manager_may_not_read_another_municipality(as_user, case_manager, room):
    hemer = MunicipalityFactory(name="Hemer")
    make_hours(case_manager, room)
    assert as_user("case_manager").get(feed_url(hemer)).status_code == 403


@pytest.mark.parametrize(
    "role", ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]
)
def test_other_roles_get_403(as_user, role, balve):
    assert as_user(role).get(feed_url(balve)).status_code == 403


def test_names_keep_their_spelling_in_the_feed(as_user, room, balve):
    deniz = UserFactory(first_name="Deniz", last_name="Yılmaz", role=Role.CASE_MANAGER)
    make_hours(deniz, room)
    [event] = events(as_user("coordinator").get(feed_url(balve))).values()
    assert str(event["SUMMARY"]) == "KIM-Sprechstunde Deniz Yılmaz"
