"""Bodies: the list grouped by kind (seats, members, next meeting, meetings this year against the
rhythm) and the detail page (seats with member and deputy, other members, meetings).

The helpers at the top build small bodies; test_memberships, test_meetings, test_resolutions,
test_governance_calendar and test_governance_permissions use them too.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.directory.tests.factories import OrganisationFactory
from kim.governance.models import (
    Body,
    BodyKind,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    Resolution,
    ResolutionKind,
    ResolutionResult,
    Seat,
    SeatRole,
)
from kim.hurdles.models import GenerativeTheme, ThemeState

pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------------------------


def aware(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def days_from_now(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return aware(day.year, day.month, day.day, hour)


def make_body(name="Lenkungsgruppe KIM", kind=BodyKind.STEERING_GROUP, short_name="LG", **kwargs):
    return Body.objects.create(name=name, kind=kind, short_name=short_name, **kwargs)


def make_seat(body, label, position, role=SeatRole.MEMBER, organisation=None):
    return Seat.objects.create(
        body=body, label=label, position=position, role=role, organisation=organisation
    )


def make_member(body, name, *, seat=None, function=MembershipFunction.MEMBER, **kwargs):
    kwargs.setdefault("starts_on", datetime.date(2024, 1, 1))
    return Membership.objects.create(body=body, seat=seat, function=function, name=name, **kwargs)


def make_meeting(body, by, starts_at=None, **kwargs):
    starts_at = starts_at or days_from_now(14)
    kwargs.setdefault("title", f"Sitzung {body.short_name or body.name}")
    kwargs.setdefault("place", "Kreishaus Lüdenscheid, Sitzungsraum 1")
    return Meeting.objects.create(body=body, starts_at=starts_at, created_by=by, **kwargs)


def make_theme(by, title="Wartezeiten bei der Ausländerbehörde", **kwargs):
    kwargs.setdefault("state", ThemeState.BEFORE_STEERING_GROUP)
    return GenerativeTheme.objects.create(
        title=title,
        cluster="Aufenthalt",
        summary="Lange Wartezeiten verzögern die Arbeitsaufnahme.",
        created_by=by,
        **kwargs,
    )


def make_resolution(meeting, by, number="LG 2026/1", **kwargs):
    defaults = {
        "text": "Die Lenkungsgruppe beschließt.",
        "kind": ResolutionKind.OTHER,
        "votes_for": 7,
        "votes_against": 0,
        "votes_abstain": 1,
        "result": ResolutionResult.ADOPTED,
    }
    defaults.update(kwargs)
    return Resolution.objects.create(meeting=meeting, number=number, created_by=by, **defaults)


def steering_group_with_seats():
    """The steering group with chair, deputy chair and one institution seat, each held by a
    member and (chair) a deputy; one former member."""
    youth = OrganisationFactory(name="Fachbereich Jugend und Bildung")
    ki = OrganisationFactory(name="Kommunales Integrationszentrum")
    jobcenter = OrganisationFactory(name="Jobcenter Märkischer Kreis")
    body = make_body(meetings_per_year=2)
    chair = make_seat(body, "Vorsitz", 1, SeatRole.CHAIR, youth)
    deputy_chair = make_seat(body, "Stellvertretender Vorsitz", 2, SeatRole.DEPUTY_CHAIR, ki)
    job = make_seat(body, "Jobcenter", 3, organisation=jobcenter)
    make_member(body, "Dr. Ute Brandt", seat=chair, organisation=youth)
    make_member(
        body, "Malte Sommer", seat=chair, function=MembershipFunction.DEPUTY, organisation=youth
    )
    make_member(body, "Aylin Demir", seat=deputy_chair, organisation=ki)
    make_member(
        body,
        "Frühere Person",
        seat=job,
        organisation=jobcenter,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    return body


# --- body list -------------------------------------------------------------------------------


def test_list_groups_bodies_by_kind_with_counts(as_user, coordinator):
    body = steering_group_with_seats()
    group = make_body("AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="")
    make_member(group, "Eva Lang", is_lead=True)
    make_body("Integrationsrat Iserlohn", BodyKind.INFORMED, short_name="")

    response = as_user("coordinator").get(reverse("governance:body_list"))

    assert response.status_code == 200
    html = response.content.decode()
    for caption in ("Lenkungsgruppe", "Arbeitsgruppe", "informiertes Gremium"):
        assert f'<caption class="kern-title">{caption}</caption>' in html
    assert html.index(">Lenkungsgruppe</caption>") < html.index(">Arbeitsgruppe</caption>")
    groups = dict(response.context["groups"])
    steering = groups["Lenkungsgruppe"][0]
    assert steering == body
    assert steering.seat_count == 3
    assert steering.member_count == 3  # the former member does not count
    assert groups["Arbeitsgruppe"][0].member_count == 1


def test_list_shows_meetings_this_year_against_the_rhythm(as_user, coordinator):
    body = steering_group_with_seats()
    year = timezone.localdate().year
    make_meeting(body, coordinator, aware(year, 1, 15), state=MeetingState.HELD)
    make_meeting(body, coordinator, aware(year, 2, 15), state=MeetingState.CANCELLED)
    make_meeting(body, coordinator, aware(year - 1, 11, 5), state=MeetingState.HELD)

    response = as_user("coordinator").get(reverse("governance:body_list"))

    assert f"1 von 2 Sitzungen {year}" in response.content.decode()


def test_list_shows_the_next_meeting(as_user, coordinator):
    body = steering_group_with_seats()
    next_meeting = make_meeting(body, coordinator, days_from_now(10))
    make_meeting(body, coordinator, days_from_now(40))
    make_meeting(body, coordinator, days_from_now(5), state=MeetingState.CANCELLED)

    response = as_user("coordinator").get(reverse("governance:body_list"))

    html = response.content.decode()
    assert reverse("governance:meeting_detail", args=[next_meeting.pk]) in html
    assert timezone.localtime(next_meeting.starts_at).strftime("%d.%m.%Y 10:00") in html


def test_member_lists_only_own_bodies(as_user, steering_member):
    body = steering_group_with_seats()
    make_member(body, "Thomas Becker", user=steering_member)
    make_body("Facharbeitskreis MSO", BodyKind.WORKING_CIRCLE, short_name="FAK MSO")

    response = as_user("steering_member").get(reverse("governance:body_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lenkungsgruppe KIM" in html
    assert "Facharbeitskreis MSO" not in html


def test_member_without_membership_sees_an_empty_list(as_user, steering_member):
    steering_group_with_seats()

    response = as_user("steering_member").get(reverse("governance:body_list"))

    assert response.status_code == 200
    assert "Sie sind in keinem Gremium als Mitglied eingetragen." in response.content.decode()


# --- body detail -----------------------------------------------------------------------------


def test_detail_shows_seats_in_order_with_member_and_deputy(as_user, coordinator):
    body = steering_group_with_seats()

    response = as_user("coordinator").get(reverse("governance:body_detail", args=[body.pk]))

    assert response.status_code == 200
    rows = response.context["seat_rows"]
    assert [seat.label for seat, _m, _d in rows] == [
        "Vorsitz",
        "Stellvertretender Vorsitz",
        "Jobcenter",
    ]
    _chair, member, deputy = rows[0]
    assert member.name == "Dr. Ute Brandt"
    assert deputy.name == "Malte Sommer"
    assert rows[2][1] is None  # the former member no longer holds the seat
    html = response.content.decode()
    assert "Fachbereich Jugend und Bildung" in html
    assert "unbesetzt" in html
    assert html.index("Dr. Ute Brandt") < html.index("Aylin Demir")


def test_detail_shows_rhythm_counts(as_user, coordinator):
    body = steering_group_with_seats()
    year = timezone.localdate().year
    make_meeting(body, coordinator, aware(year, 1, 15), state=MeetingState.HELD)

    response = as_user("coordinator").get(reverse("governance:body_detail", args=[body.pk]))

    html = response.content.decode()
    assert "2 Sitzungen im Jahr" in html
    assert f"1 von 2 Sitzungen {year}" in html
    assert response.context["meetings_this_year"] == 1


def test_working_group_shows_lead_theme_and_resolution(as_user, coordinator):
    steering = make_body()
    meeting = make_meeting(steering, coordinator, aware(2026, 3, 12), title="1. Sitzung 2026")
    theme = make_theme(coordinator, state=ThemeState.WORKING_GROUP)
    resolution = make_resolution(
        meeting, coordinator, kind=ResolutionKind.SET_UP_WORKING_GROUP, theme=theme
    )
    group = make_body(
        "AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="", theme=theme, set_up_by=resolution
    )
    make_member(group, "Eva Lang", is_lead=True)
    make_member(group, "Bernd Ott")

    response = as_user("coordinator").get(reverse("governance:body_detail", args=[group.pk]))

    html = response.content.decode()
    assert [m.name for m in response.context["others"]] == ["Eva Lang", "Bernd Ott"]
    assert "Leitung" in html
    assert "Wartezeiten bei der Ausländerbehörde" in html
    assert "Beschluss LG 2026/1" in html
    assert reverse("governance:meeting_detail", args=[meeting.pk]) in html


def test_detail_lists_upcoming_and_past_meetings(as_user, coordinator):
    body = steering_group_with_seats()
    past = make_meeting(body, coordinator, days_from_now(-30), title="Vergangene Sitzung")
    upcoming = make_meeting(body, coordinator, days_from_now(30), title="Kommende Sitzung")

    response = as_user("coordinator").get(reverse("governance:body_detail", args=[body.pk]))

    assert list(response.context["upcoming"]) == [upcoming]
    assert list(response.context["past"]) == [past]
    html = response.content.decode()
    assert html.index("Kommende Sitzung") < html.index("Vergangene Sitzung")


def test_coordination_gets_the_buttons(as_user, coordinator):
    body = steering_group_with_seats()

    html = as_user("coordinator").get(reverse("governance:body_detail", args=[body.pk]))
    html = html.content.decode()

    assert reverse("governance:membership_create", args=[body.pk]) in html
    assert reverse("governance:meeting_create", args=[body.pk]) in html
    member = Membership.objects.get(name="Dr. Ute Brandt")
    assert reverse("governance:membership_end", args=[member.pk]) in html
    assert "Frühere Person" in html  # in the list of former memberships


def test_member_reads_the_composition_without_buttons(as_user, steering_member):
    body = steering_group_with_seats()
    make_member(body, "Thomas Becker", user=steering_member)

    response = as_user("steering_member").get(reverse("governance:body_detail", args=[body.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dr. Ute Brandt" in html
    assert reverse("governance:membership_create", args=[body.pk]) not in html
    assert reverse("governance:meeting_create", args=[body.pk]) not in html
    assert "/end/" not in html
    assert "Frühere Person" not in html
