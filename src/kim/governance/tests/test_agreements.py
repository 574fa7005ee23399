"""Cooperation agreements: list with the ones due for evaluation on top, create and edit with a
PDF document, German messages for bad input, coordination only; and the box on the
coordination's start page."""

import calendar
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kim.cases.services import MAX_DOCUMENT_BYTES
from kim.directory.tests.factories import OrganisationFactory
from kim.governance.models import AgreementEvaluation, CooperationAgreement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 32

FORBIDDEN_ROLES = ["steering_member", "case_manager", "external_partner", "auditor"]


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def make_agreement(partner=None, *, signed_on=None, months=12, title="Kooperation KIM", **extra):
    return CooperationAgreement.objects.create(
        partner=partner or OrganisationFactory(name="Stadt Balve"),
        title=title,
        signed_on=signed_on or days(-400),
        subjects="Einsatz des Case Managements vor Ort",
        evaluation_interval_months=months,
        **extra,
    )


def evaluate(agreement, on, by):
    return AgreementEvaluation.objects.create(
        agreement=agreement, evaluated_on=on, result="Hat sich bewährt.", by=by
    )


@pytest.fixture
def partner():
    return OrganisationFactory(name="Stadt Werdohl")


def form_data(org, **overrides):
    data = {
        "partner": org.pk,
        "title": "Kooperationsvereinbarung KIM-Case-Management",
        "signed_on": "2021-07-06",
        "subjects": "Sprechzeiten im Rathaus, Informationsfluss",
        "evaluation_interval_months": "12",
        "active": "on",
    }
    data.update(overrides)
    return data


def create(client, data, document=None):
    if document is not None:
        data = {**data, "document": document}
    return client.post(reverse("governance:agreement_create"), data)


# --- list and detail ----------------------------------------------------------------------------


def test_coordination_sees_list_with_due_agreements_on_top(as_user, coordinator):
    due = make_agreement(OrganisationFactory(name="Stadt Kierspe"), title="Fällig bald")
    evaluate(due, _months_ago(12, plus_days=20), coordinator)  # due in 20 days
    overdue = make_agreement(OrganisationFactory(name="Stadt Balve"), title="Überfällig")
    evaluate(overdue, _months_ago(12, plus_days=-5), coordinator)  # overdue by 5 days
    later = make_agreement(OrganisationFactory(name="Stadt Altena"), title="Noch Zeit")
    evaluate(later, days(-30), coordinator)

    response = as_user("coordinator").get(reverse("governance:agreement_list"))

    assert response.status_code == 200
    due_titles = [row["agreement"].title for row in response.context["due_rows"]]
    assert due_titles == ["Überfällig", "Fällig bald"]  # earliest first
    assert [row["agreement"].title for row in response.context["other_rows"]] == ["Noch Zeit"]
    content = response.content.decode()
    assert content.index("Überfällig") < content.index("Fällig bald") < content.index("Noch Zeit")
    assert "überfällig" in content
    assert "2 Vereinbarungen sind zur Evaluation fällig oder überfällig." in content


def _months_ago(months, plus_days=0):
    """A date such that ``months`` later is ``plus_days`` from today."""
    day = days(plus_days)
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def test_list_shows_next_due_date_from_signing_when_never_evaluated(as_user):
    make_agreement(signed_on=datetime.date(2025, 1, 31), months=1)

    response = as_user("coordinator").get(reverse("governance:agreement_list"))

    row = response.context["due_rows"][0]
    assert row["due_on"] == datetime.date(2025, 2, 28)
    assert row["last_evaluation"] is None
    assert "noch keine" in response.content.decode()


def test_inactive_agreement_is_not_highlighted(as_user):
    make_agreement(signed_on=datetime.date(2021, 1, 1), active=False)

    response = as_user("coordinator").get(reverse("governance:agreement_list"))

    assert response.context["due_rows"] == []
    assert "nicht mehr gültig" in response.content.decode()


def test_detail_shows_data_and_evaluations_newest_first(as_user, coordinator):
    agreement = make_agreement(signed_on=days(-800), months=24)
    evaluate(agreement, days(-700), coordinator)
    evaluate(agreement, days(-10), coordinator)

    response = as_user("coordinator").get(
        reverse("governance:agreement_detail", args=[agreement.pk])
    )

    assert response.status_code == 200
    dates = [e.evaluated_on for e in response.context["evaluations"]]
    assert dates == [days(-10), days(-700)]
    content = response.content.decode()
    assert "Einsatz des Case Managements vor Ort" in content
    assert days(-10).strftime("%d.%m.%Y") in content
    assert "kein Dokument hinterlegt" in content


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_other_roles_may_not_see_the_list(as_user, role):
    make_agreement()
    assert as_user(role).get(reverse("governance:agreement_list")).status_code == 403


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_other_roles_may_not_see_an_agreement(as_user, role):
    agreement = make_agreement()
    url = reverse("governance:agreement_detail", args=[agreement.pk])
    assert as_user(role).get(url).status_code == 403


