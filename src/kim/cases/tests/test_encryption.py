"""Health notes and residence details are encrypted at rest (issue #10): the database holds
tokens, the application reads the texts; keys rotate; the search by name still works; neither
the history nor a query gives the texts away."""

import datetime
import importlib
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kim.cases import models
from kim.cases.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ClientFactory,
    ContactFactory,
    ReferralFactory,
)
from kim.core.encryption import LOG_MARKER, UnreadableValueError, encrypted_columns

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("kim.cases.migrations.0004_encrypt_sensitive_fields")

HEALTH_NOTE = "Klientin berichtet von Panikattacken; Termin beim Psychiater am 3.12."
SECTION = "§ 25 Abs. 5 AufenthG"


def _raw(obj, field):
    column = obj._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM "
            f"{connection.ops.quote_name(obj._meta.db_table)} WHERE id = %s",
            [obj.pk],
        )
        return cursor.fetchone()[0]


def _write_raw(obj, field, value):
    column = obj._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(obj._meta.db_table)} "
            f"SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
            [value, obj.pk],
        )


def test_these_texts_are_encrypted_and_no_others():
    encrypted = {(m._meta.model_name, f.name) for m, f in encrypted_columns()}
    assert encrypted == {
        (model, name) for model, names in MIGRATION.ENCRYPTED.items() for name in names
    }
    assert encrypted == {
        ("client", "residence_section"),
        ("case", "closure_outcome"),
        ("phasetransition", "note"),
        ("assessment", "summary"),
        ("assessmententry", "situation"),
        ("assessmententry", "resources"),
        ("consent", "revocation_note"),
        ("referral", "reason"),
        ("referral", "outcome"),
        ("contact", "note"),
        ("appointment", "note"),
        ("residenceperiod", "legal_basis"),
        ("residenceperiod", "note"),
        ("educationrecord", "note"),
    }


def _assessment_entry(case_manager):
    assessment = models.Assessment.objects.create(
        case=CaseFactory(case_manager=case_manager), by=case_manager, summary=HEALTH_NOTE
    )
    return models.AssessmentEntry.objects.create(
        assessment=assessment,
        life_domain=models.LifeDomain.objects.get(code="health"),
        situation=HEALTH_NOTE,
        resources=HEALTH_NOTE,
    )


def _residence_period(case_manager):
    return models.ResidencePeriod.objects.create(
        client=ClientFactory(),
        status=models.ResidenceStatus.objects.filter(needs_section=True).first(),
        legal_basis=SECTION,
        started_on=datetime.date(2020, 1, 1),
        note=HEALTH_NOTE,
        recorded_by=case_manager,
    )


@pytest.mark.parametrize(
    ("make", "field", "text"),
    [
        (lambda cm: ContactFactory(case__case_manager=cm, note=HEALTH_NOTE), "note", HEALTH_NOTE),
        (_assessment_entry, "situation", HEALTH_NOTE),
        (_assessment_entry, "resources", HEALTH_NOTE),
        (lambda cm: ClientFactory(residence_section=SECTION), "residence_section", SECTION),
        (_residence_period, "legal_basis", SECTION),
        (_residence_period, "note", HEALTH_NOTE),
        (lambda cm: ReferralFactory(reason=HEALTH_NOTE), "reason", HEALTH_NOTE),
        (lambda cm: AppointmentFactory(note="Psychiatrie"), "note", "Psychiatrie"),
    ],
)
def test_the_database_holds_a_token_and_the_application_the_text(case_manager, make, field, text):
    obj = make(case_manager)

    raw = _raw(obj, field)
    assert text not in raw
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == text
    assert type(obj).objects.filter(pk=obj.pk).values_list(field, flat=True).get() == text


def test_an_empty_text_stays_empty_and_can_be_queried(case_manager):
    contact = ContactFactory(case__case_manager=case_manager, note="")
    assert _raw(contact, "note") == ""
    assert models.Contact.objects.filter(note="").get() == contact
    assert not models.Contact.objects.exclude(note="").exists()
    assert not models.Contact.objects.filter(note__isnull=True).exists()


@pytest.mark.parametrize(
    "lookup", [{"note": "Panik"}, {"note__icontains": "Panik"}, {"note__in": ["Panik"]}]
)
def test_a_query_on_an_encrypted_text_fails_instead_of_finding_nothing(lookup):
    with pytest.raises(FieldError):
        models.Contact.objects.filter(**lookup).exists()


def test_the_plain_length_is_still_checked(case_manager):
    appointment = AppointmentFactory(case__case_manager=case_manager)
    appointment.note = "x" * 301
    with pytest.raises(ValidationError) as error:
        appointment.full_clean()
    assert "note" in error.value.message_dict


def test_a_text_written_past_the_application_in_clear_is_not_shown(case_manager):
    contact = ContactFactory(case__case_manager=case_manager, note=HEALTH_NOTE)
    _write_raw(contact, "note", HEALTH_NOTE)
    with pytest.raises(UnreadableValueError, match=r"cases_contact\.note"):
        models.Contact.objects.get(pk=contact.pk)


# --- keys ----------------------------------------------------------------------------------------


