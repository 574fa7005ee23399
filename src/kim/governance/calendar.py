"""Meetings of the bodies as iCalendar (RFC 5545): one file per meeting, one feed per body.

Times are given in Europe/Berlin. The UID of a meeting (``kim-meeting-<pk>@kim``) never changes, so
a subscribed calendar updates a moved meeting instead of adding it twice. A meeting without an end
is entered with a default length of two hours. Report numbers and other internal links of an agenda
item never go into a calendar: the feed is read by every member of the body.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Meeting, MeetingState

TZ = ZoneInfo("Europe/Berlin")
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def uid(meeting):
    return f"kim-meeting-{meeting.pk}@kim"


def body_label(body):
    return body.short_name or body.name


def summary(meeting):
    return f"{body_label(meeting.body)}: {meeting.title}"


def description(meeting):
    parts = []
    if meeting.invitation:
        parts.append(meeting.invitation.strip())
    items = list(meeting.agenda_items.all())
    if items:
        lines = [f"TOP {item.position}: {item.title}" for item in items]
        parts.append("\n".join([_("Tagesordnung:"), *lines]))
    return "\n\n".join(parts)


def event_for(meeting, stamp, url=None):
    start = meeting.starts_at.astimezone(TZ)
    end = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(TZ)
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    text = description(meeting)
    if text:
        event.add("description", text)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meeting.state == MeetingState.CANCELLED else "CONFIRMED")
    return event


def _calendar(name, meetings, url_for=None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//KIM Kommunales Integrationsmanagement//Gremien//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    stamp = timezone.now().astimezone(datetime.UTC)
    for meeting in meetings:
        calendar.add_component(event_for(meeting, stamp, url_for(meeting) if url_for else None))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_meetings(body):
    """Every meeting of ``body`` that is not cancelled, past ones too."""
    return (
        Meeting.objects.filter(body=body)
        .exclude(state=MeetingState.CANCELLED)
        .select_related("body")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "pk")
    )


def body_calendar(body, url_for=None) -> bytes:
    name = _("Sitzungen: %(body)s") % {"body": body.name}
    return _calendar(name, feed_meetings(body), url_for)


def meeting_calendar(meeting, url_for=None) -> bytes:
    return _calendar(summary(meeting), [meeting], url_for)
