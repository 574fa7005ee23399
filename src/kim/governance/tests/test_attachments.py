"""Documents of the invitation: coordination adds them, members of the body download them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kim.governance.models import Attachment, Body, Meeting, Membership

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def meeting(coordinator, steering_member, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    body = Body.objects.create(name="Lenkungsgruppe", kind="steering_group")
    Membership.objects.create(
        body=body, user=steering_member, name="Thomas Becker", starts_on=datetime.date(2025, 1, 1)
    )
    return Meeting.objects.create(
        body=body,
        title="Sitzung",
        starts_at=timezone.now() + datetime.timedelta(days=14),
        place="Kreishaus",
        created_by=coordinator,
    )


def _upload(client, meeting, name="vorlage.pdf", content=PDF):
    return client.post(
        reverse("governance:attachment_upload", args=[meeting.pk]),
        {"name": "Vorlage TOP 2", "file": SimpleUploadedFile(name, content)},
    )


def test_coordination_adds_and_member_downloads(as_user, meeting):
    assert _upload(as_user("coordinator"), meeting).status_code == 302
    attachment = Attachment.objects.get()
    detail = as_user("steering_member").get(meeting.get_absolute_url()).content.decode()
    url = reverse("governance:attachment_download", args=[attachment.pk])
    assert url in detail
    response = as_user("steering_member").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "content"), [("tool.exe", b"MZ"), ("vorlage.pdf", b"\x89PNG\r\n\x1a\n")]
)
def test_forbidden_files_are_refused(as_user, meeting, name, content):
    response = _upload(as_user("coordinator"), meeting, name, content)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    page = as_user("coordinator").get(meeting.get_absolute_url()).content.decode()
    assert "nicht erlaubt" in page or "passt nicht" in page


def test_members_cannot_upload_and_others_cannot_download(as_user, meeting, case_manager):
    assert _upload(as_user("steering_member"), meeting).status_code == 403
    _upload(as_user("coordinator"), meeting)
    url = reverse("governance:attachment_download", args=[Attachment.objects.get().pk])
    assert as_user("case_manager").get(url).status_code == 403
