"""Contacts (Beratungskontakte) and appointments (Termine) of a case: logging, scheduling,
cancelling, and the bad input each refuses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Appointment, Case, CasePhase, Contact, ContactChannel
from kim.cases.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ContactFactory,
    life_domain,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


def _contact(client, case, **overrides):
    data = {
        "contact_on": TODAY().isoformat(),
        "duration_minutes": "45",
        "channel": ContactChannel.PHONE,
        "interpreter_used": "on",
        "life_domains": [life_domain("housing").pk, life_domain("work").pk],
        "note": "Wohnungssuche besprochen",
        **overrides,
    }
    return client.post(reverse("cases:contact_create", args=[case.pk]), data)


def _local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _appointment(client, case, starts_at, **overrides):
    data = {
        "starts_at": _local_input(starts_at),
        "duration_minutes": "60",
        "place": "Rathaus Balve, Raum 12",
        "note": "Unterlagen mitbringen",
        **overrides,
    }
    return client.post(reverse("cases:appointment_create", args=[case.pk]), data)


# --- contacts ---------------------------------------------------------------------------------


def test_contact_is_logged(as_user, case, case_manager):
    response = _contact(as_user("case_manager"), case)
    assert response.status_code == 302
    assert response.url == reverse("cases:contact_list", args=[case.pk])
    contact = Contact.objects.get()
    assert contact.case == case
    assert contact.by == case_manager
    assert contact.contact_on == TODAY()
    assert contact.duration_minutes == 45
    assert contact.channel == ContactChannel.PHONE
    assert contact.interpreter_used is True
    assert {d.code for d in contact.life_domains.all()} == {"housing", "work"}
    assert contact.note == "Wohnungssuche besprochen"


def test_contact_in_the_future_is_refused(as_user, case):
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = _contact(as_user("case_manager"), case, contact_on=tomorrow.isoformat())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ein Kontakt kann nicht in der Zukunft liegen – dafür gibt es Termine." in html
    assert "Wohnungssuche besprochen" in html  # nothing the user entered is lost
    assert not Contact.objects.exists()


def test_contact_before_case_start_is_refused(as_user, case):
    before = case.opened_on - datetime.timedelta(days=1)
    response = _contact(as_user("case_manager"), case, contact_on=before.isoformat())
    assert "Der Kontakt liegt vor dem Fallbeginn." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "duration,message",
    [
        ("0", "Die Dauer beträgt mindestens 1 Minute."),
        ("601", "Die Dauer beträgt höchstens 600 Minuten."),
        ("", "Bitte geben Sie die Dauer in Minuten an."),
        ("eine Stunde", "Bitte geben Sie die Dauer als ganze Zahl an."),
    ],
)
def test_bad_duration_is_refused(as_user, case, duration, message):
    response = _contact(as_user("case_manager"), case, duration_minutes=duration)
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_needs_a_channel(as_user, case):
    response = _contact(as_user("case_manager"), case, channel="")
    assert "Bitte wählen Sie die Art des Kontakts." in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_list_shows_contacts(as_user, case):
    contact = ContactFactory(
        case=case,
        contact_on=TODAY() - datetime.timedelta(days=3),
        duration_minutes=30,
        channel=ContactChannel.HOME_VISIT,
        interpreter_used=True,
        note="Besuch mit Dolmetscherin",
    )
    contact.life_domains.set([life_domain("health")])
    response = as_user("case_manager").get(reverse("cases:contact_list", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        (TODAY() - datetime.timedelta(days=3)).strftime("%d.%m.%Y"),
        "30 Min.",
        "Hausbesuch",
        "Gesundheit",
        "Besuch mit Dolmetscherin",
        "Anna Berger",
    ]:
        assert text in html, text


# --- appointments -----------------------------------------------------------------------------


def test_appointment_is_scheduled(as_user, case, case_manager):
    starts = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    response = _appointment(as_user("case_manager"), case, starts)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.case == case
    assert appointment.case_manager == case_manager
    assert appointment.starts_at == starts
    assert appointment.place == "Rathaus Balve, Raum 12"
    assert appointment.duration_minutes == 60
    assert appointment.cancelled is False


def test_appointment_in_the_past_is_refused(as_user, case):
    response = _appointment(
        as_user("case_manager"), case, timezone.now() - datetime.timedelta(hours=2)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ein Termin kann nicht in der Vergangenheit liegen." in html
    assert "Rathaus Balve, Raum 12" in html
    assert not Appointment.objects.exists()


def test_appointment_needs_a_place(as_user, case):
    response = _appointment(
        as_user("case_manager"), case, timezone.now() + datetime.timedelta(days=1), place=""
    )
    assert "Bitte geben Sie den Ort des Termins an." in response.content.decode()
    assert not Appointment.objects.exists()


def test_appointment_with_invalid_start_is_refused(as_user, case):
    response = as_user("case_manager").post(
        reverse("cases:appointment_create", args=[case.pk]),
        {"starts_at": "morgen früh", "duration_minutes": "60", "place": "Rathaus"},
    )
    assert "Bitte geben Sie Datum und Uhrzeit an" in response.content.decode()
    assert not Appointment.objects.exists()


def test_list_shows_upcoming_and_past_appointments_and_marks_cancelled(as_user, case):
    upcoming = AppointmentFactory(
        case=case, starts_at=timezone.now() + datetime.timedelta(days=3), place="Kreishaus"
    )
    cancelled = AppointmentFactory(
        case=case,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        place="Stadtbücherei",
        cancelled=True,
    )
    past = AppointmentFactory(
        case=case, starts_at=timezone.now() - datetime.timedelta(days=3), place="Jobcenter"
    )
    response = as_user("case_manager").get(reverse("cases:contact_list", args=[case.pk]))
    html = response.content.decode()
    assert response.context["upcoming"] == [upcoming, cancelled]
    assert response.context["past"] == [past]
    assert "Kreishaus" in html
    assert "Jobcenter" in html
    assert "Vergangene Termine" in html
    assert "abgesagt" in html
    assert reverse("cases:appointment_cancel", args=[upcoming.pk]) in html
    assert reverse("cases:appointment_cancel", args=[cancelled.pk]) not in html
    assert reverse("cases:appointment_cancel", args=[past.pk]) not in html


def test_appointment_is_cancelled(as_user, case):
    appointment = AppointmentFactory(case=case)
    response = as_user("case_manager").post(
        reverse("cases:appointment_cancel", args=[appointment.pk]), follow=True
    )
    assert "wurde abgesagt" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.cancelled is True


def test_past_appointment_cannot_be_cancelled(as_user, case):
    appointment = AppointmentFactory(
        case=case, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = as_user("case_manager").post(
        reverse("cases:appointment_cancel", args=[appointment.pk]), follow=True
    )
    assert "Ein vergangener Termin kann nicht mehr abgesagt werden." in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.cancelled is False


def test_cancel_needs_post(as_user, case):
    appointment = AppointmentFactory(case=case)
    url = reverse("cases:appointment_cancel", args=[appointment.pk])
    assert as_user("case_manager").get(url).status_code == 405
    appointment.refresh_from_db()
    assert appointment.cancelled is False


def test_closed_case_takes_no_contacts_or_appointments(as_user, case):
    appointment = AppointmentFactory(case=case)
    Case.objects.filter(pk=case.pk).update(phase=CasePhase.CLOSED)
    client = as_user("case_manager")
    response = _contact(client, case)
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen." in response.content.decode()
    assert not Contact.objects.exists()
    response = _appointment(client, case, timezone.now() + datetime.timedelta(days=1))
    assert response.status_code == 403
    assert Appointment.objects.count() == 1
    response = client.post(reverse("cases:appointment_cancel", args=[appointment.pk]))
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.cancelled is False
    listing = client.get(reverse("cases:contact_list", args=[case.pk]))
    assert listing.status_code == 200
    assert "Kontakt erfassen" not in listing.content.decode()
