"""Who approves a deletion run, with four eyes; rejection; what is checked again on approval."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import CasePhase, Client
from kim.cases.tests.factories import CaseFactory
from kim.privacy import services
from kim.privacy.models import DeletionRun, ItemState, RunState

from .factories import FIRST, client_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(old_file):
    run, _added = services.propose_due()
    return run


def approve(client, run, **data):
    data = {"confirm": "on", "version": run.version, **data}
    return client.post(reverse("privacy:run_approve", args=[run.pk]), data)


def erased(old_file):
    return Client.objects.get(pk=old_file.client.pk).first_name != FIRST


def test_coordination_approves_a_run_of_the_daily_command(
    as_user, run, old_file, django_capture_on_commit_callbacks
):
    client = as_user("coordinator")
    page = client.get(reverse("privacy:run_detail", args=[run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Probelauf" in html and FIRST in html and "Freigeben und 1 Person anonymisieren" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, run)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == RunState.EXECUTED
    assert run.decided_by.username == "jonas"
    assert erased(old_file)
    html = client.get(reverse("privacy:run_detail", args=[run.pk])).content.decode()
    assert "Was gelöscht wurde" in html and FIRST not in html


def test_whoever_proposed_a_run_does_not_approve_it(
    login, coordinator, second_coordinator, run, old_file, django_capture_on_commit_callbacks
):
    DeletionRun.objects.filter(pk=run.pk).update(created_by=coordinator)
    run.refresh_from_db()
    page = login(coordinator).get(reverse("privacy:run_detail", args=[run.pk]))
    assert "Vier-Augen-Prinzip" in page.content.decode()
    response = approve(login(coordinator), run)
    assert "andere Person der Koordination" in response.content.decode()
    assert not erased(old_file)
    with django_capture_on_commit_callbacks(execute=True):
        approve(login(second_coordinator), run)
    assert erased(old_file)


@pytest.mark.parametrize(
    "user", ["case_manager", "administrator", "auditor", "external_partner", "steering_member"]
)
def test_only_coordination_decides(as_user, user, run, old_file):
    client = as_user(user)
    assert approve(client, run).status_code == 403
    reject = reverse("privacy:run_reject", args=[run.pk])
    assert client.post(reject, {"reason": "nein"}).status_code == 403
    assert DeletionRun.objects.get(pk=run.pk).is_open and not erased(old_file)


def test_the_auditor_reads_runs_the_case_manager_does_not(as_user, run):
    url = reverse("privacy:run_detail", args=[run.pk])
    assert as_user("auditor").get(url).status_code == 200
    assert as_user("case_manager").get(url).status_code == 403


def test_approval_needs_the_confirmation(as_user, run, old_file):
    response = approve(as_user("coordinator"), run, confirm="")
    assert "Bitte bestätigen Sie" in response.content.decode()
    assert DeletionRun.objects.get(pk=run.pk).is_open and not erased(old_file)


def test_a_run_that_grew_since_it_was_opened_is_reviewed_again(as_user, run, old_file):
    version = run.version
    client_file(
        opened_on=timezone.localdate() - datetime.timedelta(days=1500),
        closed_on=timezone.localdate() - datetime.timedelta(days=1400),
    )
    services.propose_due()
    response = approve(as_user("coordinator"), run, version=version)
    assert "Bitte prüfen Sie die Liste erneut" in response.content.decode()
    assert DeletionRun.objects.get(pk=run.pk).is_open and not erased(old_file)


def test_a_client_active_again_is_kept_with_a_note(
    coordinator, run, old_file, django_capture_on_commit_callbacks
):
    CaseFactory(client=old_file.client, phase=CasePhase.INTAKE)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_run(run, by=coordinator, confirmed=True)
    item = run.items.get()
    assert item.state == ItemState.SKIPPED and "Fall offen" in item.note
    assert not erased(old_file)


def test_a_decided_run_is_not_decided_again(
    coordinator, run, old_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_run(run, by=coordinator, confirmed=True)
    with pytest.raises(services.PrivacyError, match="bereits entschieden"):
        services.approve_run(run, by=coordinator, confirmed=True)
    with pytest.raises(services.PrivacyError, match="bereits entschieden"):
        services.reject_run(run, by=coordinator, reason="doch nicht")


def test_reject_needs_a_reason_and_erases_nothing(as_user, run, old_file):
    client = as_user("coordinator")
    url = reverse("privacy:run_reject", args=[run.pk])
    response = client.post(url, {"reason": "  "})
    assert "Bitte begründen Sie" in response.content.decode()
    assert DeletionRun.objects.get(pk=run.pk).is_open
    assert client.post(url, {"reason": "Rechtsstreit anhängig"}).status_code == 302
    run.refresh_from_db()
    assert (run.state, run.rejection_reason) == (RunState.REJECTED, "Rechtsstreit anhängig")
    assert run.items.get().state == ItemState.SKIPPED
    assert not erased(old_file)
    # still due: the next daily run proposes the client again
    new_run, added = services.propose_due()
    assert added == 1 and new_run.pk != run.pk


def test_the_proposer_may_withdraw_their_own_run(coordinator, run):
    DeletionRun.objects.filter(pk=run.pk).update(created_by=coordinator)
    run.refresh_from_db()
    services.reject_run(run, by=coordinator, reason="versehentlich angelegt")
    assert DeletionRun.objects.get(pk=run.pk).state == RunState.REJECTED
