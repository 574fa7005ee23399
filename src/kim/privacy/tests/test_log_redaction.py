"""The log keeps every entry about an erased client, with the personal data blanked (as
pretix's shredder does): who did what to which object and when stays; names and values go."""

import contextlib

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection

from kim.cases.models import Client
from kim.cases.tests.factories import ClientFactory
from kim.privacy import erasure, services

from .factories import LAST

pytestmark = pytest.mark.django_db


def _erase(coordinator, capture):
    run, _added = services.propose_due()
    with capture(execute=True):
        return services.approve_run(run, by=coordinator, confirmed=True)


def test_entries_are_kept_and_blanked(old_file, coordinator, django_capture_on_commit_callbacks):
    about = erasure.log_entries_about([old_file.client.pk])
    before = {
        e.pk: (e.action, e.actor_id, e.timestamp, e.content_type_id, e.object_id) for e in about
    }
    fields_before = {e.pk: set((e.changes or {}).keys()) for e in about}
    assert len(before) > 10
    run = _erase(coordinator, django_capture_on_commit_callbacks)

    for entry in LogEntry.objects.filter(pk__in=before):
        assert (
            entry.action,
            entry.actor_id,
            entry.timestamp,
            entry.content_type_id,
            entry.object_id,
        ) == before[entry.pk]
        assert entry.object_repr == erasure.REDACTED
        assert entry.changes_text == "" and entry.serialized_data is None
        # which fields changed is still told, not their values
        assert set((entry.changes or {}).keys()) == fields_before[entry.pk]
        for values in (entry.changes or {}).values():
            if isinstance(values, list):
                assert all(v in (erasure.REDACTED, "None", "", None) for v in values)
        assert entry.additional_data["deletion_run"] == run.pk


def test_the_ids_that_tie_an_entry_to_its_case_stay(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    _erase(coordinator, django_capture_on_commit_callbacks)
    case_entries = LogEntry.objects.filter(additional_data__case_id=old_file.case.pk)
    assert case_entries.exists()
    assert all(
        e.additional_data["client_id"] == old_file.client.pk
        for e in case_entries.filter(content_type=ContentType.objects.get_for_model(old_file.case))
    )


def test_one_entry_says_that_and_by_whom_the_client_was_anonymised(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    run = _erase(coordinator, django_capture_on_commit_callbacks)
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Client),
        object_id=old_file.client.pk,
        object_repr=erasure.ANONYMOUS,
    )
    assert entry.actor == coordinator
    assert entry.additional_data == {"client_id": old_file.client.pk, "deletion_run": run.pk}


def test_the_name_in_the_household_list_of_another_client_is_blanked(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    # another client's log names the erased client among their household (added from that
    # side); the other person named there stays named
    neighbour = ClientFactory(first_name="Hedda", last_name="Quast")
    other = ClientFactory(first_name="Theodor", last_name="Brennecke")
    neighbour.household_members.add(old_file.client, other)
    mentions = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Client),
        object_id=neighbour.pk,
        changes__household_members__isnull=False,
    )
    texts = [str(e.changes["household_members"]["objects"]) for e in mentions]
    assert any(LAST in text for text in texts)
    _erase(coordinator, django_capture_on_commit_callbacks)
    texts = [str(e.changes["household_members"]["objects"]) for e in mentions.all()]
    assert not any(LAST in text for text in texts)
    assert any("Brennecke, Theodor" in text for text in texts)


def test_entries_about_other_clients_are_untouched(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    bystander = ClientFactory(first_name="Hedwig", last_name="Olbricht")
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Client), object_id=bystander.pk
    )
    before = list(entries.values("object_repr", "changes"))
    _erase(coordinator, django_capture_on_commit_callbacks)
    assert list(entries.values("object_repr", "changes")) == before


def test_redacted_changes_keep_fields_and_blank_values():
    changes = {
        "first_name": ["None", "Amira"],
        "phase": ["intake", "closed"],
        "languages": {"type": "m2m", "operation": "add", "objects": ["Arabisch", "Dari"]},
    }
    assert erasure.redacted_changes(changes) == {
        "first_name": ["None", erasure.REDACTED],
        "phase": [erasure.REDACTED, erasure.REDACTED],
        "languages": {
            "type": "m2m",
            "operation": "add",
            "objects": [erasure.REDACTED, erasure.REDACTED],
        },
    }
    assert erasure.redacted_changes(None) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_on_postgresql_only_the_redaction_path_may_blank_the_log(
    old_file, coordinator, monkeypatch
):
    monkeypatch.setattr(erasure, "allow_redaction", contextlib.nullcontext)
    run, _added = services.propose_due()
    with pytest.raises(DatabaseError, match="Protokoll kann nicht"):
        services.approve_run(run, by=coordinator, confirmed=True)
    old_file.client.refresh_from_db()
    assert old_file.client.last_name == LAST  # the whole erasure was rolled back
