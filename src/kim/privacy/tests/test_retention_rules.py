"""The page "Löschkonzept": periods for coordination, administration and the auditor, changed
by coordination and administration (bad input: German message, nothing changes); the deletion
runs for coordination and the auditor; "propose now" for coordination."""

import pytest
from auditlog.models import LogEntry
from concurrency.forms import get_signer
from django.urls import reverse

from kim.privacy.models import DataKind, DeletionRun, RetentionRule

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("privacy:overview")


def rule():
    return RetentionRule.objects.get(kind=DataKind.CLIENT_WITH_CASES)


def signed_version():
    return get_signer().sign(rule().version)


def edit_url():
    return reverse("privacy:rule_edit", args=[rule().pk])


@pytest.mark.parametrize(
    ("user", "status", "sees_runs"),
    [
        ("coordinator", 200, True),
        ("auditor", 200, True),
        ("administrator", 200, False),
        ("case_manager", 403, False),
        ("external_partner", 403, False),
        ("steering_member", 403, False),
        ("user_without_role", 403, False),
    ],
)
def test_who_sees_the_page(as_user, user, status, sees_runs):
    response = as_user(user).get(OVERVIEW)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Klient:innen mit Fällen" in html and "36 Monate" in html
        assert "Protokolleinträge" in html  # what the erasure does, in words
        assert ("Löschvorschläge" in html) is sees_runs


def test_anonymous_is_sent_to_the_login(client):
    assert client.get(OVERVIEW).status_code == 302


@pytest.mark.parametrize("user", ["coordinator", "administrator"])
def test_coordination_and_administration_change_a_period(as_user, user):
    client = as_user(user)
    page = client.get(edit_url())
    assert page.status_code == 200
    data = {"months": "48", "explanation": "Beschluss vom 01.03.2026", "version": signed_version()}
    response = client.post(edit_url(), data)
    assert response.status_code == 302
    changed = rule()
    assert (changed.months, changed.explanation) == (48, "Beschluss vom 01.03.2026")
    assert changed.updated_by.username == {"coordinator": "jonas", "administrator": "petra"}[user]
    entry = LogEntry.objects.get_for_object(changed).latest("pk")
    assert entry.changes["months"] == ["36", "48"]


@pytest.mark.parametrize("user", ["auditor", "case_manager", "steering_member"])
def test_others_do_not_change_periods(as_user, user):
    client = as_user(user)
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), {"months": "1", "version": signed_version()}).status_code == 403
    assert rule().months == 36


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("", "Bitte geben Sie die Frist in Monaten an."),
        ("0", "Die Frist beträgt mindestens einen Monat."),
        ("121", "Die Frist beträgt höchstens 120 Monate"),
        ("drei", "Die Frist ist eine ganze Zahl von Monaten"),
        ("2.5", "Die Frist ist eine ganze Zahl von Monaten"),
    ],
)
def test_bad_period_gets_a_german_message_and_changes_nothing(as_user, months, message):
    response = as_user("coordinator").post(
        edit_url(), {"months": months, "explanation": "", "version": signed_version()}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert rule().months == 36


def test_a_period_changed_meanwhile_is_not_overwritten(as_user):
    client = as_user("coordinator")
    version = signed_version()
    client.post(edit_url(), {"months": "24", "version": version})
    response = client.post(edit_url(), {"months": "60", "version": version})
    assert "inzwischen von jemand anderem geändert" in response.content.decode()
    assert rule().months == 24


def test_coordination_proposes_the_due_clients_now(as_user, old_file):
    client = as_user("coordinator")
    assert "Fällige jetzt vorschlagen" in client.get(OVERVIEW + "?faellig=1").content.decode()
    response = client.post(reverse("privacy:propose_now"))
    run = DeletionRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.created_by.username == "jonas"  # four eyes: jonas may not approve it
    # nothing more to propose
    response = client.post(reverse("privacy:propose_now"), follow=True)
    assert "niemand zur Löschung fällig" in response.content.decode()
    assert DeletionRun.objects.count() == 1


@pytest.mark.parametrize("user", ["auditor", "administrator", "case_manager"])
def test_only_coordination_proposes(as_user, old_file, user):
    assert as_user(user).post(reverse("privacy:propose_now")).status_code == 403
    assert not DeletionRun.objects.exists()
