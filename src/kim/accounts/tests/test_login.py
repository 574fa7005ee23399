"""Login with username and password; everything else needs a login."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kim.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("directory:finder"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_german_and_reachable_without_login(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()
    assert 'lang="de"' in response.content.decode()


def test_login_with_correct_password_leads_to_the_second_factor(client, case_manager):
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor_setup") + "?next=%2F"
    assert client.session["_auth_user_id"] == str(case_manager.pk)


@override_settings(KIM_REQUIRE_SECOND_FACTOR=False)
def test_without_second_factor_the_password_is_enough(client, case_manager):
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == case_manager


def test_wrong_password_gives_german_error_and_no_session(client, case_manager):
    response = client.post(reverse("login"), {"username": "anna", "password": "falsch"})
    assert response.status_code == 200
    assert "Benutzername und Passwort" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_only_by_post(client, case_manager):
    client.force_login(case_manager)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_german_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert "Benutzername" in html
    assert response["Content-Language"] == "de"


def test_chosen_language_is_kept(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Username" in response.content.decode()
