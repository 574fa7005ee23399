"""``Authorization: Bearer <token>``: a valid token acts for its user; no token, an unknown,
expired or revoked token, or a deactivated account get 401 as problem+json in German, never a
redirect to the login page."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.api.models import ApiToken

from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/municipalities/"


def get(token_header=None):
    client = APIClient()
    if token_header is not None:
        client.credentials(HTTP_AUTHORIZATION=token_header)
    return client.get(URL)


def assert_401(response, detail_part):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="KIM-API"'
    body = response.json()
    assert body["title"] == "Nicht angemeldet"
    assert body["status"] == 401
    assert detail_part in body["detail"]


def test_valid_token_acts_for_its_user(coordinator):
    token = ApiTokenFactory(user=coordinator)
    response = get(f"Bearer {token.raw}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_keyword_is_case_insensitive(coordinator):
    token = ApiTokenFactory(user=coordinator)
    assert get(f"bearer {token.raw}").status_code == 200


def test_without_token_401_not_a_redirect(db):
    assert_401(get(), "Authorization: Bearer")


def test_unknown_token_401(coordinator):
    ApiTokenFactory(user=coordinator)
    assert_401(get("Bearer kim_nichtvorhanden"), "unbekannt")


def test_malformed_header_401(coordinator):
    assert_401(get("Bearer"), "Authorization: Bearer <Schlüssel>")
    assert_401(get("Bearer a b"), "Authorization: Bearer <Schlüssel>")


def test_expired_token_401(coordinator):
    token = ApiTokenFactory(
        user=coordinator, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert_401(get(f"Bearer {token.raw}"), "abgelaufen")


def test_revoked_token_401(coordinator):
    token = ApiTokenFactory(user=coordinator, revoked_at=timezone.now())
    assert_401(get(f"Bearer {token.raw}"), "widerrufen")


def test_token_of_deactivated_account_401(coordinator):
    token = ApiTokenFactory(user=coordinator)
    coordinator.is_active = False
    coordinator.save()
    assert_401(get(f"Bearer {token.raw}"), "deaktiviert")


def test_last_used_date_is_recorded(coordinator):
    token = ApiTokenFactory(user=coordinator)
    assert token.last_used_on is None
    get(f"Bearer {token.raw}")
    assert ApiToken.objects.get(pk=token.pk).last_used_on == timezone.localdate()


def test_refused_token_records_no_use(coordinator):
    token = ApiTokenFactory(user=coordinator, revoked_at=timezone.now())
    get(f"Bearer {token.raw}")
    assert ApiToken.objects.get(pk=token.pk).last_used_on is None


def test_only_the_hash_is_stored(coordinator):
    token = ApiTokenFactory(user=coordinator)
    stored = ApiToken.objects.get(pk=token.pk)
    assert token.raw not in (stored.key_hash, stored.prefix, stored.name)
    assert len(stored.key_hash) == 64
    assert token.raw.startswith(stored.prefix)


def test_logged_in_browser_session_also_works(as_user):
    # the documentation page's "Try it out" uses the session of the logged-in user
    assert as_user("coordinator").get(URL).status_code == 200


def test_other_web_pages_still_redirect_to_login(client):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