# --- create and edit ----------------------------------------------------------------------------


def test_coordination_creates_agreement_with_pdf(as_user, partner):
    response = create(
        as_user("coordinator"), form_data(partner), SimpleUploadedFile("Vereinbarung.pdf", PDF)
    )

    agreement = CooperationAgreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("governance:agreement_detail", args=[agreement.pk])
    assert agreement.partner == partner
    assert agreement.signed_on == datetime.date(2021, 7, 6)
    assert agreement.evaluation_interval_months == 12
    assert agreement.active is True
    assert agreement.document.name.endswith(".pdf")
    assert agreement.document.read() == PDF


def test_document_is_optional(as_user, partner):
    response = create(as_user("coordinator"), form_data(partner))

    assert response.status_code == 302
    assert not CooperationAgreement.objects.get().document


def test_detail_names_the_stored_document(as_user, partner):
    client = as_user("coordinator")
    create(client, form_data(partner), SimpleUploadedFile("Vereinbarung_Werdohl.pdf", PDF))
    agreement = CooperationAgreement.objects.get()

    response = client.get(reverse("governance:agreement_detail", args=[agreement.pk]))

    assert "Vereinbarung_Werdohl" in response.content.decode()


def test_form_has_german_labels(as_user):
    response = as_user("coordinator").get(reverse("governance:agreement_create"))

    content = response.content.decode()
    for label in ("Partner", "Titel", "Unterzeichnet am", "Gegenstände", "Dokument", "Gültig"):
        assert label in content
    assert "Evaluation alle … Monate" in content


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"signed_on": ""}, "signed_on", "Bitte geben Sie das Datum der Unterzeichnung an."),
        (
            {"signed_on": "FUTURE"},
            "signed_on",
            "Das Datum der Unterzeichnung darf nicht in der Zukunft liegen.",
        ),
        (
            {"evaluation_interval_months": "0"},
            "evaluation_interval_months",
            "Der Abstand muss zwischen 1 und 120 Monaten liegen.",
        ),
        (
            {"evaluation_interval_months": "121"},
            "evaluation_interval_months",
            "Der Abstand muss zwischen 1 und 120 Monaten liegen.",
        ),
        ({"partner": ""}, "partner", "Bitte wählen Sie den Partner der Vereinbarung."),
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"subjects": ""}, "subjects", "Bitte beschreiben Sie die Gegenstände der Vereinbarung."),
    ],
)
def test_bad_input_is_refused_in_german(as_user, partner, overrides, field, message):
    if overrides.get("signed_on") == "FUTURE":
        overrides = {"signed_on": days(1).isoformat()}
    data = form_data(partner, **overrides)

    response = create(as_user("coordinator"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not CooperationAgreement.objects.exists()
    # nothing the user entered is lost
    kept = "Sprechzeiten im Rathaus" if field != "subjects" else "KIM-Case-Management"
    assert kept in response.content.decode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("Vereinbarung.docx", DOCX, "Bitte laden Sie die Vereinbarung als PDF-Datei hoch."),
        ("Vereinbarung.txt", b"Text", "Bitte laden Sie die Vereinbarung als PDF-Datei hoch."),
        (
            "Vereinbarung.pdf",
            b"MZ\x90\x00 not a pdf",
            "Der Inhalt der Datei passt nicht zu ihrer Endung „.pdf“.",
        ),
        ("Vereinbarung.pdf", b"", "Die übertragene Datei ist leer."),
    ],
)
def test_document_must_be_a_pdf(as_user, partner, name, content, message):
    response = create(as_user("coordinator"), form_data(partner), SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [message]
    assert message in response.content.decode()
    assert not CooperationAgreement.objects.exists()


def test_document_larger_than_10_mb_is_refused(as_user, partner):
    big = PDF + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(PDF))

    response = create(
        as_user("coordinator"), form_data(partner), SimpleUploadedFile("gross.pdf", big)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [
        "Die Datei ist zu groß (10,0 MB). Erlaubt sind höchstens 10 MB."
    ]
    assert not CooperationAgreement.objects.exists()


def test_edit_changes_agreement_and_keeps_document(as_user, partner):
    client = as_user("coordinator")
    create(client, form_data(partner), SimpleUploadedFile("Vereinbarung.pdf", PDF))
    agreement = CooperationAgreement.objects.get()
    stored = agreement.document.name

    response = client.post(
        reverse("governance:agreement_edit", args=[agreement.pk]),
        form_data(partner, evaluation_interval_months="24", active=""),
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.evaluation_interval_months == 24
    assert agreement.active is False
    assert agreement.document.name == stored


def test_bad_edit_changes_nothing(as_user, partner):
    agreement = make_agreement(partner, months=12)

    response = as_user("coordinator").post(
        reverse("governance:agreement_edit", args=[agreement.pk]),
        form_data(partner, title="Neuer Titel", evaluation_interval_months="0"),
    )

    assert response.status_code == 200
    assert "Der Abstand muss zwischen 1 und 120 Monaten liegen." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Kooperation KIM"
    assert agreement.evaluation_interval_months == 12


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_other_roles_may_not_create(as_user, partner, role):
    response = create(as_user(role), form_data(partner))

    assert response.status_code == 403
    assert not CooperationAgreement.objects.exists()


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_other_roles_may_not_edit(as_user, partner, role):
    agreement = make_agreement(partner)

    response = as_user(role).post(
        reverse("governance:agreement_edit", args=[agreement.pk]),
        form_data(partner, title="Geändert"),
    )

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Kooperation KIM"


def test_unknown_agreement_is_404(as_user):
    response = as_user("coordinator").get(reverse("governance:agreement_detail", args=[999]))
    assert response.status_code == 404


# --- document download (view without URL yet) ----------------------------------------------------


def test_document_view_serves_the_pdf_as_attachment(rf, coordinator, partner):
    from kim.governance.views.agreements import agreement_document

    agreement = make_agreement(partner)
    agreement.document.save("Vereinbarung.pdf", SimpleUploadedFile("Vereinbarung.pdf", PDF))
    request = rf.get("/")
    request.user = coordinator

    response = agreement_document(request, agreement.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_document_view_refuses_other_roles(rf, request, partner, role):
    from django.core.exceptions import PermissionDenied

    from kim.governance.views.agreements import agreement_document

    agreement = make_agreement(partner)
    agreement.document.save("Vereinbarung.pdf", SimpleUploadedFile("Vereinbarung.pdf", PDF))
    http_request = rf.get("/")
    http_request.user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        agreement_document(http_request, agreement.pk)


# --- start page box ------------------------------------------------------------------------------

BOX = "Fällige Evaluationen von Kooperationsvereinbarungen"


def test_start_page_of_coordination_lists_due_agreements(as_user, coordinator):
    overdue = make_agreement(OrganisationFactory(name="Stadt Balve"), title="Vereinbarung Balve")
    evaluate(overdue, _months_ago(12, plus_days=-3), coordinator)
    soon = make_agreement(OrganisationFactory(name="Stadt Kierspe"), title="Vereinbarung Kierspe")
    evaluate(soon, _months_ago(12, plus_days=30), coordinator)
    later = make_agreement(OrganisationFactory(name="Stadt Altena"), title="Vereinbarung Altena")
    evaluate(later, days(-5), coordinator)

    response = as_user("coordinator").get(reverse("home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert BOX in content
    items = response.context["agreements_due"]
    assert [item["agreement"] for item in items] == [overdue, soon]
    assert [item["overdue"] for item in items] == [True, False]
    assert "Stadt Balve" in content and "Stadt Kierspe" in content
    assert "Vereinbarung Altena" not in content
    assert days(-3).strftime("%d.%m.%Y") in content
    assert "überfällig" in content
    assert reverse("governance:agreement_detail", args=[soon.pk]) in content


def test_start_page_box_says_when_nothing_is_due(as_user, coordinator):
    agreement = make_agreement()
    evaluate(agreement, days(-5), coordinator)

    response = as_user("coordinator").get(reverse("home"))

    content = response.content.decode()
    assert BOX in content
    assert "In den nächsten 60 Tagen ist keine Evaluation fällig." in content


@pytest.mark.parametrize("role", [*FORBIDDEN_ROLES, "administrator"])
def test_start_page_of_other_roles_has_no_box(as_user, role):
    make_agreement(title="Vereinbarung Balve", signed_on=datetime.date(2021, 1, 1))

    response = as_user(role).get(reverse("home"))

    assert response.status_code == 200
    assert BOX not in response.content.decode()
    assert "Vereinbarung Balve" not in response.content.decode()


def test_document_link_downloads_the_agreement_for_coordination_only(as_user, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    agreement = CooperationAgreement.objects.create(
        partner=OrganisationFactory(), title="KV", signed_on="2022-01-01", subjects="KIM"
    )
    agreement.document.save("kv.pdf", SimpleUploadedFile("kv.pdf", b"%PDF-1.4 test"))
    url = reverse("governance:agreement_document", args=[agreement.pk])
    detail = as_user("coordinator").get(reverse("governance:agreement_detail", args=[agreement.pk]))
    assert url in detail.content.decode()
    response = as_user("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert as_user("case_manager").get(url).status_code == 403
