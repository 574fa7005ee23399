"""Meetings: planning and editing (date required, end after start), the meeting page (date, place,
invitation, agenda, attendance, resolutions, minutes links, calendar link), agenda items and the
attendance list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BodyKind,
    Meeting,
    MeetingState,
    MembershipFunction,
    Minutes,
    MinutesState,
)
from kim.hurdles.tests.factories import HurdleReportFactory

from .test_bodies import (
    aware,
    make_body,
    make_meeting,
    make_member,
    make_resolution,
    make_seat,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return make_body()


@pytest.fixture
def meeting(body, coordinator):
    return make_meeting(
        body,
        coordinator,
        aware(2026, 3, 12, 14, 30),
        ends_at=aware(2026, 3, 12, 16, 30),
        title="1. Sitzung 2026",
        invitation="Sehr geehrte Damen und Herren, hiermit lade ich ein.",
    )


def meeting_data(**overrides):
    data = {
        "title": "2. Sitzung 2026",
        "starts_at": "2026-09-10T14:00",
        "ends_at": "2026-09-10T16:00",
        "place": "Kreishaus Lüdenscheid",
        "invitation": "Einladung",
        "state": "planned",
    }
    data.update(overrides)
    return data


# --- planning and editing --------------------------------------------------------------------


def test_coordination_plans_a_meeting(as_user, body, coordinator):
    response = as_user("coordinator").post(
        reverse("governance:meeting_create", args=[body.pk]), meeting_data()
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("governance:meeting_detail", args=[meeting.pk])
    assert meeting.body == body
    assert meeting.created_by == coordinator
    assert timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M") == "10.09.2026 14:00"
    assert meeting.state == MeetingState.PLANNED


def test_a_meeting_without_date_is_refused(as_user, body):
    response = as_user("coordinator").post(
        reverse("governance:meeting_create", args=[body.pk]), meeting_data(starts_at="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [
        "Bitte geben Sie Datum und Uhrzeit der Sitzung an."
    ]
    assert "2. Sitzung 2026" in response.content.decode()  # what was entered stays
    assert not Meeting.objects.exists()


def test_an_end_before_the_start_is_refused(as_user, body):
    response = as_user("coordinator").post(
        reverse("governance:meeting_create", args=[body.pk]),
        meeting_data(ends_at="2026-09-10T13:00"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["Das Ende muss nach dem Beginn liegen."]
    assert not Meeting.objects.exists()


def test_a_meeting_without_place_is_refused(as_user, body):
    response = as_user("coordinator").post(
        reverse("governance:meeting_create", args=[body.pk]), meeting_data(place="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["place"] == ["Bitte geben Sie den Ort der Sitzung an."]
    assert not Meeting.objects.exists()


def test_editing_a_meeting(as_user, meeting):
    response = as_user("coordinator").post(
        reverse("governance:meeting_edit", args=[meeting.pk]),
        meeting_data(title="1. Sitzung 2026 (verlegt)", state="cancelled"),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "1. Sitzung 2026 (verlegt)"
    assert meeting.state == MeetingState.CANCELLED


def test_editing_with_a_bad_end_changes_nothing(as_user, meeting):
    response = as_user("coordinator").post(
        reverse("governance:meeting_edit", args=[meeting.pk]),
        meeting_data(starts_at="2026-09-10T14:00", ends_at="2026-09-10T14:00"),
    )

    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "1. Sitzung 2026"


# --- the meeting page ------------------------------------------------------------------------


@pytest.fixture
def full_meeting(meeting, body, coordinator):
    theme = make_theme(coordinator)
    group = make_body("AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="")
    report = HurdleReportFactory()
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        title="Wartezeiten",
        description="Vorstellung des Themas",
        theme=theme,
        working_group=group,
        report=report,
    )
    Attendance.objects.create(
        meeting=meeting, name="Dr. Ute Brandt", status=AttendanceStatus.PRESENT
    )
    Attendance.objects.create(meeting=meeting, name="Karl Weber", status=AttendanceStatus.EXCUSED)
    make_resolution(
        meeting,
        coordinator,
        agenda_item=item,
        text="Die Lenkungsgruppe nimmt den Bericht zur Kenntnis.",
        votes_for=6,
        votes_against=1,
        votes_abstain=2,
    )
    return {"meeting": meeting, "report": report, "group": group}


def test_meeting_page_shows_everything(as_user, full_meeting):
    meeting = full_meeting["meeting"]

    response = as_user("coordinator").get(reverse("governance:meeting_detail", args=[meeting.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "12.03.2026" in html
    assert "14:30 – 16:30" in html
    assert "Kreishaus Lüdenscheid, Sitzungsraum 1" in html
    assert "hiermit lade ich ein" in html
    assert html.index("Begrüßung") < html.index("Vorstellung des Themas")
    assert "Wartezeiten bei der Ausländerbehörde" in html
    assert "AG Wartezeiten" in html
    assert full_meeting["report"].number in html  # coordination sees the report number
    assert "Dr. Ute Brandt" in html and "entschuldigt" in html
    assert "Beschluss LG 2026/1" in html
    assert "Ja 6 · Nein 1 · Enthaltung 2" in html
    assert "angenommen" in html
    assert "nimmt den Bericht zur Kenntnis" in html
    assert reverse("governance:meeting_ics", args=[meeting.pk]) in html
    assert "Kalender (ics)" in html
    for name in ("meeting_edit", "agenda_item_create", "attendance_edit", "resolution_create"):
        assert reverse(f"governance:{name}", args=[meeting.pk]) in html


def test_members_do_not_see_report_numbers_or_buttons(as_user, full_meeting, steering_member):
    meeting = full_meeting["meeting"]
    make_member(meeting.body, "Thomas Becker", user=steering_member)

    response = as_user("steering_member").get(
        reverse("governance:meeting_detail", args=[meeting.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wartezeiten bei der Ausländerbehörde" in html
    assert "Ja 6 · Nein 1 · Enthaltung 2" in html
    assert full_meeting["report"].number not in html
    assert "Meldebogen" not in html
    for name in ("meeting_edit", "agenda_item_create", "attendance_edit", "resolution_create"):
        assert reverse(f"governance:{name}", args=[meeting.pk]) not in html


def test_minutes_links_for_coordination_and_members(as_user, meeting, coordinator, steering_member):
    make_member(meeting.body, "Thomas Becker", user=steering_member)
    approved = Minutes.objects.create(
        meeting=meeting, text="v1", created_by=coordinator, state=MinutesState.APPROVED
    )
    draft = Minutes.objects.create(meeting=meeting, version=2, text="v2", created_by=coordinator)
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    edit = reverse("governance:minutes_edit", args=[meeting.pk])
    pdf = reverse("governance:minutes_pdf", args=[approved.pk])

    html = as_user("coordinator").get(url).content.decode()
    assert edit in html and pdf in html
    assert "Protokollentwurf (Fassung 2) bearbeiten" in html

    html = as_user("steering_member").get(url).content.decode()
    assert pdf in html
    assert edit not in html
    assert reverse("governance:minutes_pdf", args=[draft.pk]) not in html
    assert "Protokollentwurf" not in html


def test_a_member_sees_no_link_to_draft_minutes(as_user, meeting, coordinator, steering_member):
    make_member(meeting.body, "Thomas Becker", user=steering_member)
    Minutes.objects.create(meeting=meeting, text="Entwurf", created_by=coordinator)

    response = as_user("steering_member").get(
        reverse("governance:meeting_detail", args=[meeting.pk])
    )

    html = response.content.decode()
    assert "noch nicht genehmigt" in html
    assert "/minutes/" not in html


# --- agenda items ----------------------------------------------------------------------------


def agenda_url(meeting):
    return reverse("governance:agenda_item_create", args=[meeting.pk])


def test_the_next_top_number_is_proposed(as_user, meeting):
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")

    form = as_user("coordinator").get(agenda_url(meeting)).context["form"]

    assert form["position"].value() == 2


def test_adding_an_agenda_item_with_links(as_user, meeting, coordinator):
    theme = make_theme(coordinator)
    group = make_body("AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="")
    report = HurdleReportFactory()

    response = as_user("coordinator").post(
        agenda_url(meeting),
        {
            "position": "1",
            "title": "Generatives Thema",
            "description": "Beratung",
            "theme": theme.pk,
            "working_group": group.pk,
            "report": report.pk,
        },
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.meeting, item.position, item.theme, item.working_group, item.report) == (
        meeting,
        1,
        theme,
        group,
        report,
    )


def test_save_and_add_another(as_user, meeting):
    response = as_user("coordinator").post(
        agenda_url(meeting), {"position": "1", "title": "Begrüßung", "another": "1"}
    )

    assert response.status_code == 302
    assert response.url == agenda_url(meeting)
    assert AgendaItem.objects.count() == 1


def test_a_top_number_twice_is_refused(as_user, meeting):
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")

    response = as_user("coordinator").post(agenda_url(meeting), {"position": "1", "title": "X"})

    assert response.status_code == 200
    assert response.context["form"].errors["position"] == [
        "Diese TOP-Nummer gibt es in der Sitzung schon."
    ]
    assert AgendaItem.objects.count() == 1


def test_an_agenda_item_without_title_is_refused(as_user, meeting):
    response = as_user("coordinator").post(agenda_url(meeting), {"position": "1", "title": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Bitte geben Sie den Titel des Tagesordnungspunkts an."
    ]
    assert not AgendaItem.objects.exists()


def test_only_working_groups_can_be_linked(as_user, meeting, body):
    response = as_user("coordinator").post(
        agenda_url(meeting), {"position": "1", "title": "X", "working_group": body.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["working_group"] == ["Bitte wählen Sie aus der Liste."]
    assert not AgendaItem.objects.exists()


# --- attendance ------------------------------------------------------------------------------


@pytest.fixture
def members(body):
    seat = make_seat(body, "Vorsitz", 1)
    return [
        make_member(body, "Dr. Ute Brandt", seat=seat),
        make_member(body, "Karl Weber"),
        make_member(body, "Eva Lang"),
        # ended before the meeting: no row
        make_member(
            body,
            "Frühere Person",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        ),
    ]


def attendance_url(meeting):
    return reverse("governance:attendance_edit", args=[meeting.pk])


def attendance_data(members, statuses, guests=()):
    data = {f"member_{m.pk}": status for m, status in zip(members, statuses, strict=False)}
    data.update(
        {
            "guests-TOTAL_FORMS": "3",
            "guests-INITIAL_FORMS": "0",
            "guests-MIN_NUM_FORMS": "0",
            "guests-MAX_NUM_FORMS": "1000",
        }
    )
    for i, (name, organisation) in enumerate(guests):
        data[f"guests-{i}-name"] = name
        data[f"guests-{i}-organisation"] = organisation
    return data


def test_one_row_per_current_membership(as_user, meeting, members):
    response = as_user("coordinator").get(attendance_url(meeting))

    assert response.status_code == 200
    rows = response.context["form"].rows()
    assert [m.name for m, _field in rows] == ["Dr. Ute Brandt", "Eva Lang", "Karl Weber"]
    assert "Frühere Person" not in response.content.decode()


def test_members_are_preset_present_and_deputies_absent(as_user, meeting, members, body):
    seat = members[0].seat
    deputy = make_member(body, "Malte Sommer", seat=seat, function=MembershipFunction.DEPUTY)

    form = as_user("coordinator").get(attendance_url(meeting)).context["form"]

    assert form[f"member_{members[0].pk}"].value() == AttendanceStatus.PRESENT
    assert form[f"member_{deputy.pk}"].value() == AttendanceStatus.ABSENT


def test_recording_attendance_with_guests(as_user, meeting, members):
    brandt, weber, lang = members[:3]
    data = attendance_data(
        [brandt, weber, lang],
        ["present", "excused", "absent"],
        guests=[("Dr. Hans Roth", "Bezirksregierung Arnsberg")],
    )

    response = as_user("coordinator").post(attendance_url(meeting), data)

    assert response.status_code == 302
    rows = {a.name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert rows["Dr. Ute Brandt"].status == AttendanceStatus.PRESENT
    assert rows["Dr. Ute Brandt"].membership == brandt
    assert rows["Karl Weber"].status == AttendanceStatus.EXCUSED
    assert rows["Eva Lang"].status == AttendanceStatus.ABSENT
    assert rows["Dr. Hans Roth"].status == AttendanceStatus.GUEST
    assert rows["Dr. Hans Roth"].organisation == "Bezirksregierung Arnsberg"
    assert len(rows) == 4


def test_saving_again_replaces_the_list(as_user, meeting, members):
    brandt, weber, lang = members[:3]
    client = as_user("coordinator")
    client.post(
        attendance_url(meeting),
        attendance_data([brandt, weber, lang], ["present"] * 3, guests=[("Gast Eins", "")]),
    )

    form = client.get(attendance_url(meeting)).context["form"]
    assert form.guests.forms[0]["name"].value() == "Gast Eins"
    client.post(attendance_url(meeting), attendance_data([brandt, weber, lang], ["excused"] * 3))

    statuses = set(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True))
    assert statuses == {AttendanceStatus.EXCUSED}
    assert Attendance.objects.filter(meeting=meeting).count() == 3


def test_a_guest_without_name_is_refused(as_user, meeting, members):
    brandt, weber, lang = members[:3]
    Attendance.objects.create(meeting=meeting, name="Vorher", status=AttendanceStatus.GUEST)
    data = attendance_data(
        [brandt, weber, lang], ["present"] * 3, guests=[("", "Bezirksregierung Arnsberg")]
    )

    response = as_user("coordinator").post(attendance_url(meeting), data)

    assert response.status_code == 200
    assert "Bitte geben Sie den Namen des Gastes an." in response.content.decode()
    assert list(Attendance.objects.values_list("name", flat=True)) == ["Vorher"]


def test_an_unknown_status_is_refused(as_user, meeting, members):
    brandt, weber, lang = members[:3]
    data = attendance_data([brandt, weber, lang], ["present", "guest", "present"])

    response = as_user("coordinator").post(attendance_url(meeting), data)

    assert response.status_code == 200
    assert "Bitte wählen Sie anwesend, entschuldigt oder abwesend." in response.content.decode()
    assert not Attendance.objects.exists()


def test_no_attendance_for_a_cancelled_meeting(as_user, meeting, members):
    meeting.state = MeetingState.CANCELLED
    meeting.save()

    response = as_user("coordinator").post(
        attendance_url(meeting), attendance_data(members[:3], ["present"] * 3), follow=True
    )

    assert "Die Sitzung ist abgesagt" in response.content.decode()
    assert not Attendance.objects.exists()


def test_nothing_is_added_after_the_minutes_are_approved(as_user, meeting, members, coordinator):
    Minutes.objects.create(
        meeting=meeting, text="v1", created_by=coordinator, state=MinutesState.APPROVED
    )
    client = as_user("coordinator")

    html = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Das Protokoll dieser Sitzung ist genehmigt." in html
    assert attendance_url(meeting) not in html
    assert agenda_url(meeting) not in html

    response = client.post(
        attendance_url(meeting), attendance_data(members[:3], ["present"] * 3), follow=True
    )
    assert "Das Protokoll dieser Sitzung ist genehmigt." in response.content.decode()
    response = client.post(agenda_url(meeting), {"position": "1", "title": "Nachtrag"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    assert not AgendaItem.objects.exists()
