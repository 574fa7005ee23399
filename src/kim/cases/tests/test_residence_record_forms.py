"""Bad input in the forms of the Baustein 3 record gets a German message at the field and
changes nothing: dates in the future, unknown levels and choices, an end before the start,
overlapping residence periods, the legal basis with a residence permit, schooling dates that do
not fit the kind of entry, "since" without employment; and a save over someone else's is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.forms.residence_record import ResidenceFactsForm
from kim.cases.models import (
    Client,
    EducationRecord,
    LanguageCertificate,
    ResidencePeriod,
    ResidenceStatus,
)
from kim.cases.tests.factories import CaseFactory
from kim.residence.tests.factories import ResidencePeriodFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def own(case_manager):
    return CaseFactory(case_manager=case_manager).client


@pytest.fixture
def web(as_user):
    return as_user("case_manager")


def _status(code):
    return ResidenceStatus.objects.get(code=code).pk


def _german():
    from kim.cases.models import Language

    return Language.objects.get(code="de").pk


def _post(web, client, kind, data):
    return web.post(reverse("cases:residence_entry_create", args=[client.pk, kind]), data)


def _errors(response):
    assert response.status_code == 200, "the form should be shown again"
    return {name: " ".join(errors) for name, errors in response.context["form"].errors.items()}


# --- language certificates ---------------------------------------------------------------------

CERTIFICATE = {"level": "B1", "skills": "all", "issued_on": "2024-05-02", "issuer": "telc"}


def test_a_certificate_is_recorded(web, own):
    response = _post(web, own, "certificates", {**CERTIFICATE, "language": _german()})
    assert response.status_code == 302
    assert own.language_certificates.get().level == "B1"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"issued_on": TOMORROW}, "issued_on", "darf nicht in der Zukunft liegen"),
        ({"level": "B3"}, "level", "Dieses Sprachniveau gibt es nicht"),
        ({"level": "b1"}, "level", "Dieses Sprachniveau gibt es nicht"),
        ({"level": ""}, "level", "Bitte wählen Sie das Sprachniveau."),
        ({"issued_on": "31.02.2024"}, "issued_on", "gültiges Datum"),
        ({"issued_on": ""}, "issued_on", "Bitte geben Sie das Ausstellungsdatum an."),
        ({"skills": "written"}, "skills", "gibt es nicht"),
        ({"language": "999999"}, "language", "Diese Sprache gibt es nicht"),
    ],
)
def test_bad_certificate_input(web, own, data, field, message):
    response = _post(web, own, "certificates", {**CERTIFICATE, "language": _german(), **data})
    assert message in _errors(response)[field]
    assert not LanguageCertificate.objects.exists()


# --- residence periods -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started_on": TOMORROW}, "started_on", "Der Beginn darf nicht in der Zukunft liegen."),
        ({"ended_on": TOMORROW}, "ended_on", "bitte leer lassen"),
        ({"ended_on": "2019-12-31"}, "ended_on", "Das Ende liegt vor dem Beginn."),
        ({"status": ""}, "status", "Bitte wählen Sie den Aufenthaltsstatus."),
        ({"status": "999999"}, "status", "Diesen Aufenthaltsstatus gibt es nicht"),
        ({"legal_basis": "§ 60a AufenthG"}, "legal_basis", "keine Rechtsgrundlage erfasst"),
        ({"started_on": ""}, "started_on", "Bitte geben Sie den Beginn an."),
    ],
)
def test_bad_period_input(web, own, data, field, message):
    period = {"status": _status("duldung"), "started_on": "2020-01-01", **data}
    response = _post(web, own, "periods", period)
    assert message in _errors(response)[field]
    assert not ResidencePeriod.objects.exists()


def test_a_residence_permit_needs_its_legal_basis(web, own):
    response = _post(
        web, own, "periods", {"status": _status("aufenthaltserlaubnis"), "started_on": "2020-01-01"}
    )
    assert "Bitte geben Sie die Rechtsgrundlage an" in _errors(response)["legal_basis"]


@pytest.mark.parametrize(
    ("start", "end"),
    [("2019-06-01", "2020-01-01"), ("2020-06-01", ""), ("2017-01-01", "")],
)
def test_overlapping_periods_are_refused(web, own, start, end):
    ResidencePeriodFactory(
        client=own, started_on=datetime.date(2018, 1, 1), ended_on=datetime.date(2020, 12, 31)
    )
    response = _post(
        web, own, "periods", {"status": _status("duldung"), "started_on": start, "ended_on": end}
    )
    assert "überschneidet sich" in _errors(response)["started_on"]
    assert ResidencePeriod.objects.count() == 1


def test_a_period_right_after_another_is_fine(web, own):
    ResidencePeriodFactory(
        client=own, started_on=datetime.date(2018, 1, 1), ended_on=datetime.date(2020, 12, 31)
    )
    response = _post(
        web, own, "periods", {"status": _status("duldung"), "started_on": "2021-01-01"}
    )
    assert response.status_code == 302
    assert ResidencePeriod.objects.count() == 2


# --- schooling ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "school_attendance"}, "started_on", "Bitte geben Sie den Beginn an."),
        (
            {"kind": "school_attendance", "started_on": "2020-01-01", "obtained_on": "2021-01-01"},
            "obtained_on",
            "gilt nur für Abschlüsse",
        ),
        ({"kind": "school_certificate"}, "obtained_on", "wann der Abschluss erworben wurde"),
        (
            {"kind": "school_certificate", "obtained_on": "2021-01-01", "started_on": "2020-01-01"},
            "started_on",
            "nur „erworben am“ angeben",
        ),
        ({"kind": "school_certificate", "obtained_on": TOMORROW}, "obtained_on", "Zukunft"),
        ({"kind": "studies", "started_on": TOMORROW}, "started_on", "Zukunft"),
        (
            {"kind": "vocational_training", "started_on": "2022-01-01", "ended_on": "2021-01-01"},
            "ended_on",
            "Das Ende liegt vor dem Beginn.",
        ),
        ({"kind": "apprenticeship"}, "kind", "Diese Art gibt es nicht"),
        ({"kind": ""}, "kind", "Bitte wählen Sie die Art."),
    ],
)
def test_bad_schooling_input(web, own, data, field, message):
    response = _post(web, own, "education", data)
    assert message in _errors(response)[field]
    assert not EducationRecord.objects.exists()


# --- the yes/no facts and dates on the client --------------------------------------------------

FACTS = {
    "identity_clarified": "yes",
    "commitment_declared": "yes",
    "relevant_convictions": "no",
    "lives_with_minor_child": "unknown",
    "children_school_attendance": "not_applicable",
    "employment": "full_time",
    "employment_since": "2024-07-01",
    "livelihood": "secured",
    "naturalisation_test_passed_on": "2025-01-10",
}


def _loaded_version(client):
    """The version as the page renders it (signed by django-concurrency)."""
    return str(ResidenceFactsForm(instance=Client.objects.get(pk=client.pk))["version"].value())


def _facts(web, client, **data):
    url = reverse("cases:residence_facts_edit", args=[client.pk])
    return web.post(url, {**FACTS, "version": _loaded_version(client), **data})


def test_facts_are_saved(web, own):
    assert _facts(web, own).status_code == 302
    own.refresh_from_db()
    assert (own.employment, own.livelihood) == ("full_time", "secured")
    assert own.naturalisation_test_passed_on == datetime.date(2025, 1, 10)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"naturalisation_test_passed_on": TOMORROW}, "naturalisation_test_passed_on", "Zukunft"),
        ({"orientation_test_passed_on": TOMORROW}, "orientation_test_passed_on", "Zukunft"),
        (
            {"integration_course_completed_on": TOMORROW},
            "integration_course_completed_on",
            "Zukunft",
        ),
        ({"employment_since": TOMORROW}, "employment_since", "Zukunft"),
        ({"employment": "none"}, "employment_since", "nur bei einer Erwerbstätigkeit"),
        ({"employment": "unknown"}, "employment_since", "nur bei einer Erwerbstätigkeit"),
        ({"identity_clarified": "maybe"}, "identity_clarified", "gibt es nicht"),
        ({"livelihood": "rich"}, "livelihood", "gibt es nicht"),
    ],
)
def test_bad_facts_input(web, own, data, field, message):
    response = _facts(web, own, **data)
    assert message in _errors(response)[field]
    own.refresh_from_db()
    assert own.identity_clarified == "unknown"


def test_a_save_over_someone_elses_is_refused(web, own):
    stale = _loaded_version(own)
    Client.objects.get(pk=own.pk).save()  # someone else saved in between
    url = reverse("cases:residence_facts_edit", args=[own.pk])
    response = web.post(url, {**FACTS, "version": stale})
    assert response.status_code == 200
    assert "inzwischen von jemand anderem geändert" in response.content.decode()
    own.refresh_from_db()
    assert own.identity_clarified == "unknown"
