"""Documents of a case: size and type limits, storage under MEDIA_ROOT, and downloads only
through the authorised (and logged) view."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Case, CasePhase, Document
from kim.cases.services import MAX_DOCUMENT_BYTES
from kim.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a temporary MEDIA_ROOT on disk, so a test can see what was written."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


def _stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def _upload(client, case, name, content, description="Bescheid des Jobcenters"):
    return client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"file": SimpleUploadedFile(name, content), "description": description},
    )


def _uploaded_pdf(client, case):
    assert _upload(client, case, "Bescheid_Müller.pdf", PDF).status_code == 302
    return Document.objects.get()


def test_valid_pdf_is_stored_under_media_root(as_user, case, media, case_manager):
    response = _upload(as_user("case_manager"), case, "Bescheid_Müller.pdf", PDF)
    assert response.status_code == 302
    assert response.url == reverse("cases:document_list", args=[case.pk])
    document = Document.objects.get()
    assert document.case == case
    assert document.original_name == "Bescheid_Müller.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.description == "Bescheid des Jobcenters"
    assert document.uploaded_by == case_manager
    [stored] = _stored_files(media)
    assert stored.read_bytes() == PDF


def test_valid_pdf_is_downloadable_by_the_case_manager(as_user, case, media):
    client = as_user("case_manager")
    document = _uploaded_pdf(client, case)
    response = client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bescheid_M%C3%BCller.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_logged_as_access(as_user, case, media, case_manager):
    client = as_user("case_manager")
    document = _uploaded_pdf(client, case)
    client.get(reverse("cases:document_download", args=[document.pk]))
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Document),
        object_pk=str(document.pk),
    )
    assert entry.actor == case_manager


def test_list_shows_name_description_size_and_uploader(as_user, case, media):
    client = as_user("case_manager")
    document = _uploaded_pdf(client, case)
    response = client.get(reverse("cases:document_list", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bescheid_Müller.pdf" in html
    assert "Bescheid des Jobcenters" in html
    assert "0,1 kB" in html
    assert "Anna Berger" in html
    assert reverse("cases:document_download", args=[document.pk]) in html


def test_file_too_large_is_refused(as_user, case, media):
    content = b"%PDF" + b"0" * (MAX_DOCUMENT_BYTES + 1 - 4)
    response = _upload(as_user("case_manager"), case, "gross.pdf", content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei ist zu groß (10,0 MB). Erlaubt sind höchstens 10 MB." in html
    assert "Bescheid des Jobcenters" in html  # the description is kept
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_file_of_exactly_ten_megabytes_is_accepted(as_user, case, media):
    content = b"%PDF" + b"0" * (MAX_DOCUMENT_BYTES - 4)
    assert _upload(as_user("case_manager"), case, "genau.pdf", content).status_code == 302
    assert Document.objects.get().size == MAX_DOCUMENT_BYTES


def test_exe_is_refused(as_user, case, media):
    response = _upload(as_user("case_manager"), case, "setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
    assert "Dateien dieses Typs sind nicht erlaubt." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_pdf_with_png_content_is_refused(as_user, case, media):
    response = _upload(as_user("case_manager"), case, "bescheid.pdf", PNG)
    assert "Der Inhalt der Datei passt nicht zu ihrer Endung „.pdf“." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_empty_file_is_refused(as_user, case, media):
    response = _upload(as_user("case_manager"), case, "leer.pdf", b"")
    assert "Die Datei ist leer." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_upload_without_file_is_refused(as_user, case, media):
    response = as_user("case_manager").post(
        reverse("cases:document_upload", args=[case.pk]), {"description": "ohne Datei"}
    )
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()
    assert not Document.objects.exists()


def test_other_case_manager_gets_404_on_download(client, case, media, as_user):
    document = _uploaded_pdf(as_user("case_manager"), case)
    client.force_login(UserFactory(username="other", role=Role.CASE_MANAGER))
    response = client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 404
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type=ContentType.objects.get_for_model(Document)
    ).exists()


def test_coordinator_may_download(as_user, case, media, coordinator):
    document = _uploaded_pdf(as_user("case_manager"), case)
    response = as_user("coordinator").get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (
        LogEntry.objects.get(
            action=LogEntry.Action.ACCESS,
            content_type=ContentType.objects.get_for_model(Document),
            object_pk=str(document.pk),
        ).actor
        == coordinator
    )


def test_coordinator_may_not_upload(as_user, case, media):
    response = _upload(as_user("coordinator"), case, "bescheid.pdf", PDF)
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_closed_case_takes_no_documents(as_user, case, media):
    Case.objects.filter(pk=case.pk).update(phase=CasePhase.CLOSED)
    response = _upload(as_user("case_manager"), case, "bescheid.pdf", PDF)
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_no_url_serves_media_root(as_user, case, media):
    """The stored file is reachable only through the download view."""
    client = as_user("case_manager")
    document = _uploaded_pdf(client, case)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/{document.file.name}").status_code == 404
