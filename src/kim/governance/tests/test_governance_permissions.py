"""Who may do what with bodies, meetings, agendas, attendance and resolutions (DOMAIN.md § 7):
coordination everything; a steering group member who is member of a body reads its meetings,
agendas and resolutions, gets 403 on every write and 404 on a body they are not member of; every
other role gets 403."""

import pytest
from django.urls import reverse

from kim.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    Membership,
    Resolution,
)

from .test_bodies import aware, make_body, make_meeting, make_member, make_resolution, make_seat

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["case_manager", "external_partner", "auditor", "administrator", "user_without_role"]


@pytest.fixture
def world(coordinator, steering_member):
    body = make_body()
    seat = make_seat(body, "Jobcenter", 3)
    holder = make_member(body, "Karl Weber", seat=seat)
    make_member(body, "Thomas Becker", user=steering_member)
    meeting = make_meeting(body, coordinator, aware(2026, 3, 12), title="1. Sitzung 2026")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Bericht der Koordination")
    make_resolution(meeting, coordinator, agenda_item=item, text="Der Bericht wird angenommen.")
    other = make_body("Facharbeitskreis MSO", BodyKind.WORKING_CIRCLE, "FAK MSO")
    other_meeting = make_meeting(other, coordinator, aware(2026, 4, 2), title="FAK MSO April")
    return {
        "body": body,
        "holder": holder,
        "meeting": meeting,
        "other": other,
        "other_meeting": other_meeting,
    }


def read_urls(body, meeting):
    return [
        reverse("governance:body_list"),
        reverse("governance:body_detail", args=[body.pk]),
        reverse("governance:body_feed", args=[body.pk]),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:meeting_ics", args=[meeting.pk]),
    ]


def write_urls(world):
    body, meeting = world["body"], world["meeting"]
    return [
        reverse("governance:membership_create", args=[body.pk]),
        reverse("governance:meeting_create", args=[body.pk]),
        reverse("governance:meeting_edit", args=[meeting.pk]),
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        reverse("governance:attendance_edit", args=[meeting.pk]),
        reverse("governance:resolution_create", args=[meeting.pk]),
    ]


WRITE_POSTS = {
    "membership_create": {"name": "Eindringling", "function": "member", "starts_on": "2026-01-01"},
    "meeting_create": {
        "title": "Heimlich",
        "starts_at": "2026-10-01T10:00",
        "place": "X",
        "state": "planned",
    },
    "meeting_edit": {
        "title": "Umbenannt",
        "starts_at": "2026-10-01T10:00",
        "place": "X",
        "state": "cancelled",
    },
    "agenda_item_create": {"position": "9", "title": "Heimlich"},
    "attendance_edit": {},
    "resolution_create": {
        "number": "X 1",
        "text": "Heimlich",
        "kind": "other",
        "votes_for": "1",
        "votes_against": "0",
        "votes_abstain": "0",
        "result": "adopted",
    },
}


def snapshot():
    return (
        Membership.objects.count(),
        list(Membership.objects.values_list("ends_on", flat=True)),
        Meeting.objects.count(),
        list(Meeting.objects.values_list("title", "state")),
        AgendaItem.objects.count(),
        Attendance.objects.count(),
        Resolution.objects.count(),
        Body.objects.count(),
    )


# --- coordination ----------------------------------------------------------------------------


def test_coordination_reads_everything(as_user, world):
    client = as_user("coordinator")
    for url in read_urls(world["other"], world["other_meeting"]) + read_urls(
        world["body"], world["meeting"]
    ):
        assert client.get(url).status_code == 200, url


def test_coordination_opens_every_form(as_user, world):
    client = as_user("coordinator")
    for url in write_urls(world):
        assert client.get(url).status_code == 200, url


def test_coordination_ends_a_membership(as_user, world):
    response = as_user("coordinator").post(
        reverse("governance:membership_end", args=[world["holder"].pk])
    )

    assert response.status_code == 302
    world["holder"].refresh_from_db()
    assert world["holder"].ends_on is not None


# --- steering group member -------------------------------------------------------------------


def test_member_reads_meetings_agenda_and_resolutions(as_user, world):
    client = as_user("steering_member")
    for url in read_urls(world["body"], world["meeting"]):
        assert client.get(url).status_code == 200, url

    html = client.get(
        reverse("governance:meeting_detail", args=[world["meeting"].pk])
    ).content.decode()
    assert "Bericht der Koordination" in html
    assert "Der Bericht wird angenommen." in html


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("method", ["get", "post"])
def test_member_gets_403_on_every_write(as_user, world, index, method):
    url = write_urls(world)[index]
    name = list(WRITE_POSTS)[index]
    before = snapshot()

    client = as_user("steering_member")
    response = client.get(url) if method == "get" else client.post(url, WRITE_POSTS[name])

    assert response.status_code == 403
    assert snapshot() == before


def test_member_cannot_end_a_membership(as_user, world):
    response = as_user("steering_member").post(
        reverse("governance:membership_end", args=[world["holder"].pk])
    )

    assert response.status_code == 403
    world["holder"].refresh_from_db()
    assert world["holder"].ends_on is None


def test_member_gets_404_on_a_body_they_are_not_member_of(as_user, world):
    client = as_user("steering_member")
    urls = read_urls(world["other"], world["other_meeting"])[1:]  # the list is not per body
    for url in urls:
        assert client.get(url).status_code == 404, url

    html = client.get(reverse("governance:body_list")).content.decode()
    assert "Facharbeitskreis MSO" not in html


def test_a_steering_member_without_membership_gets_404(as_user, world, steering_member):
    Membership.objects.filter(user=steering_member).delete()
    client = as_user("steering_member")

    for url in read_urls(world["body"], world["meeting"])[1:]:
        assert client.get(url).status_code == 404, url


# --- everyone else ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_everywhere(as_user, world, role):
    client = as_user(role)
    before = snapshot()
    urls = read_urls(world["body"], world["meeting"]) + write_urls(world)
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url, data in zip(write_urls(world), WRITE_POSTS.values(), strict=True):
        assert client.post(url, data).status_code == 403, url
    end = reverse("governance:membership_end", args=[world["holder"].pk])
    assert client.post(end).status_code == 403
    assert snapshot() == before


def test_anonymous_is_sent_to_the_login(client, world):
    for url in read_urls(world["body"], world["meeting"]) + write_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
