"""A case manager who chose English reads every date of the case file in the English notation
(24/11/2025), none in the German one (24.11.2025): in the tables, in the messages after saving
and in the change history, whose stored values are formatted by Python (kim/core/dates.py).

One exception: the change log keeps the name of an object as it was written when the change was
made (``LogEntry.object_repr``, append-only), in the language of the person who made it; such a
stored name ("Telefon am 24.11.2025") is a record and is left out of the check."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from kim.cases.models import ContactChannel
from kim.cases.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ConsentFactory,
    ContactFactory,
)

pytestmark = pytest.mark.django_db

# d.m.Y, as German pages write a date; no English page may show one
GERMAN_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
OPENED = datetime.date(2025, 10, 1)
CONSENT_GIVEN = datetime.date(2025, 10, 13)
CONTACT_DAY = datetime.date(2025, 11, 24)


@pytest.fixture
def case_file(case_manager):
    case = CaseFactory(case_manager=case_manager, opened_on=OPENED)
    ConsentFactory(client=case.client, given_on=CONSENT_GIVEN, recorded_by=case_manager)
    ContactFactory(case=case, contact_on=CONTACT_DAY, channel=ContactChannel.PHONE)
    AppointmentFactory(
        case=case,
        starts_at=timezone.make_aware(datetime.datetime(2025, 11, 27, 14, 30)),
        place="Rathaus Balve, Raum 12",
    )
    return case


def _in(language, user, client):
    user.language = language
    user.save(update_fields=["language"])
    return client


def _german_dates(page):
    for stored_name in LogEntry.objects.values_list("object_repr", flat=True):
        page = page.replace(escape(stored_name), "")
    return GERMAN_DATE.findall(page)


def test_the_case_file_shows_english_dates(as_user, case_manager, case_file):
    client = _in("en", case_manager, as_user("case_manager"))
    pages = {
        "client": client.get(reverse("cases:client_detail", args=[case_file.client.pk])),
        "contacts": client.get(reverse("cases:contact_list", args=[case_file.pk])),
        "history": client.get(reverse("cases:case_history", args=[case_file.pk])),
        "overview": client.get(reverse("cases:case_detail", args=[case_file.pk])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert '<html lang="en">' in page, name
        assert not _german_dates(page), f"{name}: {_german_dates(page)}"
    assert "13/10/2025" in pages["client"].content.decode()  # the consent
    contacts = pages["contacts"].content.decode()
    assert "24/11/2025" in contacts
    assert "27/11/2025" in contacts  # the appointment
    assert "01/10/2025" in pages["overview"].content.decode()  # opened on


def test_the_change_history_formats_stored_dates_in_english(as_user, case_manager, case_file):
    client = _in("en", case_manager, as_user("case_manager"))
    page = client.get(reverse("cases:case_history", args=[case_file.pk])).content.decode()
    # the contact's day, stored by the log as "2025-11-24", read back as a date
    assert "24/11/2025" in page
    assert "2025-11-24" not in page
    assert not _german_dates(page)


def test_messages_after_saving_use_english_dates(as_user, case_manager, case_file):
    client = _in("en", case_manager, as_user("case_manager"))
    response = client.post(
        reverse("cases:contact_create", args=[case_file.pk]),
        {
            "contact_on": "2025-11-25",
            "duration_minutes": "30",
            "channel": ContactChannel.PHONE,
            "note": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The contact of 25/11/2025 has been saved." in page
    assert not _german_dates(page)


def test_the_same_pages_in_german_keep_the_german_dates(as_user, case_manager, case_file):
    """The check above is not empty: German shows the same dates as d.m.Y."""
    client = _in("de", case_manager, as_user("case_manager"))
    contacts = client.get(reverse("cases:contact_list", args=[case_file.pk])).content.decode()
    assert "24.11.2025" in contacts
    assert "24/11/2025" not in contacts


@pytest.mark.parametrize(
    ("language", "expected"), [("de", "vom 13.10.2025"), ("en", "of 13/10/2025")]
)
def test_a_consent_is_named_with_its_date_in_the_language(case_manager, language, expected):
    consent = ConsentFactory(given_on=CONSENT_GIVEN, recorded_by=case_manager)
    with translation.override(language):
        assert str(consent).endswith(expected)
