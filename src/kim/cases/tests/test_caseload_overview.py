"""Coordination's caseload overview: per case manager, per municipality and in total, counted
by aggregate queries, with links into the filtered case list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import CasePhase
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:caseload")


@pytest.fixture
def data(case_manager):
    """Anna: 3 open (1 new, 2 in planning), 1 closed; Mara: 1 open and new, in intake.
    Hemer: 2 clients, 3 open cases (one client with a new case after a closed one);
    Balve: 1 client, 1 open case."""
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    mara = UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )
    hemer = MunicipalityFactory(name="Hemer")
    balve = MunicipalityFactory(name="Balve")
    MunicipalityFactory(name="Herscheid")
    hemer_1 = ClientFactory(municipality=hemer)
    hemer_2 = ClientFactory(municipality=hemer)
    balve_1 = ClientFactory(municipality=balve)
    CaseFactory(
        case_manager=case_manager, client=hemer_1, phase=CasePhase.PLANNING, opened_on=long_ago
    )
    CaseFactory(
        case_manager=case_manager, client=hemer_2, phase=CasePhase.PLANNING, opened_on=long_ago
    )
    CaseFactory(
        case_manager=case_manager,
        client=hemer_2,
        phase=CasePhase.CLOSED,
        opened_on=long_ago - datetime.timedelta(days=300),
    )
    CaseFactory(
        case_manager=case_manager,
        client=balve_1,
        phase=CasePhase.MONITORING,
        opened_on=today - datetime.timedelta(days=3),
    )
    CaseFactory(
        case_manager=mara,
        client=ClientFactory(municipality=hemer),
        phase=CasePhase.INTAKE,
        opened_on=today - datetime.timedelta(days=29),
    )
    return {"mara": mara, "hemer": hemer, "balve": balve}


def test_counts_per_case_manager(as_user, case_manager, data):
    response = as_user("coordinator").get(URL)
    assert response.status_code == 200
    rows = {row["user"].username: row for row in response.context["manager_rows"]}
    anna, mara = rows["anna"], rows["mara"]
    assert (anna["open_cases"], anna["new_cases"]) == (3, 1)
    assert dict(anna["phases"])[CasePhase.PLANNING] == 2
    assert dict(anna["phases"])[CasePhase.MONITORING] == 1
    assert dict(anna["phases"])[CasePhase.INTAKE] == 0
    assert (mara["open_cases"], mara["new_cases"]) == (1, 1)
    assert dict(mara["phases"])[CasePhase.INTAKE] == 1


def test_lists_case_managers_without_cases_and_former_ones_with_cases(as_user, data):
    UserFactory(username="idle", last_name="Idle", role=Role.CASE_MANAGER)
    former = UserFactory(username="former", last_name="Former")  # role since taken away
    CaseFactory(case_manager=former, phase=CasePhase.INTAKE)
    rows = {
        row["user"].username: row for row in as_user("coordinator").get(URL).context["manager_rows"]
    }
    assert (rows["idle"]["open_cases"], rows["idle"]["new_cases"]) == (0, 0)
    assert dict(rows["idle"]["phases"])[CasePhase.INTAKE] == 0
    assert rows["former"]["open_cases"] == 1


def test_cases_are_grouped_not_counted_per_person_through_a_join(as_user, data):
    # per case manager and per municipality one GROUP BY over the cases: counting through a
    # join with "cases__in=visible" did not finish in 20 minutes at state scale (issue #12)
    with CaptureQueriesContext(connection) as queries:
        as_user("coordinator").get(URL)
    statements = [q["sql"] for q in queries.captured_queries]
    for key in ('AS "case_manager", COUNT(', 'AS "client__municipality", COUNT('):
        assert any(key in sql and "GROUP BY" in sql for sql in statements), key


def test_counts_per_municipality_and_totals(as_user, data):
    response = as_user("coordinator").get(URL)
    towns = {m.name: m for m in response.context["municipalities"]}
    assert (towns["Hemer"].open_cases, towns["Hemer"].clients_with_open_case) == (3, 3)
    assert towns["Hemer"].new_cases == 1
    assert (towns["Balve"].open_cases, towns["Balve"].clients_with_open_case) == (1, 1)
    assert towns["Herscheid"].open_cases == 0
    totals = response.context["totals"]
    assert totals["open_cases"] == 4
    assert totals["closed_cases"] == 1
    assert totals["new_cases"] == 2
    assert totals["clients_with_open_case"] == 4
    assert totals["phase_planning"] == 2
    assert response.context["all_clients"] == 4


def test_links_lead_into_the_filtered_case_list(as_user, case_manager, data):
    client = as_user("coordinator")
    html = client.get(URL).content.decode()
    by_manager = f"?case_manager={case_manager.pk}&amp;status=offen"
    by_town = f"?municipality={data['hemer'].pk}&amp;status=offen"
    by_phase = f"?case_manager={case_manager.pk}&amp;phase=planning"
    for query in (by_manager, by_town, by_phase):
        assert f"{reverse('cases:case_list')}{query}" in html
    # and the list gives the same number
    listed = client.get(reverse("cases:case_list"), {"municipality": data["hemer"].pk})
    assert listed.context["page"].count == 3


def test_uses_a_fixed_number_of_queries(as_user, data, django_assert_max_num_queries):
    client = as_user("coordinator")
    for _ in range(5):
        CaseFactory(case_manager=data["mara"], client=ClientFactory(municipality=data["balve"]))
    with django_assert_max_num_queries(14):
        client.get(URL)


@pytest.mark.parametrize(
    "user",
    [
        "case_manager",
        "administrator",
        "external_partner",
        "steering_member",
        "auditor",
        "user_without_role",
    ],
)
def test_only_coordination_sees_the_overview(as_user, user):
    assert as_user(user).get(URL).status_code == 403
