"""The responsibility finder as a query: the same answers as the finder page (the same
``for_need``), the same German messages for bad input, as 400 with the field."""

import pytest
from django.urls import reverse

from kim.directory.models import LegalDomain, Municipality, ServiceType

pytestmark = pytest.mark.django_db

URL = "/api/v1/finder/"


def _ld(code):
    return f"rechtskreis-{LegalDomain.objects.get(code=code).pk}"


def _st(code):
    return f"angebot-{ServiceType.objects.get(code=code).pk}"


def _municipality(name):
    return Municipality.objects.get(name=name).pk


def find(client, name, need, **extra):
    return client.get(URL, {"municipality": _municipality(name), "need": need, **extra})


def test_same_answer_as_the_finder_page(api, as_user, demo_directory):
    query = {"municipality": _municipality("Lüdenscheid"), "need": _st("MBE"), "age": 35}
    page = as_user("case_manager").get(reverse("directory:finder"), query)
    response = api("case_manager").get(URL, query)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [r.pk for r in page.context["results"]]
    assert {r["office"]["organisation_name"] for r in results} == {
        r.office.organisation.name for r in page.context["results"]
    }


def test_district_youth_office_with_address_and_contact(api, demo_directory):
    results = find(api("case_manager"), "Balve", _ld("SGB VIII")).json()["results"]
    assert [r["office"]["name"] for r in results] == ["Kreisjugendamt Märkischer Kreis"]
    office = results[0]["office"]
    assert {"street", "postal_code", "city", "phone", "email", "contact_persons"} <= set(office)
    assert results[0]["need"].startswith("SGB VIII")


def test_unknown_responsibility_has_no_office(api, demo_directory):
    results = find(api("coordinator"), "Halver", _ld("SGB II")).json()["results"]
    assert [(r["status"], r["status_label"], r["office"]) for r in results] == [
        ("unknown", "unbekannt", None)
    ]
    assert "Jobcenter" in results[0]["note"]


def test_age_narrows_by_age_band(api, demo_directory):
    client = api("case_manager")
    young = find(client, "Lüdenscheid", _st("JMD"), age=17).json()["results"]
    assert [r["service_name"] for r in young] == [
        "Jugendmigrationsdienst Lüdenscheid (südlicher Kreis)"
    ]
    assert find(client, "Lüdenscheid", _st("JMD"), age=35).json()["results"] == []


def test_nothing_on_record_is_an_empty_list(api, demo_directory):
    response = find(api("case_manager"), "Balve", _st("IA"))
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"municipality": "999999"}, "municipality", "Diese Kommune gibt es nicht"),
        ({"municipality": ""}, "municipality", "Bitte wählen Sie eine Kommune."),
        ({"need": ""}, "need", "Bitte wählen Sie einen Bedarf."),
        ({"need": "rechtskreis-999999"}, "need", "Diesen Bedarf gibt es nicht"),
        ({"need": "SGB II"}, "need", "Diesen Bedarf gibt es nicht"),
        ({"age": "-3"}, "age", "Das Alter kann nicht negativ sein."),
        ({"age": "zwölf"}, "age", "Bitte geben Sie das Alter als ganze Zahl an."),
        ({"age": "200"}, "age", "Bitte geben Sie ein Alter bis 130 Jahre an."),
    ],
)
def test_bad_query_is_400_with_the_field(api, demo_directory, params, field, message):
    query = {"municipality": _municipality("Balve"), "need": _ld("SGB VIII"), **params}
    response = api("case_manager").get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["field"]: e["detail"] for e in response.json()["errors"]}
    assert set(errors) == {field}
    assert message in errors[field]


def test_missing_query_names_both_fields(api, demo_directory):
    response = api("case_manager").get(URL)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"municipality", "need"}


@pytest.mark.parametrize("role", ["external_partner", "auditor", "user_without_role"])
def test_roles_without_directory_access_get_403(api, demo_directory, role):
    assert find(api(role), "Balve", _ld("SGB VIII")).status_code == 403
