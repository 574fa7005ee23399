"""The log is append-only for the application: no address of the log viewer changes an entry, the
Django admin offers no page for it, and on PostgreSQL the database itself refuses UPDATE and
DELETE unless the deletion procedure blanks personal data (``allow_redaction``)."""

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kim.accounts.tests.factories import UserFactory
from kim.audit.redaction import allow_redaction
from kim.cases.tests.factories import CaseFactory

from .factories import log_access

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.fixture
def entry(case_manager):
    return log_access(CaseFactory(case_manager=case_manager), actor=case_manager)


def _snapshot():
    return list(LogEntry.objects.order_by("pk").values())


@pytest.mark.parametrize("url", ["audit:log_list", "audit:log_export"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("user", ["auditor", "coordinator"])
def test_no_address_of_the_log_accepts_a_change(as_user, entry, url, method, user):
    client = as_user(user)
    before = _snapshot()
    data = {"pk": entry.pk, "object_repr": "geändert"}
    if method == "post":
        response = client.post(reverse(url), data)
    else:
        response = getattr(client, method)(reverse(url), data, content_type="application/json")
    assert response.status_code == 405
    assert _snapshot() == before


def test_the_admin_has_no_page_for_the_log(client, entry):
    assert not admin.site.is_registered(LogEntry)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    before = _snapshot()
    base = "/admin/auditlog/logentry/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}{entry.pk}/change/").status_code == 404
    assert client.post(f"{base}{entry.pk}/change/", {"object_repr": "x"}).status_code == 404
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 404
    assert (
        client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]})
    ).status_code == 404
    assert _snapshot() == before


def test_without_the_trigger_redaction_is_an_ordinary_transaction(entry):
    """On SQLite ``allow_redaction`` only opens the transaction (no trigger to open)."""
    with allow_redaction():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="[gelöscht]")
    entry.refresh_from_db()
    assert entry.object_repr == "[gelöscht]"


# --- the trigger (PostgreSQL) --------------------------------------------------------------------


def _refused(change):
    with (
        pytest.raises(DatabaseError, match="Das Protokoll kann nicht geändert"),
        transaction.atomic(),
    ):
        change()


@on_postgresql
def test_the_trigger_is_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [LogEntry._meta.db_table],
        )
        assert ("kim_log_append_only",) in cursor.fetchall()


@on_postgresql
def test_the_database_refuses_to_change_or_delete_an_entry(entry):
    before = _snapshot()

    def save_changed():
        entry.object_repr = "geändert"
        entry.save()

    _refused(save_changed)
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).update(remote_addr="10.0.0.1"))
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).delete())
    _refused(lambda: LogEntry.objects.all().delete())
    assert _snapshot() == before


@on_postgresql
def test_deleting_a_user_who_is_in_the_log_is_refused(entry):
    """The actor of an entry stays (deleting would blank it): users are deactivated instead."""
    reader = UserFactory(username="leser")
    log_access(entry.content_type.get_object_for_this_type(pk=entry.object_id), actor=reader)
    _refused(reader.delete)


@on_postgresql
def test_redaction_may_blank_and_delete_and_only_inside_the_block(entry, case_manager):
    other = log_access(entry.content_type.get_object_for_this_type(pk=entry.object_id), actor=None)
    with allow_redaction():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="[gelöscht]", changes=None)
        LogEntry.objects.filter(pk=other.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr == "[gelöscht]"
    assert not LogEntry.objects.filter(pk=other.pk).exists()
    # the permission ended with the block, although the test's transaction goes on
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).update(object_repr="wieder"))


@on_postgresql
def test_a_failed_redaction_leaves_no_permission_behind(entry):
    with pytest.raises(RuntimeError), allow_redaction():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="[gelöscht]")
        raise RuntimeError("Abbruch")
    entry.refresh_from_db()
    assert entry.object_repr != "[gelöscht]"  # rolled back with the block
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).update(object_repr="x"))
