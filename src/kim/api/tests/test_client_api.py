"""Clients through the API: ``Client.objects.visible_to`` as on the client list; the case IDs
shown are only the cases the user may see; the same search by name or case number."""

import pytest

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Language
from kim.cases.tests.factories import CaseFactory, ClientFactory

pytestmark = pytest.mark.django_db

NO_CASE_ROLES = [
    "external_partner",
    "steering_member",
    "auditor",
    "administrator",
    "user_without_role",
]


@pytest.fixture
def colleague(db):
    return UserFactory(username="mara", role=Role.CASE_MANAGER)


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_case_manager_sees_clients_of_own_cases(api, case_manager, colleague):
    own = CaseFactory(case_manager=case_manager)
    CaseFactory(case_manager=colleague)
    client = api("case_manager")
    assert ids(client.get("/api/v1/clients/")) == [own.client_id]
    assert client.get(f"/api/v1/clients/{own.client_id}/").status_code == 200


def test_another_case_managers_client_is_404(api, case_manager, colleague):
    other = CaseFactory(case_manager=colleague)
    assert api("case_manager").get(f"/api/v1/clients/{other.client_id}/").status_code == 404


def test_only_visible_cases_are_listed_with_the_client(api, case_manager, colleague):
    own = CaseFactory(case_manager=case_manager)
    CaseFactory(case_manager=colleague, client=own.client)
    body = api("case_manager").get(f"/api/v1/clients/{own.client_id}/").json()
    assert body["cases"] == [own.pk]
    assert len(api("coordinator").get(f"/api/v1/clients/{own.client_id}/").json()["cases"]) == 2


def test_client_created_without_case_is_visible_to_its_creator(api, case_manager):
    new = ClientFactory(created_by=case_manager)
    assert ids(api("case_manager").get("/api/v1/clients/")) == [new.pk]


def test_coordination_sees_all_clients(api, case_manager, colleague):
    clients = {CaseFactory(case_manager=u).client_id for u in (case_manager, colleague)}
    assert set(ids(api("coordinator").get("/api/v1/clients/"))) == clients


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_access_get_403(api, case_manager, role):
    case = CaseFactory(case_manager=case_manager)
    client = api(role)
    for url in ("/api/v1/clients/", f"/api/v1/clients/{case.client_id}/"):
        response = client.get(url)
        assert response.status_code == 403
        assert case.client.last_name not in response.content.decode()


def test_client_fields(api, case_manager):
    arabic = Language.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})[0]
    person = ClientFactory(
        first_name="Amal",
        last_name="Haddad",
        first_name_original="أمل",
        nationalities=["SY"],
    )
    person.languages.add(arabic)
    CaseFactory(case_manager=case_manager, client=person)
    body = api("case_manager").get(f"/api/v1/clients/{person.pk}/").json()
    assert body["first_name_original"] == "أمل"
    assert body["nationalities"] == ["SY"]
    assert body["languages"] == ["ar"]
    assert body["gender_label"] == "weiblich"
    assert body["municipality"] == person.municipality_id


def test_search_by_name_or_case_number(api, case_manager):
    wanted = CaseFactory(
        case_manager=case_manager,
        client=ClientFactory(first_name="Oleksandr", last_name="Kovalenko"),
    )
    CaseFactory(case_manager=case_manager, client=ClientFactory(last_name="Berisha"))
    client = api("case_manager")
    assert ids(client.get("/api/v1/clients/", {"q": "Kowalenko"})) == [wanted.client_id]
    assert ids(client.get("/api/v1/clients/", {"q": wanted.number})) == [wanted.client_id]


def test_too_long_search_is_400(api, case_manager):
    response = api("case_manager").get("/api/v1/clients/", {"q": "x" * 101})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "q"
