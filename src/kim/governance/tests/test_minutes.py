"""Minutes: writing a draft (from a skeleton of the meeting), approval in a later meeting of the
same body, frozen approved minutes, corrections as new versions with a reason, and who may do it.

The helpers at the top build a small steering group world; the other minutes tests use them.
"""

import datetime

import pytest
from concurrency.forms import get_signer
from django.urls import reverse
from django.utils import timezone

from kim.conftest import ROLE_FIXTURES
from kim.directory.models import District
from kim.directory.tests.factories import OrganisationFactory
from kim.governance import services
from kim.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    Minutes,
    MinutesState,
    Resolution,
    ResolutionKind,
    ResolutionResult,
    Seat,
    SeatRole,
)
from kim.hurdles.models import GenerativeTheme, ThemeState

pytestmark = pytest.mark.django_db


# --- helpers (also used by test_minutes_pdf, test_distribution, test_activity_report) -------------


def aware(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_district():
    return District.objects.get_or_create(key="05962", defaults={"name": "Märkischer Kreis"})[0]


def make_body(name="Lenkungsgruppe KIM", kind=BodyKind.STEERING_GROUP, **kwargs):
    return Body.objects.create(name=name, short_name=kwargs.pop("short_name", "LG"), kind=kind)


def make_meeting(body, by, starts_at, **kwargs):
    defaults = {
        "title": kwargs.pop("title", f"{body.short_name or body.name} Sitzung"),
        "ends_at": starts_at + datetime.timedelta(hours=2),
        "place": "Kreishaus Lüdenscheid, Sitzungsraum 1",
        "state": MeetingState.HELD,
    }
    defaults.update(kwargs)
    return Meeting.objects.create(body=body, starts_at=starts_at, created_by=by, **defaults)


def make_member(body, name, *, user=None, email="", seat=None, organisation=None, **kwargs):
    return Membership.objects.create(
        body=body,
        seat=seat,
        user=user,
        name=name,
        email=email,
        organisation=organisation,
        function=kwargs.pop("function", MembershipFunction.MEMBER),
        starts_on=kwargs.pop("starts_on", datetime.date(2025, 1, 1)),
        **kwargs,
    )


def make_minutes(meeting, by, text="TOP 1: Begrüßung\nDie Vorsitzende begrüßt.", **kwargs):
    return Minutes.objects.create(meeting=meeting, text=text, created_by=by, **kwargs)


def approve(minutes, in_meeting, by):
    return services.approve_minutes(minutes, in_meeting=in_meeting, by=by)


def make_world(coordinator):
    """A steering group with a chair seat, a meeting on 12.03.2026 with three agenda items,
    attendance and a resolution that set up a working group for a theme, and a later meeting
    on 10.09.2026; another body with a meeting in between."""
    make_district()
    youth_office = OrganisationFactory(name="Fachbereich Jugend und Bildung")
    body = make_body()
    chair = Seat.objects.create(
        body=body, label="Vorsitz", role=SeatRole.CHAIR, organisation=youth_office, position=1
    )
    make_member(
        body,
        "Dr. Ute Brandt",
        seat=chair,
        organisation=youth_office,
        email="u.brandt@example.org",
    )
    make_member(body, "Karl Weber", email="k.weber@example.org")
    make_member(body, "Ohne Adresse")
    make_member(
        body,
        "Ehemaliges Mitglied",
        email="ehemals@example.org",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    meeting = make_meeting(body, coordinator, aware(2026, 3, 12), title="1. Sitzung 2026")
    items = [
        AgendaItem.objects.create(meeting=meeting, position=i, title=title)
        for i, title in enumerate(
            [
                "Begrüßung und Feststellung der Beschlussfähigkeit",
                "Bericht der Koordination",
                "Generatives Thema: Wartezeiten bei der Ausländerbehörde",
            ],
            start=1,
        )
    ]
    Attendance.objects.create(
        meeting=meeting,
        name="Dr. Ute Brandt",
        organisation="Fachbereich Jugend und Bildung",
        status=AttendanceStatus.PRESENT,
    )
    Attendance.objects.create(
        meeting=meeting,
        name="Karl Weber",
        organisation="Jobcenter",
        status=AttendanceStatus.PRESENT,
    )
    Attendance.objects.create(
        meeting=meeting,
        name="Sabine Yilmaz",
        organisation="Caritas",
        status=AttendanceStatus.EXCUSED,
    )
    theme = GenerativeTheme.objects.create(
        title="Wartezeiten bei der Ausländerbehörde",
        cluster="Aufenthalt",
        summary="Termine bei der Ausländerbehörde dauern lange.",
        state=ThemeState.WORKING_GROUP,
        created_by=coordinator,
    )
    resolution = Resolution.objects.create(
        meeting=meeting,
        agenda_item=items[2],
        number="LG-2026-01",
        text="Die Lenkungsgruppe richtet eine Arbeitsgruppe zu den Wartezeiten ein.",
        kind=ResolutionKind.SET_UP_WORKING_GROUP,
        votes_for=7,
        votes_against=0,
        votes_abstain=1,
        result=ResolutionResult.ADOPTED,
        theme=theme,
        created_by=coordinator,
    )
    group = Body.objects.create(
        name="AG Wartezeiten ABH",
        kind=BodyKind.WORKING_GROUP,
        theme=theme,
        set_up_by=resolution,
    )
    make_member(group, "Mia Schulte", email="m.schulte@example.org", starts_on=timezone.localdate())
    next_meeting = make_meeting(
        body, coordinator, aware(2026, 9, 10), title="2. Sitzung 2026", state=MeetingState.PLANNED
    )
    earlier_meeting = make_meeting(body, coordinator, aware(2025, 11, 5), title="2. Sitzung 2025")
    other_body = make_body(
        "Facharbeitskreis Integration", BodyKind.WORKING_CIRCLE, short_name="FAK"
    )
    other_meeting = make_meeting(other_body, coordinator, aware(2026, 5, 6))
    return {
        "body": body,
        "meeting": meeting,
        "items": items,
        "resolution": resolution,
        "theme": theme,
        "group": group,
        "next_meeting": next_meeting,
        "earlier_meeting": earlier_meeting,
        "other_body": other_body,
        "other_meeting": other_meeting,
    }


@pytest.fixture
def world(coordinator):
    return make_world(coordinator)


def lock(minutes=None):
    """The signed ``version_lock`` the form carries (empty for a new draft)."""
    return get_signer().sign(minutes.version_lock) if minutes else ""


def edit_url(meeting):
    return reverse("governance:minutes_edit", args=[meeting.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- writing the draft -------------------------------------------------------------------------


def test_a_new_draft_starts_from_the_meeting(as_user, world):
    response = as_user("coordinator").get(edit_url(world["meeting"]))

    assert response.status_code == 200
    text = response.context["form"].initial["text"]
    assert "12.03.2026, 10:00–12:00 Uhr" in text
    assert "Ort: Kreishaus Lüdenscheid, Sitzungsraum 1" in text
    assert "Anwesend: Dr. Ute Brandt (Fachbereich Jugend und Bildung), Karl Weber (Jobcenter)" in (
        text
    )
    assert "Entschuldigt: Sabine Yilmaz (Caritas)" in text
    assert "TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit" in text
    assert "TOP 2: Bericht der Koordination" in text
    top3 = text.index("TOP 3: Generatives Thema")
    resolution = text.index("Beschluss LG-2026-01: Die Lenkungsgruppe richtet")
    assert resolution > top3
    assert "7 Ja · 0 Nein · 1 Enthaltung(en) – angenommen" in text
    assert not Minutes.objects.exists()


def test_saving_creates_the_first_draft(as_user, world, coordinator):
    response = as_user("coordinator").post(
        edit_url(world["meeting"]),
        {"text": "TOP 1: Begrüßung\nAlle sind da.", "version_lock": lock()},
    )

    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.meeting == world["meeting"]
    assert (minutes.version, minutes.state) == (1, MinutesState.DRAFT)
    assert minutes.text == "TOP 1: Begrüßung\nAlle sind da."
    assert minutes.created_by == coordinator
    assert "Der Entwurf (Fassung 1) ist gespeichert." in messages_of(
        as_user("coordinator").get(response.url)
    )


def test_saving_again_changes_the_draft_in_place(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(
        edit_url(world["meeting"]), {"text": "Neuer Text", "version_lock": lock(minutes)}
    )

    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (Minutes.objects.count(), minutes.version, minutes.text) == (1, 1, "Neuer Text")


def test_an_empty_text_is_refused(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(
        edit_url(world["meeting"]), {"text": "  ", "version_lock": lock(minutes)}
    )

    assert response.status_code == 200
    assert "Bitte schreiben Sie den Protokolltext." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.text.startswith("TOP 1: Begrüßung")


def test_a_save_over_someone_elses_change_is_refused_and_keeps_the_text(
    as_user, world, coordinator
):
    minutes = make_minutes(world["meeting"], coordinator)
    stale = minutes.version_lock
    minutes.text = "Zwischendurch gespeichert"
    minutes.save()

    response = as_user("coordinator").post(
        edit_url(world["meeting"]), {"text": "Mein Text", "version_lock": get_signer().sign(stale)}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "in der Zwischenzeit von jemand anderem gespeichert" in body
    assert "Mein Text" in body
    minutes.refresh_from_db()
    assert minutes.text == "Zwischendurch gespeichert"


def test_approved_minutes_are_frozen(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator, text="Genehmigter Text")
    minutes = approve(minutes, world["next_meeting"], coordinator)
    client = as_user("coordinator")

    page = client.get(edit_url(world["meeting"]))
    assert "kann nicht mehr geändert werden" in page.content.decode()
    assert not page.context["editable"]

    response = client.post(
        edit_url(world["meeting"]), {"text": "Geändert", "version_lock": lock(minutes)}
    )

    assert response.status_code == 200
    assert "Ein genehmigtes Protokoll kann nicht mehr geändert werden." in (
        response.content.decode()
    )
    minutes.refresh_from_db()
    assert (minutes.text, minutes.state, Minutes.objects.count()) == (
        "Genehmigter Text",
        MinutesState.APPROVED,
        1,
    )


def test_the_service_refuses_to_save_frozen_minutes(world, coordinator):
    from kim.governance.forms.minutes import MinutesForm

    minutes = approve(
        make_minutes(world["meeting"], coordinator), world["next_meeting"], coordinator
    )
    form = MinutesForm(
        {"text": "anders", "version_lock": lock(minutes)},
        instance=minutes,
        meeting=world["meeting"],
    )
    assert form.is_valid()

    with pytest.raises(services.GovernanceError):
        services.save_minutes(form, by=coordinator)

    minutes.refresh_from_db()
    assert minutes.text.startswith("TOP 1: Begrüßung")


# --- approval ----------------------------------------------------------------------------------


def approve_url(minutes):
    return reverse("governance:minutes_approve", args=[minutes.pk])


def test_the_page_offers_only_later_meetings_of_the_body(as_user, world, coordinator):
    make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").get(edit_url(world["meeting"]))

    choices = list(response.context["approve_form"].fields["in_meeting"].queryset)
    assert choices == [world["next_meeting"]]


def test_approval_in_a_later_meeting_freezes_the_minutes(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(
        approve_url(minutes), {"in_meeting": world["next_meeting"].pk}
    )

    assert response.status_code == 302
    assert response.url == edit_url(world["meeting"])
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED
    assert minutes.approved_in == world["next_meeting"]
    assert minutes.approved_by == coordinator
    assert minutes.approved_at is not None


@pytest.mark.parametrize("which", ["earlier_meeting", "other_meeting", "meeting"])
def test_approval_in_an_earlier_or_foreign_meeting_is_refused(as_user, world, coordinator, which):
    minutes = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(approve_url(minutes), {"in_meeting": world[which].pk})

    assert response.status_code == 200
    assert (
        "Ein Protokoll wird in einer späteren Sitzung desselben Gremiums genehmigt."
        in response.content.decode()
    )
    minutes.refresh_from_db()
    assert (minutes.state, minutes.approved_in) == (MinutesState.DRAFT, None)


def test_approval_without_a_meeting_is_refused(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(approve_url(minutes), {"in_meeting": ""})

    assert response.status_code == 200
    assert "Bitte wählen Sie die Sitzung, in der das Protokoll genehmigt wurde." in (
        response.content.decode()
    )
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT


@pytest.mark.parametrize("which", ["earlier_meeting", "other_meeting"])
def test_the_service_refuses_an_earlier_or_foreign_meeting(world, coordinator, which):
    minutes = make_minutes(world["meeting"], coordinator)

    with pytest.raises(services.GovernanceError) as exc:
        approve(minutes, world[which], coordinator)

    assert exc.value.field == "in_meeting"
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT


def test_approving_twice_is_refused(as_user, world, coordinator):
    minutes = approve(
        make_minutes(world["meeting"], coordinator), world["next_meeting"], coordinator
    )
    third = make_meeting(world["body"], coordinator, aware(2027, 3, 1))

    response = as_user("coordinator").post(approve_url(minutes), {"in_meeting": third.pk})

    assert response.status_code == 200
    assert "Dieses Protokoll ist bereits genehmigt." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.approved_in == world["next_meeting"]


def test_approval_is_post_only(as_user, world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator)

    assert as_user("coordinator").get(approve_url(minutes)).status_code == 405


def test_without_a_later_meeting_the_page_says_to_plan_one(as_user, world, coordinator):
    world["next_meeting"].delete()
    make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").get(edit_url(world["meeting"]))

    assert "Es gibt noch keine spätere Sitzung" in response.content.decode()


# --- correction --------------------------------------------------------------------------------


def correct_url(minutes):
    return reverse("governance:minutes_correct", args=[minutes.pk])


@pytest.fixture
def approved(world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator, text="Fassung eins")
    return approve(minutes, world["next_meeting"], coordinator)


def test_a_correction_is_a_new_draft_version_with_its_reason(as_user, world, approved):
    client = as_user("coordinator")
    assert client.get(correct_url(approved)).context["form"].initial["text"] == "Fassung eins"

    response = client.post(
        correct_url(approved), {"text": "Fassung zwei", "reason": "Name falsch geschrieben"}
    )

    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.text, approved.state) == ("Fassung eins", MinutesState.APPROVED)
    correction = Minutes.objects.get(version=2)
    assert correction.meeting == world["meeting"]
    assert correction.state == MinutesState.DRAFT
    assert (correction.text, correction.correction_reason) == (
        "Fassung zwei",
        "Name falsch geschrieben",
    )
    page = client.get(edit_url(world["meeting"]))
    assert page.context["current"] == correction
    body = page.content.decode()
    assert "Name falsch geschrieben" in body
    assert "2. Sitzung 2026" in body  # version 1 approved in that meeting


def test_a_correction_without_reason_is_refused(as_user, approved):
    response = as_user("coordinator").post(
        correct_url(approved), {"text": "Fassung zwei", "reason": "   "}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitte begründen Sie die Korrektur." in body
    assert "Fassung zwei" in body
    assert Minutes.objects.count() == 1


def test_a_draft_is_not_corrected_but_edited(as_user, world, coordinator):
    draft = make_minutes(world["meeting"], coordinator)

    response = as_user("coordinator").post(correct_url(draft), {"text": "x", "reason": "y"})

    assert response.status_code == 200
    assert "Einen Entwurf ändern Sie direkt" in response.content.decode()
    assert Minutes.objects.count() == 1


def test_a_second_correction_of_the_same_version_is_refused(as_user, approved, coordinator):
    services.correct_minutes(approved, text="zwei", reason="Tippfehler", by=coordinator)

    response = as_user("coordinator").post(correct_url(approved), {"text": "drei", "reason": "z"})

    assert response.status_code == 200
    assert "Es gibt schon eine neuere Fassung (Fassung 2)." in response.content.decode()
    assert Minutes.objects.count() == 2


def test_a_corrected_version_is_approved_again(world, approved, coordinator):
    correction = services.correct_minutes(
        approved, text="zwei", reason="Tippfehler", by=coordinator
    )
    third = make_meeting(world["body"], coordinator, aware(2027, 3, 1))

    approve(correction, third, coordinator)

    correction.refresh_from_db()
    assert (correction.state, correction.approved_in) == (MinutesState.APPROVED, third)


# --- who may -----------------------------------------------------------------------------------

OTHER_ROLES = [role for role in ROLE_FIXTURES if role != "coordinator"]


@pytest.fixture
def member_world(world, steering_member):
    make_member(world["body"], "Thomas Becker", user=steering_member)
    return world


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_coordination_writes_minutes(as_user, member_world, coordinator, role):
    response = as_user(role).post(
        edit_url(member_world["meeting"]), {"text": "x", "version_lock": lock()}
    )

    assert response.status_code == 403
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_coordination_opens_the_minutes_page(as_user, member_world, role):
    assert as_user(role).get(edit_url(member_world["meeting"])).status_code == 403


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_coordination_approves(as_user, member_world, coordinator, role):
    minutes = make_minutes(member_world["meeting"], coordinator)

    response = as_user(role).post(
        approve_url(minutes), {"in_meeting": member_world["next_meeting"].pk}
    )

    assert response.status_code == 403
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_coordination_corrects(as_user, member_world, coordinator, role):
    minutes = approve(
        make_minutes(member_world["meeting"], coordinator),
        member_world["next_meeting"],
        coordinator,
    )

    response = as_user(role).post(correct_url(minutes), {"text": "x", "reason": "y"})

    assert response.status_code == 403
    assert Minutes.objects.count() == 1


def test_anonymous_users_get_no_minutes_page(client, world):
    response = client.get(edit_url(world["meeting"]))

    assert response.status_code == 302
    assert reverse("login") in response.url
    assert not Minutes.objects.exists()
