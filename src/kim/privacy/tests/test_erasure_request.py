"""Löschung auf Antrag: coordination records the request with a reason; the same deletion path
(four eyes) follows; an open case refuses it until it is closed; bad input gets a German message
and creates nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Case, CasePhase, Client
from kim.privacy.models import Basis, DeletionRun, RunKind

from .factories import FIRST, client_file

pytestmark = pytest.mark.django_db

REASON = "Schriftlicher Antrag nach Art. 17 DSGVO, eingegangen per Post."


@pytest.fixture
def recent_file(case_manager):
    """Closed last month: far from due, but the person asks for the erasure."""
    today = timezone.localdate()
    return client_file(
        opened_on=today - datetime.timedelta(days=120),
        closed_on=today - datetime.timedelta(days=30),
        case_manager=case_manager,
    )


def url(file):
    return reverse("privacy:erasure_request", args=[file.client.pk])


def post(client, file, **data):
    data = {"requested_on": timezone.localdate().isoformat(), "reason": REASON, **data}
    return client.post(url(file), data)


def test_coordination_records_a_request_and_a_second_person_approves_it(
    as_user, login, recent_file, second_coordinator, django_capture_on_commit_callbacks
):
    client = as_user("coordinator")
    assert client.get(url(recent_file)).status_code == 200
    response = post(client, recent_file)
    run = DeletionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert (run.kind, run.reason, run.created_by.username) == (RunKind.REQUEST, REASON, "jonas")
    assert run.items.get().basis == Basis.REQUEST
    # the proposer cannot approve; another person of coordination can, without waiting
    approve = reverse("privacy:run_approve", args=[run.pk])
    data = {"confirm": "on", "version": run.version}
    assert "Vier-Augen" in client.post(approve, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        login(second_coordinator).post(approve, data)
    assert Client.objects.get(pk=recent_file.client.pk).first_name == ""


def test_an_open_case_is_closed_first(as_user, recent_file):
    Case.objects.filter(pk=recent_file.case.pk).update(phase=CasePhase.MONITORING, closed_on=None)
    client = as_user("coordinator")
    page = client.get(url(recent_file)).content.decode()
    assert "Ein Fall ist noch offen" in page and recent_file.case.number in page
    response = post(client, recent_file)
    assert response.status_code == 200
    html = response.content.decode()
    assert "noch einen offenen Fall" in html and "Bitte schließen Sie den Fall zuerst ab" in html
    assert not DeletionRun.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Bitte geben Sie an, wer die Löschung wann und wie beantragt hat."),
        ({"reason": "   "}, "Bitte geben Sie an, wer die Löschung wann und wie beantragt hat."),
        ({"requested_on": ""}, "Bitte geben Sie das Datum des Antrags an."),
        ({"requested_on": "31.02.2026"}, "Bitte geben Sie ein gültiges Datum an"),
        ({"requested_on": "2999-01-01"}, "darf nicht in der Zukunft liegen"),
        ({"reason": f"Antrag von {FIRST} per Post"}, "nennt den Namen der Person"),
    ],
)
def test_bad_input_gets_a_german_message_and_creates_nothing(as_user, recent_file, data, message):
    response = post(as_user("coordinator"), recent_file, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeletionRun.objects.exists()


def test_a_client_waiting_in_a_run_is_not_requested_twice(as_user, recent_file):
    client = as_user("coordinator")
    post(client, recent_file)
    response = post(client, recent_file)
    assert "bereits in einem Löschvorschlag" in response.content.decode()
    assert DeletionRun.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "status"),
    [("case_manager", 403), ("administrator", 403), ("auditor", 403), ("external_partner", 403)],
)
def test_only_coordination_records_a_request(as_user, recent_file, user, status):
    client = as_user(user)
    assert client.get(url(recent_file)).status_code == status
    assert post(client, recent_file).status_code == status
    assert not DeletionRun.objects.exists()


def test_the_client_page_offers_what_each_may_do(as_user, recent_file):
    page = reverse("cases:client_detail", args=[recent_file.client.pk])
    html = as_user("coordinator").get(page).content.decode()
    assert "Löschung auf Antrag" in html and "Auskunft als PDF" in html
    html = as_user("case_manager").get(page).content.decode()
    assert "Löschung auf Antrag" not in html and "Auskunft als JSON" in html


def test_the_client_page_says_when_the_person_waits_or_is_erased(
    as_user, login, recent_file, second_coordinator, django_capture_on_commit_callbacks
):
    page = reverse("cases:client_detail", args=[recent_file.client.pk])
    client = as_user("coordinator")
    post(client, recent_file)
    assert "Zur Löschung vorgesehen" in client.get(page).content.decode()
    run = DeletionRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(second_coordinator).post(
            reverse("privacy:run_approve", args=[run.pk]), {"confirm": "on", "version": run.version}
        )
    html = login(second_coordinator).get(page).content.decode()
    assert "wurden am" in html and "gelöscht" in html
    assert "Auskunft als PDF" not in html and "Löschung auf Antrag" not in html
