"""Demo data of governance: the bodies of the concept, the steering group's twelve seats, its
meetings (two held, one planned with three agenda items) and a cooperation agreement with every
municipality; loading twice changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kim.accounts import demo as accounts_demo
from kim.directory import demo as directory_demo
from kim.directory.models import ContactPerson, ContactRole
from kim.governance import demo, services
from kim.governance.models import (
    AgendaItem,
    AgreementEvaluation,
    Attendance,
    Body,
    BodyKind,
    CooperationAgreement,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    Minutes,
    MinutesState,
    Resolution,
    Seat,
    SeatRole,
)
from kim.hurdles.models import GenerativeTheme, ThemeState

pytestmark = pytest.mark.django_db

MODELS = [
    Body,
    Seat,
    Membership,
    Meeting,
    AgendaItem,
    Attendance,
    Resolution,
    Minutes,
    CooperationAgreement,
    AgreementEvaluation,
]


@pytest.fixture
def prerequisites():
    directory_demo.load()
    accounts_demo.load()


@pytest.fixture
def theme(prerequisites):
    from kim.accounts.models import User

    return GenerativeTheme.objects.create(
        title="Wartezeiten im Aufenthaltsrecht",
        cluster="Aufenthalt und Verwaltung",
        summary="Lange Wartezeiten auf Termine.",
        state=ThemeState.BEFORE_STEERING_GROUP,
        created_by=User.objects.get(username="jonas.keller"),
    )


@pytest.fixture
def loaded(theme):
    return demo.load()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def steering_group():
    return Body.objects.get(kind=BodyKind.STEERING_GROUP)


def test_load_reports_what_it_created(loaded):
    assert loaded == {"bodies": 8, "meetings": 3, "agreements": 17}


def test_loading_twice_changes_nothing(loaded):
    before = counts()

    assert demo.load() == {"bodies": 0, "meetings": 0, "agreements": 0}
    assert counts() == before


def test_any_existing_body_stops_the_demo(prerequisites):
    Body.objects.create(name="Eigene Lenkungsgruppe", kind=BodyKind.STEERING_GROUP)

    assert demo.load() == {"bodies": 0, "meetings": 0, "agreements": 0}
    assert Body.objects.count() == 1
    assert not CooperationAgreement.objects.exists()


def test_steering_group_has_the_twelve_seats_of_the_rules_of_procedure(loaded):
    body = steering_group()
    seats = list(body.seats.select_related("organisation"))

    assert body.meetings_per_year == 2
    assert len(seats) == 12
    assert seats[0].role == SeatRole.CHAIR
    assert seats[0].label == "Fachbereichsleitung Jugend und Bildung des Märkischen Kreises"
    assert seats[1].role == SeatRole.DEPUTY_CHAIR
    assert "Kommunalen Integrationszentrums" in seats[1].label
    assert [s.role for s in seats[2:]] == [SeatRole.MEMBER] * 10
    organisations = [s.organisation.name if s.organisation else None for s in seats]
    assert organisations == [
        "Märkischer Kreis",
        "Märkischer Kreis",
        "Märkischer Kreis",
        "Stadt Iserlohn",
        "Stadt Lüdenscheid",
        "Stadt Plettenberg",
        "AWO Unterbezirk Hagen/Märkischer Kreis",
        "Caritasverband Iserlohn",
        "Bundesagentur für Arbeit",
        "Bundesamt für Migration und Flüchtlinge",
        "Jobcenter Märkischer Kreis",
        None,
    ]
    assert "Migrantenselbstorganisationen" in seats[11].label


def test_every_seat_has_a_member_and_a_deputy(loaded):
    for seat in steering_group().seats.all():
        functions = sorted(seat.memberships.values_list("function", flat=True))
        assert functions == [MembershipFunction.DEPUTY, MembershipFunction.MEMBER]


def test_steering_group_member_login_holds_the_jobcenter_seat(loaded):
    membership = Membership.objects.get(user__username="thomas.becker")

    assert membership.body == steering_group()
    assert membership.function == MembershipFunction.MEMBER
    assert membership.seat.organisation.name == "Jobcenter Märkischer Kreis"
    assert membership.starts_on <= timezone.localdate()
    # so the login reads the steering group's meetings
    assert list(Body.objects.visible_to(membership.user)) == [steering_group()]


def test_working_circle_integration_has_the_15_integration_officers(loaded):
    body = Body.objects.get(name="Facharbeitskreis Integration")
    officers = ContactPerson.objects.filter(role=ContactRole.INTEGRATION_OFFICER)

    assert body.kind == BodyKind.WORKING_CIRCLE
    assert body.meetings_per_year == 4
    names = set(body.memberships.values_list("name", flat=True))
    assert names == {f"{o.first_name} {o.last_name}" for o in officers}
    assert len(names) == 15


def test_other_bodies_of_the_concept_exist(loaded):
    kinds = dict(Body.objects.values_list("name", "kind"))

    assert kinds["Facharbeitskreis MSO"] == BodyKind.WORKING_CIRCLE
    assert kinds["Arbeitskreis Integration Menden"] == BodyKind.LOCAL_CIRCLE
    for name in (
        "Lenkungskreis Regionales Bildungsnetzwerk MK",
        "Steuerungsgruppe Kein Abschluss ohne Anschluss",
        "Ausschuss für Schule, Bildung und Integration",
        "Integrationsrat",
    ):
        assert kinds[name] == BodyKind.INFORMED


def test_two_held_meetings_and_older_minutes_approved_in_the_newer(loaded):
    older, newer = Meeting.objects.filter(state=MeetingState.HELD).order_by("starts_at")

    assert newer.starts_at < timezone.now()
    for meeting in (older, newer):
        assert meeting.agenda_items.count() >= 3
        assert meeting.attendance.exists()
        assert meeting.resolutions.exists()
    minutes = Minutes.objects.get(meeting=older)
    assert minutes.state == MinutesState.APPROVED
    assert minutes.approved_in == newer
    assert Minutes.objects.get(meeting=newer).state == MinutesState.DRAFT


def test_upcoming_meeting_has_three_agenda_items_one_with_the_theme(loaded, theme):
    upcoming = Meeting.objects.get(state=MeetingState.PLANNED)

    assert upcoming.body == steering_group()
    assert upcoming.starts_at > timezone.now()
    items = list(upcoming.agenda_items.all())
    assert [item.position for item in items] == [1, 2, 3]
    assert [item.theme for item in items] == [None, theme, None]
    theme.refresh_from_db()
    assert theme.state == ThemeState.BEFORE_STEERING_GROUP  # left for the steering group


def test_meeting_days_keep_the_rhythm():
    for today in (datetime.date(2026, 11, 25), datetime.date(2026, 2, 3)):
        older, newer, upcoming = demo.meeting_days(today)
        assert older < newer < today < upcoming
        assert older.year == today.year - 1


def test_an_agreement_with_every_municipality(loaded):
    partners = set(
        CooperationAgreement.objects.filter(title=demo.MUNICIPAL_TITLE).values_list(
            "partner__name", flat=True
        )
    )
    expected = {f"{kind} {name}" for name, _ags, kind in directory_demo.MUNICIPALITIES}

    assert partners == expected
    assert len(partners) == 15
    for agreement in CooperationAgreement.objects.all():
        assert datetime.date(2021, 1, 1) <= agreement.signed_on
        assert agreement.evaluation_interval_months in (12, 24)
        for evaluation in agreement.evaluations.all():
            assert agreement.signed_on <= evaluation.evaluated_on <= timezone.localdate()


def test_coordination_office_iserlohn_and_awo_agreements(loaded):
    titles = dict(
        CooperationAgreement.objects.exclude(title=demo.MUNICIPAL_TITLE).values_list(
            "partner__name", "title"
        )
    )

    assert titles == {
        "Stadt Iserlohn": "Kooperationsvereinbarung Koordinierungsstelle Iserlohn",
        "AWO Unterbezirk Hagen/Märkischer Kreis": (
            "Kooperationsvereinbarung Migrationsberatung und KIM-Case-Management"
        ),
    }


def test_two_or_three_agreements_are_due_within_60_days(loaded):
    due = services.agreements_due(60)

    assert 2 <= len(due) <= 3
    assert {a.partner.name for a, _ in due} == {"Stadt Balve", "Stadt Kierspe", "Stadt Werdohl"}


def test_load_demo_data_command_loads_governance_after_the_themes():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)

    assert (
        "8 Gremien, 3 Sitzungen der Lenkungsgruppe und 17 Kooperationsvereinbarungen angelegt."
        in out.getvalue()
    )
    item = AgendaItem.objects.get(meeting__state=MeetingState.PLANNED, position=2)
    assert item.theme is not None
    assert item.theme.state == ThemeState.BEFORE_STEERING_GROUP

    again = io.StringIO()
    call_command("load_demo_data", stdout=again)
    assert "Die Demo-Gremien waren schon vorhanden und bleiben unverändert." in again.getvalue()
    # the working group of the target systems demo comes on top (kim/targetsystems/demo.py)
    assert Body.objects.exclude(kind=BodyKind.WORKING_GROUP).count() == 8
