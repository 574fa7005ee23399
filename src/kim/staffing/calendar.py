"""The consultation hours of a municipality as an iCalendar feed (RFC 5545).

Every consultation hour is one weekly recurring event in Europe/Berlin, from its first weekday on or
after ``valid_from`` up to ``valid_until`` (if set). The UID stays the same when the hours are
edited, so that a subscribed calendar updates the event instead of adding a new one.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from .models import ConsultationHours

TZ = ZoneInfo("Europe/Berlin")
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def feed_hours(municipality, today=None):
    """Hours of ``municipality`` that have not ended by ``today`` (current and future ones)."""
    today = today or timezone.localdate()
    return (
        ConsultationHours.objects.filter(municipality=municipality)
        .exclude(valid_until__lt=today)
        .select_related("room", "case_manager", "municipality__district")
        .order_by("weekday", "starts_at", "pk")
    )


def first_occurrence(hours):
    """The first date on or after ``valid_from`` that falls on the weekday of ``hours``."""
    return hours.valid_from + datetime.timedelta(
        days=(hours.weekday - hours.valid_from.weekday()) % 7
    )


def uid(hours):
    return f"kim-hours-{hours.pk}@{hours.municipality.district.key}"


def location(hours):
    room = hours.room
    return f"{room.name}, {room.address}" if room.address else room.name


def event_for(hours, stamp):
    """The weekly event of one consultation hour, or None if it never takes place."""
    first = first_occurrence(hours)
    if hours.valid_until and first > hours.valid_until:
        return None
    name = hours.case_manager.get_full_name() or hours.case_manager.username
    event = Event()
    event.add("uid", uid(hours))
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.datetime.combine(first, hours.starts_at, tzinfo=TZ))
    event.add("dtend", datetime.datetime.combine(first, hours.ends_at, tzinfo=TZ))
    rule = {"FREQ": "WEEKLY", "BYDAY": BYDAY[hours.weekday]}
    if hours.valid_until:
        # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC; the whole last day counts
        last = datetime.datetime.combine(hours.valid_until, datetime.time(23, 59, 59), tzinfo=TZ)
        rule["UNTIL"] = last.astimezone(datetime.UTC)
    event.add("rrule", vRecur(rule))
    event.add("summary", _("KIM-Sprechstunde %(name)s") % {"name": name})
    event.add("location", location(hours))
    description = [
        _("Sprechzeit des KIM-Case-Managements in %(municipality)s")
        % {"municipality": hours.municipality.name}
    ]
    if hours.note:
        description.append(hours.note)
    if hours.room.accessible:
        description.append(_("Der Raum ist barrierefrei."))
    event.add("description", "\n".join(description))
    event.add("transp", "TRANSPARENT")
    return event


def hours_calendar(municipality, today=None) -> bytes:
    district = municipality.district
    calendar = Calendar()
    calendar.add("prodid", f"-//{district.name}//KIM Sprechzeiten//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("KIM-Sprechzeiten in %(municipality)s") % {"municipality": municipality.name}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    stamp = timezone.now().astimezone(datetime.UTC)
    for hours in feed_hours(municipality, today):
        event = event_for(hours, stamp)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
