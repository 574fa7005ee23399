"""Who may read and who may change referrals, contacts, appointments and documents of a case,
page by page and role by role (DOMAIN.md § 7)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    Appointment,
    Case,
    Contact,
    ContactChannel,
    Document,
    Referral,
    ReferralState,
    Substitution,
)
from kim.cases.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
)
from kim.directory.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

READ_PAGES = ["referral_list", "contact_list", "document_list"]
WRITE_PAGES = ["referral_create", "contact_create", "appointment_create", "document_upload"]
CASE_PAGES = READ_PAGES + WRITE_PAGES
NO_CASE_ROLES = ["administrator", "external_partner", "steering_member", "auditor"]
NO_CASE_ROLES += ["user_without_role"]


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


@pytest.fixture
def other_case_manager(db):
    return UserFactory(
        username="bernd", first_name="Bernd", last_name="Otto", role=Role.CASE_MANAGER
    )


@pytest.fixture
def substitute(case_manager, other_case_manager, coordinator):
    Substitution.objects.create(
        absent=case_manager,
        substitute=other_case_manager,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        created_by=coordinator,
    )
    return other_case_manager


@pytest.fixture
def rows(case):
    """One referral, appointment and document on the case, for the endpoints that take them."""
    office = OfficeFactory()
    ConsentFactory(client=case.client, organisations=[office.organisation])
    document = Document(
        case=case,
        original_name="bescheid.txt",
        content_type="text/plain",
        size=5,
        uploaded_by=case.case_manager,
    )
    document.file.save("bescheid.txt", ContentFile(b"Hallo"), save=False)
    document.save()
    return {
        "referral": ReferralFactory(case=case, office=office),
        "appointment": AppointmentFactory(case=case),
        "document": document,
        "office": office,
    }


def _page(name, case):
    return reverse(f"cases:{name}", args=[case.pk])


def _writes(case, rows):
    """Every write of this part, as (url, POST data); each would change the database."""
    future = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    return [
        (_page("referral_create", case), {"office": rows["office"].pk}),
        (
            reverse("cases:referral_state", args=[rows["referral"].pk]),
            {"target": ReferralState.SENT, "on": timezone.localdate().isoformat()},
        ),
        (
            _page("contact_create", case),
            {
                "contact_on": timezone.localdate().isoformat(),
                "duration_minutes": "30",
                "channel": ContactChannel.PHONE,
            },
        ),
        (
            _page("appointment_create", case),
            {
                "starts_at": future.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "60",
                "place": "Rathaus",
            },
        ),
        (reverse("cases:appointment_cancel", args=[rows["appointment"].pk]), {}),
        (_page("document_upload", case), {"description": "ohne Datei"}),
    ]


def _unchanged(rows):
    rows["referral"].refresh_from_db()
    rows["appointment"].refresh_from_db()
    return (
        Referral.objects.count() == 1
        and rows["referral"].state == ReferralState.PROPOSED
        and not Contact.objects.exists()
        and Appointment.objects.count() == 1
        and rows["appointment"].cancelled is False
        and Document.objects.count() == 1
    )


def _case_file_openings(case):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Case),
        object_pk=str(case.pk),
    ).count()


# --- the responsible case manager -------------------------------------------------------------


@pytest.mark.parametrize("page", CASE_PAGES)
def test_case_manager_opens_every_page_and_it_is_logged_once(as_user, case, page):
    response = as_user("case_manager").get(_page(page, case))
    assert response.status_code == 200
    assert response.context["active_tab"] in {"referrals", "contacts", "documents"}
    assert _case_file_openings(case) == 1


def test_case_manager_may_write(as_user, case, rows):
    client = as_user("case_manager")
    statuses = [client.post(url, data).status_code for url, data in _writes(case, rows)]
    # the upload without a file is refused as bad input (200), every other write succeeds
    assert statuses == [302, 302, 302, 302, 302, 200]
    rows["referral"].refresh_from_db()
    rows["appointment"].refresh_from_db()
    assert Referral.objects.count() == 2
    assert rows["referral"].state == ReferralState.SENT
    assert Contact.objects.count() == 1
    assert Appointment.objects.count() == 2
    assert rows["appointment"].cancelled is True


def test_case_manager_may_download(as_user, rows):
    url = reverse("cases:document_download", args=[rows["document"].pk])
    assert as_user("case_manager").get(url).status_code == 200


# --- a substitute -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", CASE_PAGES)
def test_substitute_opens_every_page(client, case, substitute, page):
    client.force_login(substitute)
    assert client.get(_page(page, case)).status_code == 200


def test_substitute_may_write(client, case, rows, substitute):
    client.force_login(substitute)
    url, data = _writes(case, rows)[2]  # a contact
    assert client.post(url, data).status_code == 302
    assert Contact.objects.get().by == substitute


# --- another case manager ---------------------------------------------------------------------


@pytest.mark.parametrize("page", CASE_PAGES)
def test_other_case_manager_gets_404_on_every_page(client, case, other_case_manager, page):
    client.force_login(other_case_manager)
    assert client.get(_page(page, case)).status_code == 404
    assert _case_file_openings(case) == 0


def test_other_case_manager_gets_404_on_every_write(client, case, rows, other_case_manager):
    client.force_login(other_case_manager)
    for url, data in _writes(case, rows):
        assert client.post(url, data).status_code == 404, url
    assert _unchanged(rows)
    download = reverse("cases:document_download", args=[rows["document"].pk])
    assert client.get(download).status_code == 404


# --- coordination -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", READ_PAGES)
def test_coordinator_reads_every_list_and_it_is_logged(as_user, case, rows, page):
    response = as_user("coordinator").get(_page(page, case))
    assert response.status_code == 200
    assert response.context["may_work"] is False
    assert _case_file_openings(case) == 1


def test_coordinator_sees_no_write_controls(as_user, case, rows):
    client = as_user("coordinator")
    html = client.get(_page("referral_list", case)).content.decode()
    assert "Neue Vermittlung" not in html
    assert "Als übermittelt vermerken" not in html
    html = client.get(_page("contact_list", case)).content.decode()
    assert "Kontakt erfassen" not in html
    assert reverse("cases:appointment_cancel", args=[rows["appointment"].pk]) not in html
    html = client.get(_page("document_list", case)).content.decode()
    assert "Dokument hochladen" not in html


@pytest.mark.parametrize("page", WRITE_PAGES)
def test_coordinator_gets_403_on_every_form(as_user, case, page):
    assert as_user("coordinator").get(_page(page, case)).status_code == 403


def test_coordinator_gets_403_on_every_write(as_user, case, rows):
    client = as_user("coordinator")
    for url, data in _writes(case, rows):
        assert client.post(url, data).status_code == 403, url
    assert _unchanged(rows)


def test_coordinator_may_download(as_user, rows):
    url = reverse("cases:document_download", args=[rows["document"].pk])
    assert as_user("coordinator").get(url).status_code == 200


# --- roles without case data ------------------------------------------------------------------


@pytest.mark.parametrize("user", NO_CASE_ROLES)
@pytest.mark.parametrize("page", CASE_PAGES)
def test_roles_without_case_data_get_403_on_every_page(as_user, case, user, page):
    assert as_user(user).get(_page(page, case)).status_code == 403
    assert _case_file_openings(case) == 0


@pytest.mark.parametrize("user", NO_CASE_ROLES)
def test_roles_without_case_data_get_403_on_every_write_and_download(as_user, case, rows, user):
    client = as_user(user)
    for url, data in _writes(case, rows):
        assert client.post(url, data).status_code == 403, url
    assert _unchanged(rows)
    download = reverse("cases:document_download", args=[rows["document"].pk])
    assert client.get(download).status_code == 403


@pytest.mark.parametrize("page", CASE_PAGES)
def test_anonymous_is_sent_to_login(client, case, page):
    response = client.get(_page(page, case))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
