"""Who may read and change a client's record for the Baustein 3 pre-check: the client's case
manager both, coordination reads, other case managers get 404, other roles 403."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kim.cases.models import ResidencePeriod
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.residence.tests.factories import ResidencePeriodFactory

pytestmark = pytest.mark.django_db

NO_CASE_ACCESS = ["administrator", "external_partner", "steering_member", "auditor"]


@pytest.fixture
def own(case_manager):
    client = CaseFactory(case_manager=case_manager).client
    ResidencePeriodFactory(client=client)
    return client


@pytest.fixture
def others():
    client = CaseFactory(client=ClientFactory(first_name="Fremde")).client
    ResidencePeriodFactory(client=client)
    return client


def _urls(client):
    period = client.residence_periods.get()
    return {
        "record": reverse("cases:residence_record", args=[client.pk]),
        "facts": reverse("cases:residence_facts_edit", args=[client.pk]),
        "create": reverse("cases:residence_entry_create", args=[client.pk, "periods"]),
        "edit": reverse("cases:residence_entry_edit", args=[client.pk, "periods", period.pk]),
    }


def _delete_url(client):
    period = client.residence_periods.get()
    return reverse("cases:residence_entry_delete", args=[client.pk, "periods", period.pk])


@pytest.mark.parametrize("page", ["record", "facts", "create", "edit"])
def test_case_manager_opens_every_page_of_own_client(as_user, own, page):
    assert as_user("case_manager").get(_urls(own)[page]).status_code == 200


@pytest.mark.parametrize("page", ["record", "facts", "create", "edit"])
def test_another_case_managers_client_is_not_found(as_user, others, page):
    assert as_user("case_manager").get(_urls(others)[page]).status_code == 404


def test_another_case_managers_entry_cannot_be_deleted(as_user, others):
    assert as_user("case_manager").post(_delete_url(others)).status_code == 404
    assert others.residence_periods.exists()


def test_coordination_reads_but_changes_nothing(as_user, own):
    web = as_user("coordinator")
    urls = _urls(own)
    page = web.get(urls["record"])
    assert page.status_code == 200
    assert "Aufenthaltszeit erfassen" not in page.content.decode()
    for name in ("facts", "create", "edit"):
        assert web.get(urls[name]).status_code == 403, name
    assert web.post(_delete_url(own)).status_code == 403
    assert own.residence_periods.exists()


@pytest.mark.parametrize("user", NO_CASE_ACCESS)
def test_roles_without_case_data_get_nothing(as_user, own, user):
    web = as_user(user)
    for url in _urls(own).values():
        assert web.get(url).status_code in (403, 404), url
    assert web.post(_delete_url(own)).status_code in (403, 404)


def test_an_unknown_kind_of_entry_is_not_found(as_user, own):
    url = reverse("cases:residence_entry_create", args=[own.pk, "passports"])
    assert as_user("case_manager").get(url).status_code == 404


def test_delete_needs_post(as_user, own):
    assert as_user("case_manager").get(_delete_url(own)).status_code == 405


def test_case_manager_records_edits_and_deletes_a_period_with_history(as_user, own):
    web = as_user("case_manager")
    url = reverse("cases:residence_entry_create", args=[own.pk, "periods"])
    own.residence_periods.update(ended_on=datetime.date(2019, 12, 31))
    response = web.post(
        url,
        {
            "status": _status("aufenthaltserlaubnis"),
            "legal_basis": "§ 104c AufenthG",
            "started_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    period = own.residence_periods.get(started_on=datetime.date(2020, 1, 1))
    assert period.recorded_by.username == "anna"
    entry = LogEntry.objects.get_for_object(period).get()
    assert entry.additional_data == {"client_id": own.pk}

    edit = reverse("cases:residence_entry_edit", args=[own.pk, "periods", period.pk])
    response = web.post(
        edit,
        {
            "status": _status("aufenthaltserlaubnis"),
            "legal_basis": "§ 25b AufenthG",
            "started_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.legal_basis == "§ 25b AufenthG"

    delete = reverse("cases:residence_entry_delete", args=[own.pk, "periods", period.pk])
    assert web.post(delete).status_code == 302
    assert not ResidencePeriod.objects.filter(pk=period.pk).exists()


def _status(code):
    from kim.cases.models import ResidenceStatus

    return ResidenceStatus.objects.get(code=code).pk
