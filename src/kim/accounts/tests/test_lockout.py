"""Lock-out after repeated failed logins (django-axes): five failures with one user name from one
address lock that name there for 30 minutes; the page looks the same for every user name, so that
it tells nobody which names exist. Administration lifts a lock earlier."""

import datetime
import logging

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kim.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Anmeldung vorübergehend gesperrt"
WRONG = "Benutzername und Passwort"


def attempt(client, username, password="falsch-falsch", address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(username, times, address="192.0.2.10"):
    client = Client()
    return [attempt(client, username, address=address) for _ in range(times)]


def test_five_failures_lock_the_login(case_manager):
    responses = fail("anna", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert WRONG in responses[3].content.decode()
    assert responses[4].status_code == 429
    html = responses[4].content.decode()
    assert LOCKED in html
    assert "Bitte versuchen Sie es in 30 Minuten erneut" in html


def test_locked_even_with_the_right_password(case_manager):
    fail("anna", 5)
    client = Client()
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_name_is_locked_alike(case_manager):
    """No user enumeration: the answers for a real and a made-up name cannot be told apart."""
    real = fail("anna", 5)
    made_up = fail("niemand", 5)
    for one, other in zip(real, made_up, strict=True):
        assert one.status_code == other.status_code
        assert (LOCKED in one.content.decode()) == (LOCKED in other.content.decode())


def test_the_lock_holds_for_the_name_from_that_address_only(case_manager):
    fail("anna", 5, address="192.0.2.10")
    client = Client()
    response = attempt(client, "anna", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_the_lock_ends_after_30_minutes(case_manager):
    fail("anna", 5)
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=31)
    )
    response = attempt(Client(), "anna", PASSWORD)
    assert response.status_code == 302


def test_a_success_before_the_limit_starts_the_count_anew(case_manager):
    fail("anna", 4)
    assert attempt(Client(), "anna", PASSWORD).status_code == 302
    assert fail("anna", 4)[-1].status_code == 200


def test_the_application_log_names_no_user_and_no_address(case_manager, caplog):
    with caplog.at_level(logging.DEBUG):
        fail("anna", 5)
    assert "anna" not in caplog.text
    assert "192.0.2.10" not in caplog.text


def test_administration_lifts_the_lock(as_user, administrator, case_manager):
    fail("anna", 5)
    client = as_user("administrator")
    page = client.get(reverse("accounts:login_security")).content.decode()
    assert "anna" in page and "Sperre aufheben" in page
    response = client.post(reverse("accounts:unlock_login"), {"username": "anna"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="anna").exists()
    assert attempt(Client(), "anna", PASSWORD).status_code == 302
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert entry.changes_dict == {"login_lock": ["gesperrt", "aufgehoben"]}
    assert entry.actor == administrator


def test_lifting_a_lock_of_an_unknown_name(as_user):
    fail("niemand", 5)
    client = as_user("administrator")
    assert "kein Konto" in client.get(reverse("accounts:login_security")).content.decode()
    client.post(reverse("accounts:unlock_login"), {"username": "niemand"})
    assert not AccessAttempt.objects.exists()


def test_lifting_a_lock_that_is_not_there_says_so(as_user):
    client = as_user("administrator")
    response = client.post(reverse("accounts:unlock_login"), {"username": "anna"}, follow=True)
    assert "Für diesen Benutzernamen besteht keine Sperre." in response.content.decode()


@pytest.mark.parametrize(
    "role", ["coordinator", "case_manager", "auditor", "external_partner", "steering_member"]
)
def test_only_administration_lifts_locks(as_user, role, case_manager):
    fail("anna", 5)
    response = as_user(role).post(reverse("accounts:unlock_login"), {"username": "anna"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="anna").exists()


def test_coordination_sees_the_locks_without_the_button(as_user, case_manager):
    fail("anna", 5)
    page = as_user("coordinator").get(reverse("accounts:login_security")).content.decode()
    assert "anna" in page
    assert "Sperre aufheben" not in page
