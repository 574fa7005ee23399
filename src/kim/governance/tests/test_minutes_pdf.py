"""The minutes as PDF with the district's letterhead: what it says (title, meta block, attendees,
items, resolutions, correction reason, ENTWURF on drafts), and who gets which version."""

import datetime

import pytest
from django.urls import reverse

from kim.governance import pdf, services
from kim.governance.models import BodyKind, Seat
from kim.governance.tests.test_minutes import (
    approve,
    aware,
    make_body,
    make_meeting,
    make_member,
    make_minutes,
    make_world,
)
from kim.hurdles.tests.test_theme_overview import pdf_text

pytestmark = pytest.mark.django_db

TEXT = (
    "TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit\n"
    "Frau Dr. Brandt begrüßt die Mitglieder.\n\n"
    "TOP 2: Bericht der Koordination\n"
    "Herr Keller berichtet.\n"
)


@pytest.fixture
def world(coordinator):
    return make_world(coordinator)


@pytest.fixture
def draft(world, coordinator):
    return make_minutes(world["meeting"], coordinator, text=TEXT)


@pytest.fixture
def approved(draft, world, coordinator):
    return approve(draft, world["next_meeting"], coordinator)


def pdf_url(minutes):
    return reverse("governance:minutes_pdf", args=[minutes.pk])


# --- content ------------------------------------------------------------------------------------


def test_a_draft_looks_like_an_administrative_document_marked_entwurf(draft):
    data = pdf.minutes_pdf(draft)

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    # letterhead and sender line
    assert "Märkischer Kreis" in text
    assert (
        "Märkischer Kreis · Fachdienst Bildung und Integration · Kommunales "
        "Integrationsmanagement" in text
    )
    assert "ENTWURF" in text
    # title and meta block
    assert "Protokoll der Sitzung der Lenkungsgruppe KIM am" in text
    assert "12.03.2026" in text
    for label, value in [
        ("Gremium", "Lenkungsgruppe KIM"),
        ("Uhrzeit", "10:00–12:00 Uhr"),
        ("Ort", "Kreishaus Lüdenscheid, Sitzungsraum 1"),
        ("Sitzungsleitung", "Dr. Ute Brandt (Fachbereich Jugend und Bildung)"),
        ("Protokoll", "Jonas Keller"),
    ]:
        assert label in text
        assert value in text
    # attendees
    assert "Anwesend (2)" in text
    assert "Karl Weber" in text
    assert "Entschuldigt (1)" in text
    assert "Sabine Yilmaz" in text
    # the text with its TOP headings, then the resolutions
    assert "TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit" in text
    assert "Frau Dr. Brandt begrüßt die Mitglieder." in text
    assert "Beschlüsse" in text
    assert "LG-2026-01" in text
    assert "7 Ja" in text
    assert "1 Enthaltung(en)" in text
    assert "angenommen" in text
    assert "Eingerichtet: AG Wartezeiten ABH" in text
    assert text.index("Verlauf der Sitzung") < text.index("Beschlüsse")


def test_approved_minutes_carry_the_approval_and_no_entwurf(approved):
    text = pdf_text(pdf.minutes_pdf(approved))

    assert "ENTWURF" not in text
    assert "Entwurf" not in text
    assert "in der Sitzung vom 10.09.2026" in text
    assert "genehmigt am" in text


def test_a_correction_shows_its_reason(approved, coordinator):
    correction = services.correct_minutes(
        approved, text=TEXT + "TOP 3: Verschiedenes\n", reason="TOP 3 fehlte.", by=coordinator
    )

    text = pdf_text(pdf.minutes_pdf(correction))

    assert "ENTWURF" in text
    assert "2 (korrigierte Fassung)" in text
    assert "Grund der Korrektur" in text
    assert "TOP 3 fehlte." in text
    assert "TOP 3: Verschiedenes" in text


def test_without_chair_seat_there_is_no_sitzungsleitung(world, coordinator):
    Seat.objects.all().delete()
    minutes = make_minutes(world["meeting"], coordinator)

    assert "Sitzungsleitung" not in pdf_text(pdf.minutes_pdf(minutes))


def test_other_bodies_are_named_in_quotes(coordinator):
    body = make_body("Facharbeitskreis Integration", BodyKind.WORKING_CIRCLE, short_name="FAK")
    minutes = make_minutes(make_meeting(body, coordinator, aware(2026, 5, 6)), coordinator)

    text = pdf_text(pdf.minutes_pdf(minutes))

    assert "Facharbeitskreis Integration" in text
    assert "Anwesend (0)" in text
    assert "Die Anwesenheit ist nicht erfasst." in text
    assert "In dieser Sitzung wurden keine Beschlüsse gefasst." in text
    assert pdf.minutes_title(minutes) == (
        "Protokoll der Sitzung des Gremiums „Facharbeitskreis Integration“ am 06.05.2026"
    )


def test_the_text_is_split_into_headings_and_paragraphs():
    blocks = pdf.minutes_blocks("TOP 1: A\nerste Zeile\nzweite Zeile\n\n\nAbsatz\r\ntop 2: B\n")

    assert blocks == [
        ("heading", "TOP 1: A"),
        ("paragraph", "erste Zeile\nzweite Zeile"),
        ("paragraph", "Absatz"),
        ("heading", "top 2: B"),
    ]


def test_a_top_line_in_prose_gets_the_agenda_title_as_heading():
    blocks = pdf.minutes_blocks(
        "TOP 2: Die Koordination berichtet über Fallzahlen.\nRückfragen gab es keine.\n"
        "TOP 3: Die Tagesordnung kennt keinen TOP 3.\nTopographie ist kein TOP.",
        {2: "Bericht der Koordination"},
    )

    assert blocks == [
        ("heading", "TOP 2: Bericht der Koordination"),
        ("paragraph", "Die Koordination berichtet über Fallzahlen.\nRückfragen gab es keine."),
        ("heading", "TOP 3"),
        ("paragraph", "Die Tagesordnung kennt keinen TOP 3.\nTopographie ist kein TOP."),
    ]


# --- who gets which version ---------------------------------------------------------------------


def test_coordination_downloads_a_draft(as_user, draft):
    response = as_user("coordinator").get(pdf_url(draft))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "protokoll-lg-2026-03-12-fassung-1.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    assert "ENTWURF" in pdf_text(data)


@pytest.fixture
def member(world, steering_member):
    make_member(world["body"], "Thomas Becker", user=steering_member)
    return steering_member


def test_a_member_of_the_body_gets_the_approved_minutes(as_user, member, approved):
    response = as_user("steering_member").get(pdf_url(approved))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Lenkungsgruppe KIM" in text
    assert "ENTWURF" not in text


def test_a_member_of_the_body_gets_no_draft(as_user, member, draft):
    assert as_user("steering_member").get(pdf_url(draft)).status_code == 404


def test_a_steering_member_outside_the_body_gets_nothing(as_user, world, approved):
    assert as_user("steering_member").get(pdf_url(approved)).status_code == 404


def test_a_former_member_gets_nothing(as_user, world, approved, steering_member):
    make_member(
        world["body"],
        "Thomas Becker",
        user=steering_member,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )

    assert as_user("steering_member").get(pdf_url(approved)).status_code == 404


@pytest.mark.parametrize(
    "role", ["case_manager", "administrator", "external_partner", "auditor", "user_without_role"]
)
def test_roles_without_governance_get_no_pdf(as_user, approved, role):
    assert as_user(role).get(pdf_url(approved)).status_code == 403
