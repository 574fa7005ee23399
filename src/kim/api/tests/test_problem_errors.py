"""Errors are ``application/problem+json`` (RFC 9457) with German ``title`` and ``detail``, also
for paths that name no endpoint, methods the read-only API does not offer, and unexpected
failures (500, without the traceback)."""

import pytest

from kim.api.views import directory

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status, title):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["title"] == title
    assert body["type"].startswith("urn:kim:problem:")
    return body


def test_validation_error_names_field_and_instance(api):
    response = api("case_manager").get("/api/v1/offices/?municipality=x")
    body = assert_problem(response, 400, "Ungültige Angaben")
    assert body["instance"] == "/api/v1/offices/?municipality=x"
    assert body["errors"] == [
        {
            "field": "municipality",
            "detail": "Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste.",
            "code": "invalid_choice",
        }
    ]


def test_unknown_path_is_404_problem(api):
    body = assert_problem(api("case_manager").get("/api/v1/fallakten/"), 404, "Nicht gefunden")
    assert "/api/v1/docs/" in body["detail"]


def test_path_without_slash_is_redirected_first(api):
    response = api("case_manager").get("/api/v1/municipalities")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/municipalities/")


def test_negative_id_is_404_problem(api):
    assert_problem(api("case_manager").get("/api/v1/cases/-1/"), 404, "Nicht gefunden")


def test_huge_id_is_404_problem(api):
    assert_problem(api("coordinator").get(f"/api/v1/cases/{10**30}/"), 404, "Nicht gefunden")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(api, method):
    response = getattr(api("coordinator"), method)("/api/v1/municipalities/", {}, format="json")
    body = assert_problem(response, 405, "Methode nicht erlaubt")
    assert "nur lesend" in body["detail"]


def test_permission_denied_is_german(api):
    body = assert_problem(api("external_partner").get("/api/v1/cases/"), 403, "Keine Berechtigung")
    assert body["detail"] == "Ihre Rolle hat keinen Zugriff auf diese Daten."


def test_unexpected_error_is_500_problem_without_traceback(api, monkeypatch, caplog):
    def broken(self):
        raise RuntimeError("geheimer Stacktrace")

    monkeypatch.setattr(directory.MunicipalityList, "get_queryset", broken)
    response = api("case_manager").get("/api/v1/municipalities/")
    body = assert_problem(response, 500, "Interner Fehler")
    assert "geheimer" not in response.content.decode()
    assert "protokolliert" in body["detail"]
    assert "geheimer Stacktrace" in caplog.text


def test_path_with_control_characters_is_404_problem(api):
    assert_problem(api("case_manager").get("/api/v1/services/K%0A8/"), 404, "Nicht gefunden")
