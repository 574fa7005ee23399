"""Every API read of case data is in the access log like a web read: a list logs each listed
case or client (only those on the page), a detail its object, a sub-resource its case; with the
token's user as actor and "via api" with the token's prefix. Directory reads are not logged."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from kim.cases.models import Case, Client
from kim.cases.tests.factories import CaseFactory, ContactFactory

from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def accesses(model=None):
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    if model is not None:
        entries = entries.filter(content_type=ContentType.objects.get_for_model(model))
    return entries


@pytest.fixture
def token(case_manager):
    return ApiTokenFactory(user=case_manager)


@pytest.fixture
def token_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.raw}")
    return client


def test_case_detail_logs_one_access_with_actor_and_token(token_client, case_manager, token):
    case = CaseFactory(case_manager=case_manager)
    token_client.get(f"/api/v1/cases/{case.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = accesses(Case).get()
    assert entry.object_id == case.pk
    assert entry.actor == case_manager
    assert entry.remote_addr == "10.1.2.3"
    assert entry.additional_data == {
        "case_id": case.pk,
        "client_id": case.client_id,
        "via": "api",
        "token": token.prefix,
    }


def test_case_list_logs_each_listed_case_of_the_page(token_client, case_manager):
    cases = [CaseFactory(case_manager=case_manager) for _ in range(3)]
    CaseFactory()  # not visible: not read, not logged
    response = token_client.get("/api/v1/cases/?page_size=2", REMOTE_ADDR="10.1.2.4")
    listed = {row["id"] for row in response.json()["results"]}
    assert len(listed) == 2
    assert set(accesses(Case).values_list("object_id", flat=True)) == listed
    assert listed < {c.pk for c in cases}
    # written together, but each entry as complete as a single one
    for entry in accesses(Case):
        assert entry.actor == case_manager
        assert entry.remote_addr == "10.1.2.4"
        assert entry.additional_data["via"] == "api"
        assert entry.object_repr == str(Case.objects.get(pk=entry.object_id))


def test_sub_resources_log_their_case(token_client, case_manager):
    case = CaseFactory(case_manager=case_manager)
    ContactFactory(case=case)
    for part in ("goals", "referrals", "contacts"):
        token_client.get(f"/api/v1/cases/{case.pk}/{part}/")
    assert list(accesses(Case).values_list("object_id", flat=True)) == [case.pk] * 3


def test_client_reads_log_the_client(token_client, case_manager):
    case = CaseFactory(case_manager=case_manager)
    token_client.get("/api/v1/clients/")
    token_client.get(f"/api/v1/clients/{case.client_id}/")
    assert list(accesses(Client).values_list("object_id", flat=True)) == [case.client_id] * 2
    assert accesses(Client).first().additional_data["via"] == "api"


def test_refused_reads_log_nothing(api, case_manager):
    case = CaseFactory()
    api("case_manager").get(f"/api/v1/cases/{case.pk}/")  # 404: another's case
    api("external_partner").get("/api/v1/cases/")  # 403
    api(None).get(f"/api/v1/cases/{case.pk}/")  # 401
    assert not accesses().exists()


def test_directory_reads_are_not_logged(api):
    api("case_manager").get("/api/v1/municipalities/")
    assert not accesses().exists()


def test_api_read_shows_in_the_case_history(token_client, case_manager, as_user):
    case = CaseFactory(case_manager=case_manager)
    token_client.get(f"/api/v1/cases/{case.pk}/")
    response = as_user("case_manager").get(reverse("cases:case_history", args=[case.pk]))
    logged = [entry.actor for entry in response.context["access_page"]]
    # the history page's own opening, and the API read before it
    assert logged == [case_manager, case_manager]
