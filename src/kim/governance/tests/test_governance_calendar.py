"""Calendars: every meeting as an iCalendar file, and a feed per body with its meetings that are not
cancelled (Europe/Berlin, stable UIDs ``kim-meeting-<pk>@kim``)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from kim.governance.calendar import body_calendar, meeting_calendar
from kim.governance.models import AgendaItem, BodyKind, MeetingState
from kim.hurdles.tests.factories import HurdleReportFactory

from .test_bodies import aware, make_body, make_meeting, make_member

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def body():
    return make_body()


@pytest.fixture
def meetings(body, coordinator):
    spring = make_meeting(
        body,
        coordinator,
        aware(2026, 3, 12, 14, 30),
        ends_at=aware(2026, 3, 12, 16, 30),
        title="1. Sitzung 2026",
        state=MeetingState.HELD,
    )
    autumn = make_meeting(body, coordinator, aware(2026, 9, 10, 9, 0), title="2. Sitzung 2026")
    cancelled = make_meeting(
        body, coordinator, aware(2026, 6, 1), title="Abgesagt", state=MeetingState.CANCELLED
    )
    other = make_meeting(
        make_body("Facharbeitskreis Integration", BodyKind.WORKING_CIRCLE, "FAK"),
        coordinator,
        aware(2026, 5, 5),
        title="Andere",
    )
    return {"spring": spring, "autumn": autumn, "cancelled": cancelled, "other": other}


def events(content):
    calendar = Calendar.from_ical(content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_body_feed_has_the_meetings_that_are_not_cancelled(as_user, body, meetings):
    response = as_user("coordinator").get(reverse("governance:body_feed", args=[body.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "sitzungen-lenkungsgruppe-kim.ics" in response["Content-Disposition"]
    found = events(response.content)
    assert set(found) == {
        f"kim-meeting-{meetings['spring'].pk}@kim",
        f"kim-meeting-{meetings['autumn'].pk}@kim",
    }
    spring = found[f"kim-meeting-{meetings['spring'].pk}@kim"]
    assert str(spring["summary"]) == "LG: 1. Sitzung 2026"
    assert str(spring["location"]) == "Kreishaus Lüdenscheid, Sitzungsraum 1"
    start = spring.decoded("dtstart")
    assert start == datetime.datetime(2026, 3, 12, 14, 30, tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert spring.decoded("dtend") == datetime.datetime(2026, 3, 12, 16, 30, tzinfo=BERLIN)
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID:Europe/Berlin" in response.content


def test_a_meeting_without_end_lasts_two_hours(meetings):
    event = events(meeting_calendar(meetings["autumn"]))[f"kim-meeting-{meetings['autumn'].pk}@kim"]

    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=2)


def test_uid_stays_when_the_meeting_moves(body, meetings):
    meeting = meetings["autumn"]
    before = set(events(body_calendar(body)))
    meeting.starts_at = aware(2026, 9, 17, 9, 0)
    meeting.save()

    assert set(events(body_calendar(body))) == before


def test_meeting_ics_is_one_event_with_agenda(as_user, meetings, coordinator):
    meeting = meetings["spring"]
    report = HurdleReportFactory()
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Wartezeiten", report=report)

    response = as_user("coordinator").get(reverse("governance:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    assert "sitzung-lg-2026-03-12.ics" in response["Content-Disposition"]
    found = events(response.content)
    assert list(found) == [f"kim-meeting-{meeting.pk}@kim"]
    event = found[f"kim-meeting-{meeting.pk}@kim"]
    description = str(event["description"])
    assert "TOP 1: Begrüßung" in description
    assert "TOP 2: Wartezeiten" in description
    assert report.number not in description  # members read the calendar, reports stay inside
    assert str(event["url"]).endswith(reverse("governance:meeting_detail", args=[meeting.pk]))


def test_a_cancelled_meeting_downloads_as_cancelled(as_user, meetings):
    meeting = meetings["cancelled"]

    response = as_user("coordinator").get(reverse("governance:meeting_ics", args=[meeting.pk]))

    event = events(response.content)[f"kim-meeting-{meeting.pk}@kim"]
    assert str(event["status"]) == "CANCELLED"


def test_a_member_reads_the_feed_of_own_body_only(as_user, body, meetings, steering_member):
    make_member(body, "Thomas Becker", user=steering_member)
    client = as_user("steering_member")

    assert client.get(reverse("governance:body_feed", args=[body.pk])).status_code == 200
    other_body = meetings["other"].body
    assert client.get(reverse("governance:body_feed", args=[other_body.pk])).status_code == 404
    assert (
        client.get(reverse("governance:meeting_ics", args=[meetings["other"].pk])).status_code
        == 404
    )
