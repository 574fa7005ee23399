"""The language of the interface: German by default, English when a person chooses it – in the
header (``set_language``), stored on the user and in the cookie; the user's choice wins after the
login, the cookie holds on the login page (kim/core/language.py, kim/core/middleware.py)."""

import subprocess

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from kim.accounts.tests.factories import PASSWORD
from kim.core import catalogs

pytestmark = pytest.mark.django_db

SET_LANGUAGE = reverse("set_language")
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def compiled_catalogs():
    """The .mo files are built by ``make setup``; a test run without make builds them here."""
    built = False
    for language in catalogs.CATALOG_LANGUAGES:
        po = catalogs.catalog_path(language)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
            built = True
    if built:  # Django keeps the catalogues it has read once per process
        trans_real._translations = {}
        trans_real._default = None


def _nav_labels(response):
    return [str(entry["label"]) for entry in response.context["main_navigation"]]


def test_german_is_the_default(as_user):
    response = as_user("case_manager").get(reverse("home"))
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
    assert _nav_labels(response)[:3] == ["Start", "Fälle", "Klient:innen"]


def test_a_user_who_chose_english_sees_english_labels(as_user, case_manager):
    case_manager.language = "en"
    case_manager.save()
    response = as_user("case_manager").get(reverse("home"))
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page
    assert _nav_labels(response)[:3] == ["Home", "Cases", "Clients"]
    assert "Log out" in page
    assert "Abmelden" not in page


def test_the_users_choice_wins_over_the_cookie(as_user, case_manager):
    case_manager.language = "en"
    case_manager.save()
    client = as_user("case_manager")
    client.cookies[COOKIE] = "de"
    assert "Cases" in _nav_labels(client.get(reverse("home")))


def test_without_a_choice_on_the_user_the_cookie_counts(as_user):
    client = as_user("coordinator")
    client.cookies[COOKIE] = "en"
    assert "Cases" in _nav_labels(client.get(reverse("home")))


def test_the_cookie_translates_the_login_page():
    client = Client()
    client.cookies[COOKIE] = "en"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_the_browser_language_does_not_count():
    page = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de">' in page


def test_the_header_offers_the_switch(as_user):
    page = as_user("case_manager").get(reverse("home")).content.decode()
    assert f'action="{SET_LANGUAGE}"' in page
    assert '<label class="kern-label kern-body--small" for="kim-language">' in page
    assert '<option value="en" lang="en">English</option>' in page


def test_switching_stores_the_language_on_the_user_and_in_the_cookie(as_user, case_manager):
    client = as_user("case_manager")
    response = client.post(SET_LANGUAGE, {"language": "en", "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert response.cookies[COOKIE].value == "en"
    case_manager.refresh_from_db()
    assert case_manager.language == "en"
    # on another device (no cookie) the stored choice holds
    other = as_user("case_manager")
    other.cookies.pop(COOKIE, None)
    assert "Cases" in _nav_labels(other.get(reverse("home")))


def test_switching_back_to_german(as_user, case_manager):
    case_manager.language = "en"
    case_manager.save()
    client = as_user("case_manager")
    client.post(SET_LANGUAGE, {"language": "de"})
    case_manager.refresh_from_db()
    assert case_manager.language == "de"
    assert "Fälle" in _nav_labels(client.get(reverse("home")))


def test_an_unknown_language_changes_nothing(as_user, case_manager):
    client = as_user("case_manager")
    response = client.post(SET_LANGUAGE, {"language": "fr", "next": "/cases/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    case_manager.refresh_from_db()
    assert case_manager.language == ""
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Diese Sprache gibt es in KIM nicht."
    ]


def test_a_missing_language_changes_nothing(as_user, case_manager):
    response = as_user("case_manager").post(SET_LANGUAGE, {"next": "/cases/"})
    assert COOKIE not in response.cookies
    case_manager.refresh_from_db()
    assert case_manager.language == ""


def test_the_switch_does_not_lead_to_another_site(as_user):
    response = as_user("case_manager").post(
        SET_LANGUAGE, {"language": "en", "next": "https://example.org/"}
    )
    assert response["Location"] == reverse("home")


def test_switching_only_by_post(as_user):
    assert as_user("case_manager").get(SET_LANGUAGE, {"language": "en"}).status_code == 405


def test_on_the_login_page_the_switch_sets_only_the_cookie():
    client = Client()
    response = client.post(SET_LANGUAGE, {"language": "en", "next": reverse("login")})
    assert response["Location"] == reverse("login")
    assert response.cookies[COOKIE].value == "en"
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_before_the_second_factor_the_user_is_not_changed(case_manager):
    client = Client()
    client.post(reverse("login"), {"username": case_manager.username, "password": PASSWORD})
    response = client.post(SET_LANGUAGE, {"language": "en"})
    assert response.cookies[COOKIE].value == "en"
    case_manager.refresh_from_db()
    assert case_manager.language == ""