def test_key_rotation_old_key_decrypts_new_key_encrypts(case_manager):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[old]):
        earlier = ContactFactory(case__case_manager=case_manager, note=HEALTH_NOTE)

    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[new, old]):
        assert models.Contact.objects.get(pk=earlier.pk).note == HEALTH_NOTE
        later = ContactFactory(case=earlier.case, note="Hausarzt gewechselt")
        assert Fernet(new).decrypt(_raw(later, "note").encode()) == b"Hausarzt gewechselt"
        assert Fernet(old).decrypt(_raw(earlier, "note").encode()) == HEALTH_NOTE.encode()

        out = io.StringIO()
        call_command("rotate_field_encryption", stdout=out)
        assert "Beratungskontakte – Notiz: 2 Werte" in out.getvalue()

    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[new]):  # the old key is gone
        assert models.Contact.objects.get(pk=earlier.pk).note == HEALTH_NOTE
        assert models.Contact.objects.get(pk=later.pk).note == "Hausarzt gewechselt"


def test_rotation_stops_at_a_value_no_key_reads_and_leaves_its_column(case_manager):
    first = ContactFactory(case__case_manager=case_manager, note="erste Notiz")
    broken = ContactFactory(case=first.case, note="zweite Notiz")
    _write_raw(broken, "note", "Klartext")
    before = _raw(first, "note")

    with pytest.raises(UnreadableValueError):
        call_command("rotate_field_encryption", stdout=io.StringIO())
    assert _raw(first, "note") == before


# --- search by name ------------------------------------------------------------------------------


def test_search_by_name_still_works(as_user, case_manager):
    client = ClientFactory(first_name="Amina", last_name="Yusuf", residence_section=SECTION)
    CaseFactory(case_manager=case_manager, client=client, closure_outcome=HEALTH_NOTE)
    ContactFactory(case=client.cases.get(), note=HEALTH_NOTE)

    response = as_user("case_manager").get(reverse("cases:client_list"), {"q": "Jusuf"})

    assert [c.pk for c in response.context["page"]] == [client.pk]
    assert list(models.Client.objects.filter(last_name="Yusuf")) == [client]
    assert _raw(client, "last_name") == "Yusuf"  # names are not encrypted


# --- the history ---------------------------------------------------------------------------------


def _log_text(model, pk):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk
    )
    assert entries.exists()
    return " ".join(
        f"{e.changes} {e.object_repr} {e.serialized_data} {e.additional_data}" for e in entries
    )


def test_the_log_keeps_that_a_note_changed_but_not_the_note(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    with set_actor(case_manager):
        contact = ContactFactory(case=case, note="Rückenschmerzen")
        contact.note = HEALTH_NOTE
        contact.save()
        pk = contact.pk
        contact.delete()

    logged = _log_text(models.Contact, pk)
    assert LogEntry.objects.filter(object_id=pk, action=LogEntry.Action.DELETE).exists()
    assert "Rückenschmerzen" not in logged
    assert "Panikattacken" not in logged
    update = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(contact),
        object_id=pk,
        action=LogEntry.Action.UPDATE,
    )
    assert update.changes_dict["note"] == [LOG_MARKER, LOG_MARKER]
    assert update.actor == case_manager

    html = as_user("case_manager").get(reverse("cases:case_history", args=[case.pk])).content
    html = html.decode()
    assert f"Notiz: {LOG_MARKER} → {LOG_MARKER}" in html
    assert "Rückenschmerzen" not in html
    assert "Panikattacken" not in html


def test_the_log_of_a_client_keeps_no_residence_details(case_manager):
    with set_actor(case_manager):
        client = ClientFactory(residence_section=SECTION)
        client.residence_section = "§ 25 Abs. 3 AufenthG"
        client.first_name = "Samira"
        client.save()

    logged = _log_text(models.Client, client.pk)
    assert "25 Abs" not in logged
    assert "Samira" in logged  # other fields are logged as before


# --- the data migration --------------------------------------------------------------------------


class _Editor:
    connection = connection


def test_the_migration_encrypts_plain_values_and_back(case_manager):
    from django.apps import apps

    entry = _assessment_entry(case_manager)
    client = ClientFactory(residence_section=SECTION)
    _write_raw(entry, "situation", HEALTH_NOTE)  # as before the migration
    _write_raw(client, "residence_section", SECTION)
    already = _raw(entry, "resources")

    MIGRATION.encrypt_values(apps, _Editor())
    MIGRATION.encrypt_values(apps, _Editor())  # a second run changes nothing

    assert HEALTH_NOTE not in _raw(entry, "situation")
    assert _raw(entry, "resources") == already
    assert models.AssessmentEntry.objects.get(pk=entry.pk).situation == HEALTH_NOTE
    assert models.Client.objects.get(pk=client.pk).residence_section == SECTION

    MIGRATION.decrypt_values(apps, _Editor())

    assert _raw(entry, "situation") == HEALTH_NOTE
    assert _raw(entry, "resources") == HEALTH_NOTE
    assert _raw(client, "residence_section") == SECTION
    MIGRATION.encrypt_values(apps, _Editor())  # leave the database as the app expects it


def test_the_migration_masks_texts_the_log_held_in_clear(case_manager):
    from django.apps import apps

    contact = ContactFactory(case__case_manager=case_manager)
    content_type = ContentType.objects.get_for_model(contact)
    old = LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(contact.pk),
        object_id=contact.pk,
        object_repr=str(contact),
        action=LogEntry.Action.UPDATE,
        changes={"note": ["", HEALTH_NOTE], "duration_minutes": ["30", "45"]},
        timestamp=timezone.now(),
    )

    MIGRATION.mask_history(apps, _Editor())

    old.refresh_from_db()
    assert old.changes == {"note": ["", LOG_MARKER], "duration_minutes": ["30", "45"]}
