"""Meldebogen: an external partner and a case manager (with and without a case) submit a report;
every bad input gets a German message and saves nothing, and the input stays in the form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory, ClientFactory, life_domain
from kim.directory.tests.factories import (
    LegalDomainFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from kim.hurdles.models import HurdleReport, ReportSource, ReportState, ReportStateChange

pytestmark = pytest.mark.django_db

CREATE = reverse("hurdles:report_create")
TEXT = "Die Ausländerbehörde vergibt seit Monaten keine Termine zur Verlängerung von Titeln."


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Iserlohn")


@pytest.fixture
def partner_org(external_partner):
    external_partner.organisation = OrganisationFactory(name="Diakonie Testkreis")
    external_partner.save()
    return external_partner.organisation


@pytest.fixture
def case(case_manager, municipality):
    return CaseFactory(case_manager=case_manager, client=ClientFactory(municipality=municipality))


def _data(place, **overrides):
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "municipality": place.pk,
        "description": TEXT,
        "consequence": "Die Person verliert ihre Arbeitsstelle.",
        "attempts": "Mehrfach angerufen, Beschwerde an die Leitung geschrieben.",
        "suggested_topic": "Wartezeiten Ausländerbehörde",
    }
    data.update(overrides)
    return data


def test_external_partner_submits_a_report(as_user, external_partner, partner_org, municipality):
    involved = OrganisationFactory(name="Ausländerbehörde Testkreis")
    legal = LegalDomainFactory(code="AufenthG", name="Aufenthaltsgesetz")
    data = _data(
        municipality,
        organisations=[involved.pk],
        legal_domains=[legal.pk],
        life_domains=[life_domain("residence").pk, life_domain("work").pk],
    )

    response = as_user("external_partner").post(CREATE, data, follow=True)

    report = HurdleReport.objects.get()
    assert response.redirect_chain == [(reverse("hurdles:report_detail", args=[report.pk]), 302)]
    assert f"Ihre Meldung {report.number} ist eingegangen" in response.content.decode()
    assert report.source == ReportSource.EXTERNAL
    assert report.reporter == external_partner
    assert report.reporter_organisation == partner_org
    assert report.case is None
    assert report.state == ReportState.RECEIVED
    assert report.municipality == municipality
    assert report.description == TEXT
    assert report.suggested_topic == "Wartezeiten Ausländerbehörde"
    assert list(report.organisations.all()) == [involved]
    assert list(report.legal_domains.all()) == [legal]
    assert {d.code for d in report.life_domains.all()} == {"residence", "work"}
    assert report.personal_data_confirmed is False
    change = ReportStateChange.objects.get(report=report)
    assert (change.from_state, change.to_state, change.by) == ("", "received", external_partner)


def test_form_shows_the_fields_with_german_labels(as_user, partner_org, municipality):
    content = as_user("external_partner").get(CREATE).content.decode()

    for label in (
        "Datum",
        "Kommune",
        "Beteiligte Institutionen",
        "Beteiligte Rechtskreise",
        "Lebensbereiche",
        "Beschreibung der Hürde",
        "Folge für die Person",
        "Was wurde versucht?",
        "Themenvorschlag",
    ):
        assert label in content
    assert 'name="reported_on"' in content
    assert f'value="{timezone.localdate().isoformat()}"' in content


def test_case_manager_reports_from_a_case(as_user, case_manager, case, municipality):
    url = reverse("hurdles:report_create_for_case", args=[case.pk])

    form_page = as_user("case_manager").get(url)
    assert form_page.status_code == 200
    assert f'<option value="{municipality.pk}" selected>' in form_page.content.decode()

    response = as_user("case_manager").post(url, _data(municipality))

    report = HurdleReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hurdles:report_detail", args=[report.pk])
    assert report.case == case
    assert report.source == ReportSource.CASE_MANAGEMENT
    assert report.reporter == case_manager


def test_case_manager_reports_without_a_case(as_user, case_manager, municipality):
    response = as_user("case_manager").post(CREATE, _data(municipality))

    report = HurdleReport.objects.get()
    assert response.status_code == 302
    assert report.case is None
    assert report.source == ReportSource.CASE_MANAGEMENT


def test_case_overview_links_to_the_report_form(as_user, case):
    content = as_user("case_manager").get(reverse("cases:case_detail", args=[case.pk])).content
    assert "Integrationshürde melden" in content.decode()
    assert reverse("hurdles:report_create_for_case", args=[case.pk]) in content.decode()


def test_case_overview_shows_no_report_link_to_coordination(as_user, case):
    content = as_user("coordinator").get(reverse("cases:case_detail", args=[case.pk])).content
    assert reverse("hurdles:report_create_for_case", args=[case.pk]) not in content.decode()


def test_report_for_a_case_of_another_case_manager_is_404(as_user, municipality):
    other = CaseFactory()
    url = reverse("hurdles:report_create_for_case", args=[other.pk])

    assert as_user("case_manager").get(url).status_code == 404
    assert as_user("case_manager").post(url, _data(municipality)).status_code == 404
    assert HurdleReport.objects.count() == 0


def test_coordination_cannot_report_for_a_case(as_user, case, municipality):
    url = reverse("hurdles:report_create_for_case", args=[case.pk])

    assert as_user("coordinator").post(url, _data(municipality)).status_code == 404
    assert HurdleReport.objects.count() == 0


# --- bad input ----------------------------------------------------------------------------------


def _refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert HurdleReport.objects.count() == 0
    assert ReportStateChange.objects.count() == 0


def test_empty_description_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(CREATE, _data(municipality, description=""))
    _refused(response, "Bitte beschreiben Sie die Hürde.")


def test_whitespace_description_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(
        CREATE, _data(municipality, description="   \n\t  ")
    )
    _refused(response, "Bitte beschreiben Sie die Hürde.")


def test_municipality_outside_the_district_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(CREATE, _data(municipality, municipality=999999))
    _refused(response, "Diese Kommune gehört nicht zum Kreis.")


def test_missing_municipality_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(CREATE, _data(municipality, municipality=""))
    _refused(response, "Bitte wählen Sie die Kommune.")


def test_date_in_the_future_is_refused(as_user, partner_org, municipality):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_user("external_partner").post(
        CREATE, _data(municipality, reported_on=tomorrow.isoformat())
    )
    _refused(response, "Das Datum darf nicht in der Zukunft liegen.")


def test_invalid_date_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(
        CREATE, _data(municipality, reported_on="31.02.2026")
    )
    _refused(response, "Bitte geben Sie ein gültiges Datum an")


def test_unknown_institution_is_refused(as_user, partner_org, municipality):
    response = as_user("external_partner").post(CREATE, _data(municipality, organisations=[999999]))
    _refused(response, "Diese Institution gibt es nicht.")


def test_input_stays_after_an_error(as_user, partner_org, municipality):
    response = as_user("external_partner").post(
        CREATE, _data(municipality, municipality=999999, consequence="Kündigung droht.")
    )
    content = response.content.decode()
    assert TEXT in content
    assert "Kündigung droht." in content
    assert "Wartezeiten Ausländerbehörde" in content
    assert 'aria-invalid="true"' in content


def test_external_partner_without_organisation_is_refused(as_user, municipality):
    response = as_user("external_partner").post(CREATE, _data(municipality))
    _refused(response, "Ihr Konto ist keiner Organisation zugeordnet.")
