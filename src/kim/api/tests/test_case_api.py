"""Cases and their parts through the API: the same ``Case.objects.visible_to`` as the case list
and the case file. Case managers see their own cases (and those they stand in for), coordination
all; every other role gets 403, as on the web; another's case is 404, as on the web."""

import datetime

import pytest
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import CasePhase, PhaseTransition, Substitution
from kim.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    ClientFactory,
    ContactFactory,
    GoalFactory,
    ReferralFactory,
)
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

NO_CASE_ROLES = [
    "external_partner",
    "steering_member",
    "auditor",
    "administrator",
    "user_without_role",
]
PARTS = ["goals", "referrals", "contacts"]


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


@pytest.fixture
def cases(case_manager, colleague):
    return {
        "own": CaseFactory(case_manager=case_manager),
        "other": CaseFactory(case_manager=colleague),
    }


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_case_manager_lists_only_own_cases(api, cases):
    response = api("case_manager").get("/api/v1/cases/")
    assert response.status_code == 200
    assert ids(response) == [cases["own"].pk]


def test_coordination_lists_all_cases(api, cases):
    assert set(ids(api("coordinator").get("/api/v1/cases/"))) == {c.pk for c in cases.values()}


def test_substitute_lists_the_absent_colleagues_cases(
    api, cases, case_manager, colleague, coordinator
):
    Substitution.objects.create(
        absent=colleague,
        substitute=case_manager,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        created_by=coordinator,
    )
    assert set(ids(api("case_manager").get("/api/v1/cases/"))) == {c.pk for c in cases.values()}


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_access_get_no_case_data(api, cases, role):
    client = api(role)
    urls = ["/api/v1/cases/", f"/api/v1/cases/{cases['own'].pk}/"]
    urls += [f"/api/v1/cases/{cases['own'].pk}/{part}/" for part in PARTS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
        assert cases["own"].number not in response.content.decode()


def test_anonymous_gets_401(api, cases):
    assert api(None).get(f"/api/v1/cases/{cases['own'].pk}/").status_code == 401


def test_another_case_managers_case_is_404(api, cases):
    client = api("case_manager")
    assert client.get(f"/api/v1/cases/{cases['other'].pk}/").status_code == 404
    for part in PARTS:
        assert client.get(f"/api/v1/cases/{cases['other'].pk}/{part}/").status_code == 404


def test_case_detail_with_phase_history_and_links(api, cases, case_manager):
    case = cases["own"]
    PhaseTransition.objects.create(
        case=case, from_phase="", to_phase=CasePhase.INTAKE, by=case_manager, note="eröffnet"
    )
    PhaseTransition.objects.create(
        case=case, from_phase=CasePhase.INTAKE, to_phase=CasePhase.ASSESSMENT, by=case_manager
    )
    case.phase = CasePhase.ASSESSMENT
    case.save()
    body = api("case_manager").get(f"/api/v1/cases/{case.pk}/").json()
    assert body["number"] == case.number
    assert body["client_name"] == case.client.full_name
    assert (body["phase"], body["phase_label"]) == ("assessment", "Assessment")
    assert [(t["from_phase"], t["to_phase"]) for t in body["phase_history"]] == [
        ("", "intake"),
        ("intake", "assessment"),
    ]
    assert body["phase_history"][0]["by"] == "Anna Berger"
    assert body["links"]["contacts"] == f"/api/v1/cases/{case.pk}/contacts/"


def test_closed_case_is_found_by_its_id(api, case_manager):
    closed = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    response = api("case_manager").get(f"/api/v1/cases/{closed.pk}/", {"phase": "x"})
    assert response.status_code == 200
    assert response.json()["phase"] == "closed"


def test_goals_with_actions(api, cases):
    goal = GoalFactory(case=cases["own"])
    ActionFactory(goal=goal, description="Anmeldung zum Integrationskurs")
    GoalFactory(case=cases["other"])
    body = api("case_manager").get(f"/api/v1/cases/{cases['own'].pk}/goals/").json()
    assert [g["id"] for g in body["results"]] == [goal.pk]
    assert body["results"][0]["life_domain"] == "language"
    assert [a["description"] for a in body["results"][0]["actions"]] == [
        "Anmeldung zum Integrationskurs"
    ]


def test_referrals_of_the_case(api, cases):
    referral = ReferralFactory(case=cases["own"])
    ReferralFactory(case=cases["other"])
    body = api("coordinator").get(f"/api/v1/cases/{cases['own'].pk}/referrals/").json()
    assert [(r["id"], r["state"], r["office"]) for r in body["results"]] == [
        (referral.pk, "proposed", referral.office_id)
    ]


def test_contacts_of_the_case(api, cases):
    contact = ContactFactory(case=cases["own"], note="Termin beim Jobcenter vorbereitet")
    ContactFactory(case=cases["other"])
    body = api("case_manager").get(f"/api/v1/cases/{cases['own'].pk}/contacts/").json()
    assert [(c["id"], c["note"], c["by_name"]) for c in body["results"]] == [
        (contact.pk, "Termin beim Jobcenter vorbereitet", "Anna Berger")
    ]


# --- filters, as in the case list ---------------------------------------------------------------


def test_default_is_open_cases_like_the_case_list(api, case_manager):
    open_case = CaseFactory(case_manager=case_manager)
    closed = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    client = api("case_manager")
    assert ids(client.get("/api/v1/cases/")) == [open_case.pk]
    assert ids(client.get("/api/v1/cases/?status=abgeschlossen")) == [closed.pk]
    assert set(ids(client.get("/api/v1/cases/?status=alle"))) == {open_case.pk, closed.pk}


def test_filter_by_phase_and_municipality(api, case_manager):
    balve = MunicipalityFactory(name="Balve")
    wanted = CaseFactory(
        case_manager=case_manager,
        phase=CasePhase.PLANNING,
        client=ClientFactory(municipality=balve),
    )
    CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)
    CaseFactory(case_manager=case_manager, client=ClientFactory(municipality=balve))
    response = api("case_manager").get(f"/api/v1/cases/?phase=planning&municipality={balve.pk}")
    assert ids(response) == [wanted.pk]


def test_search_by_name_as_it_sounds(api, case_manager):
    wanted = CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Mohammed", last_name="Al-Hassan"),
    )
    CaseFactory(case_manager=case_manager, client=ClientFactory(first_name="Olga", last_name="Kim"))
    assert ids(api("case_manager").get("/api/v1/cases/", {"q": "Mohamad Al Hasan"})) == [wanted.pk]


def test_case_manager_filter_is_for_coordination_only(api, cases, colleague):
    query = f"/api/v1/cases/?case_manager={colleague.pk}"
    assert ids(api("coordinator").get(query)) == [cases["other"].pk]
    # a case manager's list ignores it, as the case list does (the field is not offered)
    assert ids(api("case_manager").get(query)) == [cases["own"].pk]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("phase=closed", "phase", "Diese Phase gibt es nicht."),
        ("status=offen-und-zu", "status", "Diesen Status gibt es nicht."),
        ("municipality=Balve", "municipality", "Diese Kommune gibt es nicht."),
        ("life_domain=9999", "life_domain", "Diesen Lebensbereich gibt es nicht."),
        ("q=" + "x" * 101, "q", "höchstens 100 Zeichen"),
    ],
)
def test_bad_filter_values_are_400_with_the_field(api, cases, query, field, message):
    response = api("coordinator").get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["detail"]
