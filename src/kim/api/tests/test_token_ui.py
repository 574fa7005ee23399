"""The page "API-Zugänge": create a token (shown once), see one's own tokens with their state,
revoke them. Reached from the top bar of every page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.api.models import ApiToken

from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

URL = reverse("api:token_list")


def test_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_top_bar_links_to_the_page(as_user):
    assert URL in as_user("case_manager").get(reverse("home")).content.decode()


def test_create_shows_the_token_once(as_user, case_manager):
    client = as_user("case_manager")
    response = client.post(URL, {"name": "Fachverfahren Iserlohn", "valid_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=case_manager)
    page = response.content.decode()
    raw = response.context["raw_token"]
    assert raw in page
    assert "nur dieses eine Mal" in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert token.name == "Fachverfahren Iserlohn"
    assert (token.expires_at.date() - token.created_at.date()).days == 30
    # afterwards only the prefix is shown
    again = client.get(URL).content.decode()
    assert raw not in again
    assert token.prefix in again
    # and the token works
    assert Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "valid_days": "90"}, "name", "Bitte geben Sie eine Bezeichnung an."),
        ({"name": "x", "valid_days": "0"}, "valid_days", "Ein Zugang gilt mindestens 1 Tag."),
        ({"name": "x", "valid_days": "366"}, "valid_days", "höchstens 365 Tage"),
        ({"name": "x", "valid_days": "viele"}, "valid_days", "als ganze Zahl"),
        ({"name": "x" * 101, "valid_days": "90"}, "name", "höchstens 100 Zeichen"),
    ],
)
def test_bad_input_changes_nothing(as_user, data, field, message):
    response = as_user("case_manager").post(URL, data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["raw_token"] is None
    assert not ApiToken.objects.exists()


def test_list_shows_only_own_tokens_with_state(as_user, case_manager, coordinator):
    ApiTokenFactory(user=case_manager, name="läuft")
    ApiTokenFactory(
        user=case_manager,
        name="alt",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    ApiTokenFactory(user=case_manager, name="weg", revoked_at=timezone.now())
    ApiTokenFactory(user=coordinator, name="fremd")
    response = as_user("case_manager").get(URL)
    names = [t.name for t in response.context["tokens"]]
    assert sorted(names) == ["alt", "läuft", "weg"]
    page = response.content.decode()
    for label in ("gültig", "abgelaufen", "widerrufen am"):
        assert label in page
    assert "fremd" not in page


def test_revoke_own_token(as_user, case_manager):
    token = ApiTokenFactory(user=case_manager)
    client = as_user("case_manager")
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "ist widerrufen" in response.content.decode()
    token.refresh_from_db()
    assert token.is_revoked
    update = LogEntry.objects.get_for_object(token).get(action=LogEntry.Action.UPDATE)
    assert update.actor == case_manager
    assert client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token.raw}").status_code == 401


def test_revoking_another_persons_token_is_404(as_user, coordinator):
    token = ApiTokenFactory(user=coordinator)
    response = as_user("case_manager").post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_revoke_needs_post(as_user, case_manager):
    token = ApiTokenFactory(user=case_manager)
    assert (
        as_user("case_manager").get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    )


def test_creation_is_in_the_change_log_with_the_actor(as_user, case_manager):
    as_user("case_manager").post(URL, {"name": "Auswertung", "valid_days": "90"})
    token = ApiToken.objects.get()
    entry = LogEntry.objects.get_for_object(token).get(action=LogEntry.Action.CREATE)
    assert entry.actor == case_manager
