"""The pre-check on a client's page: for the client's case manager and coordination, every
criterion with its result and legal basis, "erfüllt ab <Datum>" for periods reached later, the
field that would settle a missing one, a check on another day, and always the note that it is a
pointer for the authority, never a decision."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.residence.checks import add_months

from .factories import make_eligible_for_25b

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DISCLAIMER = "Hinweis, keine Entscheidung der Ausländer-/Einbürgerungsbehörde"


@pytest.fixture
def own(case_manager):
    client = CaseFactory(
        case_manager=case_manager, client__date_of_birth=TODAY.replace(year=TODAY.year - 40)
    ).client
    return make_eligible_for_25b(client, today=TODAY, months_short=2)


def _page(web, client, **params):
    return web.get(reverse("cases:client_detail", args=[client.pk]), params)


def test_case_manager_sees_the_precheck_of_own_client(as_user, own):
    html = _page(as_user("case_manager"), own).content.decode()
    reached = add_months(TODAY, 2)
    assert "Vorprüfung Bleiberecht und Einbürgerung (Baustein 3)" in html
    assert DISCLAIMER in html
    assert f"erfüllt ab {reached:%d.%m.%Y}" in html
    assert f"Voraussetzungen voraussichtlich erfüllt ab {reached:%d.%m.%Y}" in html
    assert "§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG" in html
    assert "Angaben für die Vorprüfung bearbeiten" in html


def test_missing_data_names_the_field_that_settles_it(as_user, case_manager):
    client = CaseFactory(case_manager=case_manager).client
    html = _page(as_user("case_manager"), client).content.decode()
    assert "Angabe fehlt" in html
    assert "zu erfassen: Aufenthaltszeiten" in html
    assert "Identität und Staatsangehörigkeit geklärt" in html


def test_coordination_sees_the_precheck_but_cannot_edit(as_user, own):
    html = _page(as_user("coordinator"), own).content.decode()
    assert DISCLAIMER in html
    assert "Angaben für die Vorprüfung ansehen" in html
    assert "Angaben für die Vorprüfung bearbeiten" not in html


def test_another_case_managers_client_is_not_found(as_user, own):
    other = CaseFactory(client=ClientFactory(first_name="Fremde")).client
    make_eligible_for_25b(other, today=TODAY)
    assert _page(as_user("case_manager"), other).status_code == 404


@pytest.mark.parametrize(
    "user", ["administrator", "external_partner", "steering_member", "auditor"]
)
def test_roles_without_case_data_get_no_client_page(as_user, own, user):
    assert _page(as_user(user), own).status_code in (403, 404)


def test_a_check_on_another_day_uses_the_law_in_force_then(as_user, own):
    html = _page(as_user("case_manager"), own, stichtag="2022-12-30").content.decode()
    assert "nach der Fassung ab 01.08.2015" in html
    assert "seit 8 Jahren" in html
    html = _page(as_user("case_manager"), own, stichtag="2022-12-31").content.decode()
    assert "nach der Fassung ab 31.12.2022" in html


def test_a_day_that_is_no_date_gets_a_german_message_and_today_is_checked(as_user, own):
    response = _page(as_user("case_manager"), own, stichtag="31.02.2026")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie den Stichtag als gültiges Datum an" in html
    assert f'value="{TODAY:%Y-%m-%d}"' in html


def test_a_day_before_any_version_says_so(as_user, own):
    html = _page(as_user("case_manager"), own, stichtag="2010-01-01").content.decode()
    assert "keine Fassung" in html
