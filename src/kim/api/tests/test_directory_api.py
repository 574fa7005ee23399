"""Directory endpoints: read by the roles with ``directory.view_*`` (as the web pages), 403 for
the others; filters with German validation errors."""

import pytest

from kim.directory.tests.factories import (
    LegalDomainFactory,
    MunicipalityFactory,
    OfficeFactory,
    ResponsibilityFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

READERS = ["case_manager", "coordinator", "administrator", "steering_member"]
NON_READERS = ["external_partner", "auditor", "user_without_role"]


@pytest.fixture
def directory(db):
    responsibility = ResponsibilityFactory()
    service = ServiceFactory()
    return {
        "municipalities": responsibility.municipality,
        "organisations": responsibility.office.organisation,
        "offices": responsibility.office,
        "services": service,
        "responsibilities": responsibility,
    }


ENDPOINTS = ["municipalities", "organisations", "offices", "services", "responsibilities"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", READERS)
def test_readers_get_list_and_detail(api, directory, endpoint, role):
    client = api(role)
    listed = client.get(f"/api/v1/{endpoint}/")
    assert listed.status_code == 200
    assert directory[endpoint].pk in [row["id"] for row in listed.json()["results"]]
    detail = client.get(f"/api/v1/{endpoint}/{directory[endpoint].pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == directory[endpoint].pk


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "legal-domains", "service-types", "finder"])
@pytest.mark.parametrize("role", NON_READERS)
def test_other_roles_get_403(api, directory, endpoint, role):
    response = api(role).get(f"/api/v1/{endpoint}/")
    assert response.status_code == 403
    assert response.json()["title"] == "Keine Berechtigung"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401(api, directory, endpoint):
    assert api(None).get(f"/api/v1/{endpoint}/{directory[endpoint].pk}/").status_code == 401


def test_unknown_entry_is_404(api, directory):
    response = api("case_manager").get("/api/v1/municipalities/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_municipality_has_ags_and_district(api):
    municipality = MunicipalityFactory(name="Balve", ags="05962004")
    body = api("case_manager").get(f"/api/v1/municipalities/{municipality.pk}/").json()
    assert body == {
        "id": municipality.pk,
        "name": "Balve",
        "ags": "05962004",
        "district": municipality.district.name,
    }


def test_offices_filtered_by_municipality(api):
    here, there = OfficeFactory(), OfficeFactory()
    response = api("case_manager").get(f"/api/v1/offices/?municipality={here.municipality_id}")
    assert [row["id"] for row in response.json()["results"]] == [here.pk]
    assert there.pk != here.pk


def test_responsibilities_filtered_by_legal_domain(api):
    domain = LegalDomainFactory(code="SGB VIII")
    wanted = ResponsibilityFactory(legal_domain=domain)
    ResponsibilityFactory()
    response = api("case_manager").get(f"/api/v1/responsibilities/?legal_domain={domain.pk}")
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    assert response.json()["results"][0]["legal_domain"] == "SGB VIII"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("/api/v1/offices/?municipality=abc", "municipality", "Diese Kommune gibt es nicht."),
        ("/api/v1/offices/?organisation=99999", "organisation", "Diese Organisation gibt es"),
        ("/api/v1/services/?type=x", "type", "Diese Angebotsart gibt es nicht."),
        ("/api/v1/organisations/?type=bank", "type", "Diese Art gibt es nicht."),
        ("/api/v1/responsibilities/?legal_domain=0", "legal_domain", "Diesen Rechtskreis"),
    ],
)
def test_bad_filter_values_are_400_with_the_field(api, directory, query, field, message):
    response = api("case_manager").get(query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["detail"]
