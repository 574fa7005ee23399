"""Recording and revoking consent in the client file; a revocation takes effect at once."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kim.cases import services
from kim.cases.models import Consent, ConsentKind
from kim.cases.tests.factories import CaseFactory, ConsentFactory
from kim.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def client_(case_manager):
    return CaseFactory(case_manager=case_manager).client


@pytest.fixture
def jobcenter():
    return OrganisationFactory(name="Jobcenter Märkischer Kreis")


def _data(orgs, **overrides):
    data = {
        "kind": ConsentKind.WAIVER,
        "organisations": [o.pk for o in orgs],
        "given_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "scope": "Austausch zu SGB-II-Leistungen und Vermittlung",
        "valid_until": "",
    }
    data.update(overrides)
    return data


def _create(web, client, data):
    return web.post(reverse("cases:consent_create", args=[client.pk]), data)


def field_errors(response):
    return {name: " ".join(errors) for name, errors in response.context["form"].errors.items()}


def test_record_waiver_covers_the_named_organisation(as_user, case_manager, client_, jobcenter):
    other = OrganisationFactory()
    web = as_user("case_manager")
    with pytest.raises(services.ConsentMissing):
        services.require_consent(client_, jobcenter)

    response = _create(web, client_, _data([jobcenter]))

    assert response.status_code == 302
    assert response.url == reverse("cases:client_detail", args=[client_.pk])
    consent = Consent.objects.get(client=client_)
    assert consent.recorded_by == case_manager
    assert list(consent.organisations.all()) == [jobcenter]
    services.require_consent(client_, jobcenter)  # does not raise
    with pytest.raises(services.ConsentMissing):
        services.require_consent(client_, other)
    assert LogEntry.objects.get_for_object(consent).filter(actor=case_manager).exists()

    html = web.get(response.url).content.decode()
    assert "Schweigepflichtentbindung vom" in html and "wurde für" in html
    assert "Jobcenter Märkischer Kreis" in html
    assert "kern-badge--success" in html
    assert reverse("cases:consent_revoke", args=[consent.pk]) in html


def test_record_processing_consent_without_organisations(as_user, client_):
    response = _create(
        as_user("case_manager"), client_, _data([], kind=ConsentKind.PROCESSING, valid_until="")
    )
    assert response.status_code == 302
    assert Consent.objects.get(client=client_).kind == ConsentKind.PROCESSING


def test_record_with_pdf_scan(as_user, client_, jobcenter):
    data = _data([jobcenter], scan=SimpleUploadedFile("einwilligung.pdf", PDF, "application/pdf"))
    response = _create(as_user("case_manager"), client_, data)
    assert response.status_code == 302
    consent = Consent.objects.get(client=client_)
    assert consent.scan.name.endswith(".pdf")


def test_record_with_png_scan(as_user, client_, jobcenter):
    data = _data([jobcenter], scan=SimpleUploadedFile("scan.png", PNG, "image/png"))
    assert _create(as_user("case_manager"), client_, data).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"given_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "given_on",
            "Das Datum darf nicht in der Zukunft liegen.",
        ),
        (
            {"given_on": "2025-03-10", "valid_until": "2025-03-09"},
            "valid_until",
            "„Gültig bis“ darf nicht vor dem Erteilungsdatum liegen.",
        ),
        (
            {"organisations": []},
            "organisations",
            "Eine Schweigepflichtentbindung nennt mindestens eine Organisation, "
            "mit der Daten ausgetauscht werden dürfen.",
        ),
        ({"organisations": ["99999"]}, "organisations", "nicht im Verzeichnis"),
        ({"kind": ""}, "kind", "Bitte wählen Sie die Art der Einwilligung."),
        ({"given_on": ""}, "given_on", "Bitte geben Sie an, wann die Einwilligung erteilt wurde."),
        ({"given_on": "30.02.2025"}, "given_on", "Bitte geben Sie ein gültiges Datum an"),
        ({"scope": ""}, "scope", "Bitte beschreiben Sie den Umfang: welche Daten, wozu."),
    ],
)
def test_bad_consent_input_saves_nothing(as_user, client_, jobcenter, overrides, field, message):
    response = _create(as_user("case_manager"), client_, _data([jobcenter], **overrides))
    assert response.status_code == 200
    assert message in field_errors(response)[field]
    assert message in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("scan.docx", b"PK\x03\x04" + b"x" * 20),
            "Als Scan sind nur PDF-, PNG- und JPG-Dateien erlaubt.",
        ),
        (
            SimpleUploadedFile("scan.exe", b"MZ" + b"x" * 20),
            "Als Scan sind nur PDF-, PNG- und JPG-Dateien erlaubt.",
        ),
        (
            SimpleUploadedFile("scan.pdf", b"MZ this is no pdf"),
            "Der Inhalt der Datei passt nicht zu ihrer Endung „.pdf“.",
        ),
        (
            SimpleUploadedFile("scan.jpg", PNG),
            "Der Inhalt der Datei passt nicht zu ihrer Endung „.jpg“.",
        ),
        (
            SimpleUploadedFile("gross.pdf", PDF + b"0" * (10 * 1024 * 1024)),
            "Die Datei ist zu groß (10,0 MB). Erlaubt sind höchstens 10 MB.",
        ),
    ],
    ids=["docx", "exe", "fake-pdf", "png-as-jpg", "too-large"],
)
def test_scan_of_wrong_type_or_size_is_refused(as_user, client_, jobcenter, upload, message):
    response = _create(as_user("case_manager"), client_, _data([jobcenter], scan=upload))
    assert response.status_code == 200
    assert field_errors(response)["scan"] == message
    assert message in response.content.decode()
    assert not Consent.objects.exists()


# --- revocation ------------------------------------------------------------------------------


def test_revoke_get_asks_for_confirmation(as_user, client_, jobcenter):
    consent = ConsentFactory(client=client_, organisations=[jobcenter])
    response = as_user("case_manager").get(reverse("cases:consent_revoke", args=[consent.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Einwilligung widerrufen" in html
    assert "Der Widerruf gilt sofort" in html
    assert "Jobcenter Märkischer Kreis" in html
    consent.refresh_from_db()
    assert consent.revoked_on is None


def test_revoke_takes_effect_today(as_user, case_manager, client_, jobcenter):
    consent = ConsentFactory(client=client_, organisations=[jobcenter])
    services.require_consent(client_, jobcenter)  # valid before
    web = as_user("case_manager")

    response = web.post(
        reverse("cases:consent_revoke", args=[consent.pk]), {"note": "telefonisch widerrufen"}
    )

    assert response.status_code == 302
    assert response.url == reverse("cases:client_detail", args=[client_.pk])
    consent.refresh_from_db()
    assert consent.revoked_on == TODAY
    assert consent.revocation_note == "telefonisch widerrufen"
    assert not consent.is_valid_on(TODAY)
    with pytest.raises(services.ConsentMissing, match="Jobcenter Märkischer Kreis"):
        services.require_consent(client_, jobcenter)
    entry = LogEntry.objects.get_for_object(consent).filter(actor=case_manager).get()
    assert entry.changes_dict["revoked_on"] == ["None", str(TODAY)]

    html = web.get(response.url).content.decode()
    assert "wurde widerrufen. Sie gilt ab heute nicht mehr." in html
    assert TODAY.strftime("%d.%m.%Y") in html
    assert "kern-badge--danger" in html
    assert reverse("cases:consent_revoke", args=[consent.pk]) not in html


def test_revoking_twice_is_refused(as_user, client_, jobcenter):
    revoked_on = TODAY - datetime.timedelta(days=2)
    consent = ConsentFactory(client=client_, organisations=[jobcenter], revoked_on=revoked_on)
    web = as_user("case_manager")
    url = reverse("cases:consent_revoke", args=[consent.pk])

    response = web.post(url, {"note": "nochmal"})
    assert response.status_code == 200
    assert "Diese Einwilligung ist bereits widerrufen." in response.content.decode()

    response = web.get(url, follow=True)
    assert f"Diese Einwilligung ist seit dem {revoked_on:%d.%m.%Y} widerrufen." in (
        response.content.decode()
    )
    consent.refresh_from_db()
    assert (consent.revoked_on, consent.revocation_note) == (revoked_on, "")


def test_expired_consent_shows_as_not_valid_today(as_user, client_, jobcenter):
    ConsentFactory(
        client=client_,
        organisations=[jobcenter],
        given_on=TODAY - datetime.timedelta(days=400),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    html = (
        as_user("case_manager")
        .get(reverse("cases:client_detail", args=[client_.pk]))
        .content.decode()
    )
    assert "kern-badge--danger" in html
    assert 'kern-badge--success"><span class="kern-label">ja' not in html
