"""The main list pages of case management make a fixed number of database queries, whatever the
number of rows (issue #12): no query per row. Each test loads the page with 3 rows, counts its
queries, adds rows up to 30 and allows no more queries than with 3."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import CasePhase
from kim.cases.tests.factories import (
    ActionFactory,
    AppointmentFactory,
    CaseFactory,
    ClientFactory,
    ContactFactory,
    GoalFactory,
)
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def add_cases(count, case_manager, *, start=0):
    """Open cases with everything a list row shows: a client in a municipality of its own, a
    contact, an appointment and an overdue step of the support plan."""
    today = timezone.localdate()
    for n in range(start, start + count):
        client = ClientFactory(
            last_name=f"Haddad{n}",
            first_name="Rania",
            municipality=MunicipalityFactory(),
            created_by=case_manager,
        )
        case = CaseFactory(
            client=client,
            case_manager=case_manager,
            phase=CasePhase.IMPLEMENTATION,
            opened_on=today - datetime.timedelta(days=60 + n),
        )
        ContactFactory(case=case, contact_on=today - datetime.timedelta(days=n % 20))
        AppointmentFactory(case=case)
        goal = GoalFactory(case=case, agreed_on=today - datetime.timedelta(days=30))
        ActionFactory(goal=goal, due_on=today - datetime.timedelta(days=2))


def assert_constant(client, url, case_manager, django_assert_max_num_queries, rows):
    add_cases(FEW, case_manager)
    few, response = queries(client, url)
    assert rows(response) == FEW
    add_cases(MANY - FEW, case_manager, start=FEW)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert rows(response) == MANY


def test_start_page_queries_do_not_grow_with_own_cases(
    as_user, case_manager, django_assert_max_num_queries
):
    client = as_user("case_manager")
    assert_constant(
        client,
        reverse("home"),
        case_manager,
        django_assert_max_num_queries,
        lambda response: len(response.context["own_cases"]),
    )


def test_case_list_queries_do_not_grow_with_cases(
    as_user, case_manager, django_assert_max_num_queries
):
    client = as_user("case_manager")
    assert_constant(
        client,
        reverse("cases:case_list"),
        case_manager,
        django_assert_max_num_queries,
        lambda response: len(response.context["page"].object_list),
    )


def test_case_list_of_coordination_queries_do_not_grow_with_cases_and_managers(
    as_user, coordinator, django_assert_max_num_queries
):
    """Coordination sees the cases of every case manager (one per row here): the filter's
    list of case managers grows too."""
    client = as_user("coordinator")
    url = reverse("cases:case_list") + "?status=alle"
    for n in range(FEW):
        add_cases(1, UserFactory(username=f"cm{n}", role=Role.CASE_MANAGER), start=n)
    few, response = queries(client, url)
    assert len(response.context["page"].object_list) == FEW
    for n in range(FEW, MANY):
        add_cases(1, UserFactory(username=f"cm{n}", role=Role.CASE_MANAGER), start=n)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["page"].object_list) == MANY


def test_client_list_queries_do_not_grow_with_clients(
    as_user, case_manager, django_assert_max_num_queries
):
    client = as_user("case_manager")
    assert_constant(
        client,
        reverse("cases:client_list"),
        case_manager,
        django_assert_max_num_queries,
        lambda response: len(response.context["page"].object_list),
    )


def test_client_search_queries_do_not_grow_with_hits(
    as_user, case_manager, django_assert_max_num_queries
):
    client = as_user("case_manager")
    assert_constant(
        client,
        reverse("cases:client_list") + "?q=Haddad",
        case_manager,
        django_assert_max_num_queries,
        lambda response: len(response.context["page"].object_list),
    )


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("cases:case_list") + "?status=alle",
        reverse("api:case-list") + "?status=alle",
    ],
)
def test_lists_do_not_decrypt_what_they_do_not_show(as_user, case_manager, monkeypatch, url):
    """The start page, the case list and the API's case list show neither the outcome of a case
    nor the legal basis of a residence: these encrypted texts are not read, so not decrypted,
    for any row."""
    from kim.core import encryption

    add_cases(FEW, case_manager)
    for case in case_manager.cases.select_related("client"):
        case.closure_outcome = "Arbeitsaufnahme"
        case.save()
        case.client.residence_section = "§ 25 Abs. 2 AufenthG"
        case.client.save()
    decrypted = []
    real = encryption.decrypt
    monkeypatch.setattr(
        encryption, "decrypt", lambda token, **kw: decrypted.append(kw) or real(token, **kw)
    )
    response = as_user("case_manager").get(url)
    assert response.status_code == 200
    assert "Haddad0" in response.content.decode()
    assert decrypted == []
