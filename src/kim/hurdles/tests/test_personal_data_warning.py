"""The Meldebogen warns when its free text looks like personal data (e-mail, phone, date,
case number, the client's name from the case); it saves only after the reporter edits the text or
confirms it, and records the confirmation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles.models import HurdleReport

pytestmark = pytest.mark.django_db

CREATE = reverse("hurdles:report_create")
WARNING = "Der Text enthält möglicherweise personenbezogene Daten"
CONFIRM = "Ich habe den Text geprüft: er enthält keine personenbezogenen Daten der Person"


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def partner(as_user, external_partner):
    external_partner.organisation = OrganisationFactory()
    external_partner.save()
    return as_user("external_partner")


@pytest.fixture
def case(case_manager, municipality):
    client = ClientFactory(first_name="Amira", last_name="Haddad", municipality=municipality)
    return CaseFactory(case_manager=case_manager, client=client)


def _data(place, description, **extra):
    return {
        "reported_on": timezone.localdate().isoformat(),
        "municipality": place.pk,
        "description": description,
        **extra,
    }


@pytest.mark.parametrize(
    ("description", "kind", "excerpt"),
    [
        ("Rückfragen bitte an beratung.mueller@example.org.", "E-Mail-Adresse", "beratung.mueller"),
        ("Die Familie ist nur unter 02351 123456 erreichbar.", "Telefonnummer", "02351 123456"),
        (
            "Geboren am 12.03.1990, trotzdem kein Kursplatz.",
            "Datum (z. B. Geburtsdatum)",
            "12.03.1990",
        ),
        ("Der Antrag zu 2026-000123 liegt seit Monaten.", "Akten- oder Fallzeichen", "2026-000123"),
    ],
)
def test_warning_for_personal_data_saves_nothing(partner, municipality, description, kind, excerpt):
    response = partner.post(CREATE, _data(municipality, description))

    content = response.content.decode()
    assert response.status_code == 200
    assert WARNING in content
    assert f"<li>{kind}: „{excerpt}" in content
    assert CONFIRM in content
    assert 'name="confirm_no_personal_data"' in content
    # nothing lost: the text is back in the form
    assert description.split(",")[0] in content
    assert HurdleReport.objects.count() == 0


def test_warning_for_the_clients_last_name(as_user, case, municipality):
    url = reverse("hurdles:report_create_for_case", args=[case.pk])
    description = "Frau Haddad wartet seit einem Jahr auf einen Integrationskurs."

    response = as_user("case_manager").post(url, _data(municipality, description))

    content = response.content.decode()
    assert WARNING in content
    assert "Name der Klientin/des Klienten" in content
    assert "„Haddad“" in content
    assert HurdleReport.objects.count() == 0


def test_name_in_another_text_field_is_found_too(as_user, case, municipality):
    url = reverse("hurdles:report_create_for_case", args=[case.pk])
    data = _data(municipality, "Kein Kursplatz in erreichbarer Nähe.", attempts="Amira angerufen.")

    response = as_user("case_manager").post(url, data)

    assert WARNING in response.content.decode()
    assert "„Amira“" in response.content.decode()
    assert HurdleReport.objects.count() == 0


def test_saved_after_confirmation(partner, municipality):
    description = "Die Familie ist nur unter 02351 123456 erreichbar."
    data = _data(municipality, description, confirm_no_personal_data="1")

    response = partner.post(CREATE, data)

    report = HurdleReport.objects.get()
    assert response.status_code == 302
    assert report.description == description
    assert report.personal_data_confirmed is True


def test_saved_from_a_case_after_confirmation(as_user, case, municipality):
    url = reverse("hurdles:report_create_for_case", args=[case.pk])
    data = _data(municipality, "Frau Haddad wartet auf einen Kurs.", confirm_no_personal_data="1")

    response = as_user("case_manager").post(url, data)

    report = HurdleReport.objects.get()
    assert response.status_code == 302
    assert report.case == case
    assert report.personal_data_confirmed is True


def test_edited_text_saves_without_confirmation(partner, municipality):
    first = partner.post(CREATE, _data(municipality, "Erreichbar unter 02351 123456."))
    assert WARNING in first.content.decode()

    response = partner.post(CREATE, _data(municipality, "Die Familie ist schwer erreichbar."))

    report = HurdleReport.objects.get()
    assert response.status_code == 302
    assert report.personal_data_confirmed is False


def test_clean_text_saves_without_warning(partner, municipality):
    response = partner.post(CREATE, _data(municipality, "Es gibt keinen Kitaplatz im Ort."))

    assert response.status_code == 302
    assert HurdleReport.objects.get().personal_data_confirmed is False


def test_confirmation_does_not_skip_form_errors(partner, municipality):
    data = _data(municipality, "Tel. 02351 123456", confirm_no_personal_data="1")
    data["municipality"] = 999999

    response = partner.post(CREATE, data)

    assert "Diese Kommune gehört nicht zum Kreis." in response.content.decode()
    assert HurdleReport.objects.count() == 0
