"""The OpenAPI 3 schema at /api/v1/schema/ and the documentation page at /api/v1/docs/: public
(they hold no data), complete, and the page's scripts come from KIM itself, not from a CDN."""

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/municipalities/",
    "/api/v1/organisations/",
    "/api/v1/offices/",
    "/api/v1/services/",
    "/api/v1/responsibilities/",
    "/api/v1/finder/",
    "/api/v1/clients/",
    "/api/v1/cases/",
    "/api/v1/cases/{id}/",
    "/api/v1/cases/{id}/goals/",
    "/api/v1/cases/{id}/referrals/",
    "/api/v1/cases/{id}/contacts/",
    "/api/v1/hurdle-reports/",
    "/api/v1/topics/",
    "/api/v1/themes/",
    "/api/v1/controlling/",
]


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_openapi_3_and_public(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "KIM-API"


def test_schema_has_every_endpoint_read_only(schema):
    assert set(PATHS) <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        assert set(operations) - {"parameters"} == {"get"}, path


def test_bearer_token_is_the_security_scheme(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert {"bearerAuth": []} in schema["paths"]["/api/v1/cases/"]["get"]["security"]


def test_errors_are_documented_as_problem_json(schema):
    responses = schema["paths"]["/api/v1/cases/"]["get"]["responses"]
    for code in ("400", "401", "403", "404"):
        assert list(responses[code]["content"]) == ["application/problem+json"]


def test_filters_of_the_web_list_are_parameters(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"q", "municipality", "phase", "life_domain", "status", "case_manager"} <= set(
        parameters
    )
    assert {"cursor", "page_size"} <= set(parameters)
    assert "closed" not in parameters["phase"]["schema"]["enum"]


def test_json_schema_on_request(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_docs_page_serves_swagger_ui_locally_without_inline_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # the start script is a file of its own, so that the Content Security Policy allows it
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
