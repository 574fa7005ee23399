"""Every way a file gets into KIM is checked for type, content and size. A form or model with a
file field that is not in the tables below fails this test: a new upload needs its check first.

Stored uploads (case documents, consent scans, attachments of meetings, cooperation agreements)
all go through ``cases.services.check_document`` (at most 10 MB, allowed extension, content
matching the extension); the import of population figures is read and not stored (CSV/XLSX, at
most 2 MB). Files are kept under ``KIM_MEDIA_ROOT`` and served only by views that check the
permission.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from kim.cases.services import DocumentRejected, check_document

# form -> where its file is checked
UPLOAD_FORMS = {
    "kim.cases.forms.activities.DocumentForm": "cases.services.attach_document → check_document",
    "kim.cases.forms.clients.ConsentForm": "cases.forms.clients.scan_check → check_document",
    "kim.governance.forms.meetings.AttachmentForm": (
        "governance.services.add_attachment → check_document"
    ),
    "kim.governance.forms.agreements.AgreementForm": "clean_document → check_document",
    "kim.staffing.forms.keys.IndicatorImportForm": "clean_file (CSV/XLSX, 2 MB), then parsed",
}
# model file field -> how a file gets there
STORED_FILES = {
    "cases.Document.file": "DocumentForm",
    "cases.Consent.scan": "ConsentForm",
    "governance.Attachment.file": "AttachmentForm",
    "governance.CooperationAgreement.document": "AgreementForm",
    "reports.ExportJob.file": "written by KIM itself (report exports), never uploaded",
}


def _form_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("kim."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        yield module
        if hasattr(module, "__path__"):  # a package of form modules
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{module.__name__}.{info.name}")


def _forms_with_file_fields():
    found = set()
    for module in _form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or not cls.__module__.startswith("kim."):
                continue
            fields = getattr(cls, "base_fields", {})
            if any(isinstance(f, forms.FileField) for f in fields.values()):
                found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def test_every_upload_form_is_known():
    assert _forms_with_file_fields() == set(UPLOAD_FORMS)


def test_every_stored_file_field_is_known():
    found = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("kim.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert found == set(STORED_FILES)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bescheid.pdf", b"MZ\x90\x00 a program", "passt nicht zu ihrer Endung"),
        ("bescheid.exe", b"MZ\x90\x00 a program", "Dateien dieses Typs sind nicht erlaubt."),
        ("bescheid", b"%PDF-1.7", "Dateien dieses Typs sind nicht erlaubt."),
        ("notiz.txt", b"text\x00binary", "Diese Textdatei enthält Binärdaten."),
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("gross.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "Die Datei ist zu groß"),
    ],
)
def test_the_shared_check_refuses_what_it_should(name, content, message):
    with pytest.raises(DocumentRejected) as refused:
        check_document(SimpleUploadedFile(name, content))
    assert message in refused.value.message


def test_the_shared_check_accepts_a_real_pdf():
    assert check_document(SimpleUploadedFile("bescheid.pdf", b"%PDF-1.7\n")) == "application/pdf"


@pytest.mark.django_db
def test_meeting_attachments_use_the_shared_check(coordinator):
    import datetime

    from django.utils import timezone

    from kim.governance import services
    from kim.governance.models import Body, Meeting

    meeting = Meeting.objects.create(
        body=Body.objects.create(name="Lenkungsgruppe", kind="steering_group"),
        title="Sitzung",
        starts_at=timezone.now() + datetime.timedelta(days=14),
        place="Kreishaus",
        created_by=coordinator,
    )
    with pytest.raises(services.GovernanceError) as refused:
        services.add_attachment(
            meeting,
            SimpleUploadedFile("einladung.pdf", b"MZ\x90\x00"),
            name="Einladung",
            by=coordinator,
        )
    assert "passt nicht zu ihrer Endung" in refused.value.message


def test_consent_scans_use_the_shared_check():
    from kim.cases.forms.clients import scan_check

    with pytest.raises(forms.ValidationError) as refused:
        scan_check(SimpleUploadedFile("scan.png", b"MZ\x90\x00"))
    assert "passt nicht zu ihrer Endung" in refused.value.messages[0]
