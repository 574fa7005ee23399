"""The duplicate warning before a new client is saved (same name, also spelt otherwise or in
another script, and the same year of birth), and that it names no one the user may not see."""

import pytest
from django.urls import reverse

from kim.cases.models import Client
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.cases.tests.test_clients import client_data
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

WARNING = "Ist diese Person schon erfasst?"
CONFIRM = "Ich habe geprüft: Es ist eine andere Person"
HIDDEN_NOTICE = (
    "Eine Person mit ähnlichem Namen und gleichem Geburtsjahr ist bereits bei einer "
    "Kollegin/einem Kollegen erfasst – bitte wenden Sie sich an die Koordination."
)


@pytest.fixture
def place():
    return MunicipalityFactory(name="Iserlohn")


def _new(place, first, last, **overrides):
    base = {"first_name_original": "", "last_name_original": "", "date_of_birth": "1985-07-01"}
    return client_data(place, first_name=first, last_name=last, **{**base, **overrides})


def _post(web, data):
    return web.post(reverse("cases:client_create"), data)


def test_transliteration_variant_of_own_client_is_shown_with_link(as_user, case_manager, place):
    existing = CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(
            first_name="Mohammed", last_name="Al-Hassan", date_of_birth="1985-02-11"
        ),
    ).client

    response = _post(as_user("case_manager"), _new(place, "Muhammad", "Alhasan"))

    html = response.content.decode()
    assert response.status_code == 200
    assert WARNING in html
    assert "Mohammed Al-Hassan" in html
    assert reverse("cases:client_detail", args=[existing.pk]) in html
    assert "11.02.1985" in html
    assert CONFIRM in html
    assert HIDDEN_NOTICE not in html
    assert Client.objects.count() == 1
    # nothing entered is lost
    assert 'value="Muhammad"' in html and 'value="Alhasan"' in html
    assert 'value="1985-07-01"' in html


def test_confirmation_saves_the_new_client(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Mohammed", last_name="Al-Hassan", date_of_birth=None),
    )
    data = _new(place, "Muhammad", "Alhasan", confirm_not_duplicate="on")

    response = _post(as_user("case_manager"), data)

    assert response.status_code == 302
    new = Client.objects.get(first_name="Muhammad")
    assert response.url == reverse("cases:client_detail", args=[new.pk])
    assert Client.objects.count() == 2


def test_warning_again_when_not_confirmed(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Amal", last_name="Haddad", date_of_birth="1985-01-01"),
    )
    web = as_user("case_manager")
    assert WARNING in _post(web, _new(place, "Amal", "Haddad")).content.decode()
    response = _post(web, _new(place, "Amal", "Haddad"))  # saved again without the tick
    assert WARNING in response.content.decode()
    assert Client.objects.count() == 1


def test_cyrillic_name_in_latin_fields_matches_latin_spelling(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(
            first_name="Олександр", last_name="Шевченко", year_of_birth=1985, date_of_birth=None
        ),
    )
    response = _post(as_user("case_manager"), _new(place, "Oleksandr", "Shevchenko"))
    assert WARNING in response.content.decode()
    assert "Олександр Шевченко" in response.content.decode()
    assert Client.objects.count() == 1


def test_original_script_of_new_client_matches_latin_name_of_existing(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(
            first_name="Oleksandr", last_name="Shevchenko", date_of_birth="1985-12-24"
        ),
    )
    # written in German transliteration, with the name in Cyrillic as well
    data = _new(
        place,
        "Alexander",
        "Schewtschenko",
        first_name_original="Олександр",
        last_name_original="Шевченко",
    )
    response = _post(as_user("case_manager"), data)
    assert WARNING in response.content.decode()
    assert "Oleksandr Shevchenko" in response.content.decode()
    assert Client.objects.count() == 1


def test_year_only_matches_full_birth_date(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Amal", last_name="Haddad", date_of_birth="1985-05-05"),
    )
    data = _new(place, "Amal", "Haddad", date_of_birth="", year_of_birth="1985")
    assert WARNING in _post(as_user("case_manager"), data).content.decode()
    assert Client.objects.count() == 1


def test_other_birth_year_is_no_duplicate(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Amal", last_name="Haddad", date_of_birth="1979-05-05"),
    )
    response = _post(as_user("case_manager"), _new(place, "Amal", "Haddad"))
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_other_name_is_no_duplicate(as_user, case_manager, place):
    CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Amal", last_name="Haddad", date_of_birth="1985-05-05"),
    )
    response = _post(as_user("case_manager"), _new(place, "Amal", "Nasser"))
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_duplicate_of_a_colleague_shows_no_personal_details(as_user, place):
    colleague_case = CaseFactory(
        client=ClientFactory(
            first_name="Mohammed",
            last_name="Al-Hassan",
            date_of_birth="1985-02-11",
            phone="0151 222333",
            municipality=MunicipalityFactory(name="Plettenberg"),
        )
    )
    hidden = colleague_case.client

    response = _post(as_user("case_manager"), _new(place, "Muhammad", "Alhasan"))

    html = response.content.decode()
    assert response.status_code == 200
    warning = html[html.index('id="duplicate-warning"') : html.index("<fieldset")]
    assert WARNING in warning
    assert HIDDEN_NOTICE in warning
    assert CONFIRM in warning
    for detail in ("Mohammed", "Al-Hassan", "11.02.1985", "1985", "0151 222333"):
        assert detail not in warning
    assert "Plettenberg" not in warning
    assert "Mohammed" not in html and "Al-Hassan" not in html and "0151 222333" not in html
    assert reverse("cases:client_detail", args=[hidden.pk]) not in html
    assert colleague_case.number not in html
    assert response.context["duplicates"] == []
    assert response.context["hidden_duplicates"] == 1
    assert Client.objects.count() == 1


def test_duplicate_of_a_colleague_can_be_confirmed(as_user, place):
    CaseFactory(
        client=ClientFactory(
            first_name="Mohammed", last_name="Al-Hassan", date_of_birth="1985-02-11"
        )
    )
    data = _new(place, "Muhammad", "Alhasan", confirm_not_duplicate="on")
    response = _post(as_user("case_manager"), data)
    assert response.status_code == 302
    assert Client.objects.count() == 2
