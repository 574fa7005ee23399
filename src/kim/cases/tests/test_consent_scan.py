"""The scan of a consent is downloaded only through an authorised, logged view."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.cases.tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def consent(case_manager):
    case = CaseFactory(case_manager=case_manager)
    consent = ConsentFactory(client=case.client)
    consent.scan.save("unterschrift.pdf", SimpleUploadedFile("unterschrift.pdf", PDF))
    return consent


def _url(consent):
    return reverse("cases:consent_scan", args=[consent.pk])


def test_case_manager_downloads_the_scan_and_it_is_logged(as_user, consent):
    response = as_user("case_manager").get(_url(consent))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert LogEntry.objects.get_for_object(consent).filter(action=LogEntry.Action.ACCESS).exists()


def test_coordination_may_read_the_scan(as_user, consent):
    assert as_user("coordinator").get(_url(consent)).status_code == 200


def test_other_case_manager_gets_404(client, consent):
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="ole", role=Role.CASE_MANAGER))
    assert client.get(_url(consent)).status_code == 404


@pytest.mark.parametrize("user", ["external_partner", "steering_member", "auditor"])
def test_roles_without_case_access_are_refused(as_user, consent, user):
    assert as_user(user).get(_url(consent)).status_code == 403


def test_consent_without_scan_is_404(as_user, case_manager):
    consent = ConsentFactory(client=CaseFactory(case_manager=case_manager).client)
    assert as_user("case_manager").get(_url(consent)).status_code == 404
