"""Zuständigkeitsfinder: municipality + need (+ age) -> offices, or a clear "unbekannt"/"keine"."""

import pytest
from django.urls import reverse

from kim.directory.demo import ALL, OWN_YOUTH_OFFICE
from kim.directory.models import LegalDomain, Municipality, Responsibility, ServiceType

pytestmark = pytest.mark.django_db

LEGAL_DOMAINS_THAT_MUST_ANSWER = ["SGB II", "SGB III", "SGB VIII", "SGB XII", "AufenthG", "StAG"]


def _find(client, municipality, need, age=""):
    return client.get(
        reverse("directory:finder"), {"municipality": municipality.pk, "need": need, "age": age}
    )


def _ld(code):
    return f"rechtskreis-{LegalDomain.objects.get(code=code).pk}"


def _st(code):
    return f"angebot-{ServiceType.objects.get(code=code).pk}"


def test_every_municipality_has_an_answer_for_every_main_legal_domain(demo_directory):
    for name in ALL:
        municipality = Municipality.objects.get(name=name)
        for code in LEGAL_DOMAINS_THAT_MUST_ANSWER:
            results = list(
                Responsibility.objects.for_need(
                    municipality, legal_domain=LegalDomain.objects.get(code=code)
                )
            )
            assert results, f"{name} {code}"
            assert all(r.office_id or r.is_unknown for r in results)


@pytest.mark.parametrize("name", ["Balve", "Halver", "Herscheid", "Schalksmühle"])
def test_sgb_viii_without_own_youth_office_is_the_district_youth_office(
    as_user, demo_directory, name
):
    response = _find(as_user("case_manager"), Municipality.objects.get(name=name), _ld("SGB VIII"))
    offices = [r.office.name for r in response.context["results"]]
    assert offices == ["Kreisjugendamt Märkischer Kreis"]
    assert "Kreisjugendamt Märkischer Kreis" in response.content.decode()


@pytest.mark.parametrize("name", OWN_YOUTH_OFFICE)
def test_sgb_viii_with_own_youth_office(as_user, demo_directory, name):
    response = _find(as_user("case_manager"), Municipality.objects.get(name=name), _ld("SGB VIII"))
    assert [r.office.name for r in response.context["results"]] == [f"Jugendamt {name}"]


def test_iserlohn_has_its_own_foreigners_and_naturalisation_authority(as_user, demo_directory):
    client = as_user("case_manager")
    iserlohn = Municipality.objects.get(name="Iserlohn")
    altena = Municipality.objects.get(name="Altena")
    assert [r.office.name for r in _find(client, iserlohn, _ld("AufenthG")).context["results"]] == [
        "Ausländerbehörde Iserlohn"
    ]
    assert [r.office.name for r in _find(client, altena, _ld("StAG")).context["results"]] == [
        "Einbürgerungsbehörde Märkischer Kreis (Kreishaus Lüdenscheid)"
    ]


def test_unknown_responsibility_says_unbekannt(as_user, demo_directory):
    response = _find(
        as_user("case_manager"), Municipality.objects.get(name="Halver"), _ld("SGB II")
    )
    html = response.content.decode()
    assert [r.is_unknown for r in response.context["results"]] == [True]
    assert "Zuständige Stelle unbekannt" in html
    assert "Jobcenter Märkischer Kreis" in html  # the note says what is known


def test_age_narrows_services_with_an_age_band(as_user, demo_directory):
    client = as_user("case_manager")
    luedenscheid = Municipality.objects.get(name="Lüdenscheid")
    young = _find(client, luedenscheid, _st("JMD"), age=17).context["results"]
    assert [r.service.name for r in young] == [
        "Jugendmigrationsdienst Lüdenscheid (südlicher Kreis)"
    ]
    assert list(_find(client, luedenscheid, _st("JMD"), age=35).context["results"]) == []
    adult_mbe = _find(client, luedenscheid, _st("MBE"), age=35).context["results"]
    assert {r.office.organisation.short_name for r in adult_mbe} == {
        "AWO UB Hagen/MK",
        "Diakonisches Werk Lüdenscheid/Plettenberg",
    }
    assert list(_find(client, luedenscheid, _st("MBE"), age=20).context["results"]) == []


def test_no_responsibility_on_record(as_user, demo_directory):
    response = _find(as_user("case_manager"), Municipality.objects.get(name="Balve"), _st("IA"))
    assert list(response.context["results"]) == []
    assert "Keine Zuständigkeit hinterlegt" in response.content.decode()


def test_htmx_request_gets_only_the_results(as_user, demo_directory):
    client = as_user("case_manager")
    response = client.get(
        reverse("directory:finder"),
        {"municipality": Municipality.objects.get(name="Balve").pk, "need": _ld("SGB VIII")},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Kreisjugendamt Märkischer Kreis" in html
    assert "<html" not in html


def test_empty_finder_shows_the_form_without_errors(as_user, demo_directory):
    response = as_user("case_manager").get(reverse("directory:finder"))
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "kern-error" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"municipality": "999999", "need": "x"}, "municipality", "Diese Kommune gibt es nicht"),
        ({"municipality": "", "need": ""}, "municipality", "Bitte wählen Sie eine Kommune."),
        ({"need": "rechtskreis-999999"}, "need", "Diesen Bedarf gibt es nicht"),
        ({"age": "-3"}, "age", "Das Alter kann nicht negativ sein."),
        ({"age": "zwölf"}, "age", "Bitte geben Sie das Alter als ganze Zahl an."),
        ({"age": "200"}, "age", "Bitte geben Sie ein Alter bis 130 Jahre an."),
    ],
)
def test_bad_input_gets_a_german_error(as_user, demo_directory, params, field, message):
    query = {"municipality": Municipality.objects.get(name="Balve").pk, "need": _ld("SGB VIII")}
    query.update(params)
    response = as_user("case_manager").get(reverse("directory:finder"), query)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()


def test_municipality_page_lists_all_its_responsibilities(as_user, demo_directory):
    balve = Municipality.objects.get(name="Balve")
    response = as_user("coordinator").get(reverse("directory:municipality_detail", args=[balve.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    shown = response.context["by_legal_domain"] + response.context["by_service"]
    assert len(shown) == Responsibility.objects.filter(municipality=balve).count()
    assert "Kreisjugendamt Märkischer Kreis" in html
    assert "Brinkmann" in html  # the (fictitious) integration officer
