"""``manage.py retention_due``: daily, idempotent, a dry run that writes nothing, no names."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from kim.cases.models import Client
from kim.privacy.models import Basis, DeletionItem, DeletionRun, RunKind

from .factories import FIRST, LAST, client_without_case

pytestmark = pytest.mark.django_db


def run_command(*args):
    out = StringIO()
    call_command("retention_due", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        DeletionRun.objects.count(),
        DeletionItem.objects.count(),
        LogEntry.objects.count(),
        Client.objects.filter(first_name=FIRST).count(),
    )


def test_dry_run_prints_counts_per_kind_of_data_and_writes_nothing(old_file):
    before = counts()
    output = run_command("--dry-run")
    assert counts() == before
    assert "Probelauf" in output
    assert "Zur Löschung fällig: 1 Klient:in(nen)" in output
    assert "davon letzter Fall abgeschlossen: 1" in output
    assert "Beratungskontakte: 1" in output
    assert "Dokumente: 1" in output
    assert "Protokolleinträge:" in output
    assert FIRST not in output and LAST not in output


def test_dry_run_on_another_day_shows_what_will_be_due(db):
    client_without_case(active_on=timezone.localdate() - datetime.timedelta(days=200))
    assert "fällig: 0" in run_command("--dry-run")
    later = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    output = run_command("--dry-run", "--date", later)
    assert "fällig: 1" in output and "davon letzte Aktivität: 1" in output


def test_the_command_proposes_and_is_idempotent(old_file):
    output = run_command()
    run = DeletionRun.objects.get()
    assert (run.kind, run.created_by, run.is_open) == (RunKind.RETENTION, None, True)
    item = run.items.get()
    assert (item.client, item.basis) == (old_file.client, Basis.LAST_CASE_CLOSED)
    assert f"Löschvorschlag Nr. {run.pk}" in output
    assert FIRST not in output

    output = run_command()
    assert DeletionItem.objects.count() == 1 and DeletionRun.objects.count() == 1
    assert "Niemand neu fällig" in output
    # nothing is erased without approval
    old_file.client.refresh_from_db()
    assert old_file.client.first_name == FIRST


def test_newly_due_clients_join_the_open_run(old_file):
    run_command()
    run = DeletionRun.objects.get()
    client_without_case(active_on=timezone.localdate() - datetime.timedelta(days=400))
    output = run_command()
    assert DeletionRun.objects.get().pk == run.pk
    assert run.items.count() == 2
    assert "1 Klient:in(nen)" in output


def test_nobody_due(db):
    assert "Niemand zur Löschung fällig." in run_command()
    assert not DeletionRun.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2030-01-01"], "nur mit --dry-run"),
        (["--dry-run", "--date", "31.12.2026"], "kein Datum"),
    ],
)
def test_bad_options_get_a_german_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        run_command(*args)
