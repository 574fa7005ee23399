"""The count of persons due for erasure is kept for a while and shown with its "Stand"
(retention.kept_due_count, issue #12: counting reads every file, 8-16 s at state scale): a second
look shows the kept count at once, "Neu zählen" counts again, whatever KIM changes about who is
due drops the kept count, a count of yesterday is not shown today, and a maximum age of 0 keeps
nothing (the rest of the tests)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.privacy import retention, services
from kim.privacy.models import DataKind, DeletionRun, RetentionRule
from kim.reports import snapshots

from .factories import client_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_figures")]

OVERVIEW = reverse("privacy:overview")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "due-count"}
LAZY = 'id="due-count" hx-get="?faellig=1" hx-trigger="load"'
STAND = "Stand: heute,"


def look(client):
    """The overview as the browser gets it: the page, and the count fetched after if it asks."""
    page = client.get(OVERVIEW).content.decode()
    if LAZY in page:
        return page, client.get(OVERVIEW + "?faellig=1", **HTMX).content.decode()
    return page, None


def test_the_second_look_shows_the_kept_count_at_once_with_its_stand(as_user, old_file, counts):
    client = as_user("coordinator")
    page, part = look(client)
    assert len(counts) == 1
    assert "Heute ist 1 weitere Person zur Löschung fällig." in part
    assert STAND not in part  # counted just now
    page, part = look(client)
    assert len(counts) == 1 and part is None
    assert "Heute ist 1 weitere Person zur Löschung fällig." in page
    assert "werden gezählt" not in page
    assert STAND in page and " Uhr. Die Zahl wird eine Zeit lang aufbewahrt" in page
    assert "Neu zählen" not in page  # a recount within the first minute would be refused
    assert "Fällige jetzt vorschlagen" in page


def test_a_count_older_than_a_minute_offers_the_recount(as_user, old_file, monkeypatch):
    monkeypatch.setattr(snapshots, "REFRESH_AFTER_SECONDS", 0)
    client = as_user("coordinator")
    look(client)
    page, _part = look(client)
    assert STAND in page and '<a class="kern-link" href="?neu=1">Neu zählen</a>' in page


def test_the_kept_count_is_that_of_its_stand(as_user, old_file, counts):
    client = as_user("coordinator")
    look(client)
    # a second file due as well, recorded (by import, say) after the count was kept
    client_file(opened_on=old_file.case.opened_on, closed_on=old_file.case.closed_on)
    page, _part = look(client)
    assert "Heute ist 1 weitere Person zur Löschung fällig." in page and STAND in page
    assert len(counts) == 1


def test_recount_fetches_a_new_count(as_user, old_file, counts, monkeypatch):
    monkeypatch.setattr(snapshots, "REFRESH_AFTER_SECONDS", 0)
    client = as_user("coordinator")
    look(client)
    page = client.get(OVERVIEW + "?neu=1").content.decode()
    assert len(counts) == 1 and STAND not in page
    assert 'id="due-count" hx-get="?faellig=1&amp;neu=1" hx-trigger="load"' in page
    assert '<a class="kern-link" href="?faellig=1&amp;neu=1">Erneut zählen</a>' in page
    part = client.get(OVERVIEW + "?faellig=1&neu=1", **HTMX).content.decode()
    assert len(counts) == 2
    assert "Heute ist 1 weitere Person zur Löschung fällig." in part and STAND not in part


def test_a_recount_within_a_minute_shows_the_kept_count(as_user, old_file, counts):
    client = as_user("coordinator")
    look(client)
    part = client.get(OVERVIEW + "?faellig=1&neu=1", **HTMX).content.decode()
    assert len(counts) == 1 and STAND in part


def test_without_script_the_recount_counts_on_the_whole_page(
    as_user, old_file, counts, monkeypatch
):
    monkeypatch.setattr(snapshots, "REFRESH_AFTER_SECONDS", 0)
    client = as_user("coordinator")
    look(client)
    page = client.get(OVERVIEW + "?faellig=1&neu=1").content.decode()
    assert len(counts) == 2 and "<h1" in page
    assert "Heute ist 1 weitere Person zur Löschung fällig." in page and STAND not in page


def test_proposing_drops_the_kept_count(
    as_user, old_file, counts, django_capture_on_commit_callbacks
):
    client = as_user("coordinator")
    look(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:propose_now"))
    _page, part = look(client)
    assert len(counts) == 2
    assert "Heute sind 0 weitere Personen zur Löschung fällig." in part
    assert "Fällige jetzt vorschlagen" not in part


def kept():
    return retention.peek_due_count()


def test_rejecting_a_run_drops_the_kept_count(
    coordinator, old_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _added = services.propose_due()
    assert retention.kept_due_count().value == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_run(run, by=coordinator, reason="Aufbewahrung wegen laufenden Verfahrens")
    assert kept() is None
    assert retention.kept_due_count().value == 1  # due again


def test_approving_a_run_drops_the_kept_count(
    coordinator, second_coordinator, old_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _added = services.propose_due(by=coordinator)
    retention.kept_due_count()
    run = DeletionRun.objects.get(pk=run.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_run(run, by=second_coordinator, confirmed=True)
    assert kept() is None


def test_a_request_for_erasure_drops_the_kept_count(
    coordinator, old_file, django_capture_on_commit_callbacks
):
    assert retention.kept_due_count().value == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.request_erasure(
            old_file.client,
            by=coordinator,
            reason="schriftlicher Antrag nach Art. 17 DSGVO, eingegangen per Post",
            requested_on=timezone.localdate(),
        )
    assert kept() is None
    assert retention.kept_due_count().value == 0


def test_a_changed_period_drops_the_kept_count(
    as_user, old_file, django_capture_on_commit_callbacks
):
    from concurrency.forms import get_signer

    assert retention.kept_due_count().value == 1
    rule = RetentionRule.objects.get(kind=DataKind.CLIENT_WITH_CASES)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("coordinator").post(
            reverse("privacy:rule_edit", args=[rule.pk]),
            {
                "months": "48",
                "explanation": "Beschluss",
                "version": get_signer().sign(rule.version),
            },
        )
    assert response.status_code == 302
    assert kept() is None
    assert retention.kept_due_count().value == 0  # 37 months closed: not due under 48


def test_a_count_of_yesterday_is_not_shown_today(as_user, old_file, counts, monkeypatch):
    client = as_user("coordinator")
    look(client)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    _page, part = look(client)
    assert len(counts) == 2 and part is not None and STAND not in part


def test_the_count_is_kept_no_longer_than_the_day(old_file, monkeypatch):
    ages = []
    original = snapshots.get_or_compute_named

    def spy(name, compute, **kwargs):
        ages.append(kwargs["max_age"])
        return original(name, compute, **kwargs)

    monkeypatch.setattr(snapshots, "get_or_compute_named", spy)
    retention.kept_due_count()
    now = timezone.localtime()
    midnight = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    assert 0 < ages[0] <= (midnight - now).total_seconds() + 1


def test_with_a_maximum_age_of_0_nothing_is_kept(settings, as_user, old_file, counts):
    settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 0
    client = as_user("coordinator")
    look(client)
    _page, part = look(client)
    assert len(counts) == 2 and part is not None and STAND not in part


def test_the_count_is_dropped_only_once_committed(coordinator, old_file):
    retention.kept_due_count()
    services.propose_due(by=coordinator)  # the test's transaction is never committed
    assert kept() is not None


def test_proposing_when_nobody_is_due_drops_a_count_too_high(
    coordinator, old_file, django_capture_on_commit_callbacks
):
    retention.kept_due_count()
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_due(by=coordinator)  # old_file goes into the run
    retention.kept_due_count()
    with django_capture_on_commit_callbacks(execute=True):
        _run, added = services.propose_due(by=coordinator)
    assert added == 0 and kept() is None


def test_deleting_an_entry_of_the_residence_record_drops_the_count(
    coordinator, old_file, django_capture_on_commit_callbacks
):
    from kim.residence import services as residence_services
    from kim.residence.tests.factories import LanguageCertificateFactory

    # recorded today: the person is not due until the entry goes
    entry = LanguageCertificateFactory(client=old_file.client, recorded_by=coordinator)
    assert retention.kept_due_count().value == 0
    with django_capture_on_commit_callbacks(execute=True):
        residence_services.delete_entry(entry, by=coordinator)
    assert kept() is None
    assert retention.kept_due_count().value == 1


def test_a_count_that_ran_while_it_was_dropped_is_not_kept(old_file):
    def count_while_dropped():
        snapshots.forget(retention._due_count_key(timezone.localdate()))
        return 5

    name = retention._due_count_key(timezone.localdate())
    snapshot = snapshots.get_or_compute_named(name, count_while_dropped, from_replica=False)
    assert snapshot.value == 5  # shown once …
    assert kept() is None  # … but not kept: it may predate the change


def test_the_count_is_read_from_the_main_database(old_file, monkeypatch):
    def replica():
        raise AssertionError("counted on the replica")

    monkeypatch.setattr(snapshots, "reading_for_reports", replica)
    assert retention.kept_due_count().value == 1


def test_a_failing_cache_does_not_undo_the_proposal(
    coordinator, old_file, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(name):
        raise ConnectionError("cache down")

    monkeypatch.setattr(snapshots, "forget", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run, added = services.propose_due(by=coordinator)
    assert added == 1 and DeletionRun.objects.filter(pk=run.pk).exists()
    assert "could not be dropped" in caplog.text
