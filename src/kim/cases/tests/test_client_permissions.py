"""Who may list, read, create and change clients and their consent, and open a case (DOMAIN.md
§ 7): case managers their own clients (and those of people they stand in for), coordination reads
all but changes nothing, every other role nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import AccessChannel, Case, Client, Consent, Substitution
from kim.cases.tests.factories import CaseFactory, ClientFactory, ConsentFactory
from kim.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NO_CASE_ACCESS = [
    "administrator",
    "external_partner",
    "steering_member",
    "auditor",
    "user_without_role",
]


@pytest.fixture
def own(case_manager):
    """A client of the named case manager, with a consent."""
    client = CaseFactory(case_manager=case_manager).client
    ConsentFactory(client=client, organisations=[OrganisationFactory()])
    return client


@pytest.fixture
def others():
    """A client of another case manager, with a consent."""
    client = CaseFactory(client=ClientFactory(first_name="Fremde", last_name="Klientin")).client
    ConsentFactory(client=client, organisations=[OrganisationFactory()])
    return client


def _urls(client):
    consent = client.consents.get()
    return {
        "detail": reverse("cases:client_detail", args=[client.pk]),
        "edit": reverse("cases:client_edit", args=[client.pk]),
        "consent_create": reverse("cases:consent_create", args=[client.pk]),
        "consent_revoke": reverse("cases:consent_revoke", args=[consent.pk]),
        "case_open": reverse("cases:case_open", args=[client.pk]),
    }


CLIENT_PAGES = ["detail", "edit", "consent_create", "consent_revoke", "case_open"]


# --- case manager ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_case_manager_opens_every_page_of_own_client(as_user, own, page):
    assert as_user("case_manager").get(_urls(own)[page]).status_code == 200


@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_case_manager_gets_404_for_another_case_managers_client(as_user, others, page):
    assert as_user("case_manager").get(_urls(others)[page]).status_code == 404


def test_case_manager_cannot_change_another_case_managers_client(as_user, others):
    web = as_user("case_manager")
    urls = _urls(others)
    consent = others.consents.get()
    assert web.post(urls["edit"], {"first_name": "X", "last_name": "Y"}).status_code == 404
    assert web.post(urls["consent_revoke"], {"note": ""}).status_code == 404
    assert (
        web.post(
            urls["case_open"],
            {"access_channel": AccessChannel.SELF, "opened_on": TODAY.isoformat()},
        ).status_code
        == 404
    )
    others.refresh_from_db()
    consent.refresh_from_db()
    assert (others.first_name, consent.revoked_on, others.cases.count()) == ("Fremde", None, 1)


def test_case_manager_list_shows_only_own_clients(as_user, own, others):
    response = as_user("case_manager").get(reverse("cases:client_list"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [own.pk]
    assert "Fremde" not in response.content.decode()


def test_case_manager_cannot_find_another_case_managers_client_by_case_number(as_user, others):
    number = others.cases.get().number
    response = as_user("case_manager").get(reverse("cases:client_list"), {"q": number})
    assert list(response.context["page"]) == []


def test_case_manager_may_create_clients(as_user):
    response = as_user("case_manager").get(reverse("cases:client_list"))
    assert "Neue Klientin / neuen Klienten anlegen" in response.content.decode()
    assert as_user("case_manager").get(reverse("cases:client_create")).status_code == 200


def test_substitute_works_the_clients_of_the_absent_colleague(as_user, case_manager, others):
    Substitution.objects.create(
        absent=others.cases.get().case_manager,
        substitute=case_manager,
        starts_on=TODAY - datetime.timedelta(days=1),
        created_by=UserFactory(role=Role.COORDINATION),
    )
    web = as_user("case_manager")
    for page in CLIENT_PAGES:
        assert web.get(_urls(others)[page]).status_code == 200, page


def test_creator_works_a_client_without_case_until_a_case_goes_to_a_colleague(
    as_user, case_manager
):
    client = ClientFactory(created_by=case_manager)
    ConsentFactory(client=client)
    web = as_user("case_manager")
    for page in CLIENT_PAGES:
        assert web.get(_urls(client)[page]).status_code == 200, page

    CaseFactory(client=client)  # a colleague's case now
    for page in CLIENT_PAGES:
        assert web.get(_urls(client)[page]).status_code == 404, page


# --- coordination ----------------------------------------------------------------------------


def test_coordination_lists_all_clients(as_user, own, others):
    response = as_user("coordinator").get(reverse("cases:client_list"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"]} == {own.pk, others.pk}
    assert "Neue Klientin / neuen Klienten anlegen" not in response.content.decode()


def test_coordination_reads_a_client_file_and_the_access_is_logged(as_user, coordinator, others):
    response = as_user("coordinator").get(reverse("cases:client_detail", args=[others.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fremde Klientin" in html
    # read only: no buttons to change anything
    assert reverse("cases:client_edit", args=[others.pk]) not in html
    assert reverse("cases:consent_create", args=[others.pk]) not in html
    assert reverse("cases:case_open", args=[others.pk]) not in html
    assert "Widerrufen" not in html
    access = LogEntry.objects.get_for_object(others).filter(action=LogEntry.Action.ACCESS)
    assert access.get().actor == coordinator


@pytest.mark.parametrize("page", ["edit", "consent_create", "consent_revoke", "case_open"])
def test_coordination_gets_403_on_every_change(as_user, others, page):
    assert as_user("coordinator").get(_urls(others)[page]).status_code == 403


def test_coordination_cannot_create_a_client(as_user):
    assert as_user("coordinator").get(reverse("cases:client_create")).status_code == 403


def test_coordination_posts_change_nothing(as_user, others, coordinator):
    web = as_user("coordinator")
    urls = _urls(others)
    consent = others.consents.get()
    assert web.post(urls["edit"], {"first_name": "X", "last_name": "Y"}).status_code == 403
    assert web.post(urls["consent_revoke"], {"note": ""}).status_code == 403
    assert web.post(urls["consent_create"], {"kind": "processing", "scope": "x"}).status_code == 403
    assert (
        web.post(
            urls["case_open"],
            {
                "access_channel": AccessChannel.SELF,
                "case_manager": others.cases.get().case_manager_id,
                "opened_on": TODAY.isoformat(),
            },
        ).status_code
        == 403
    )
    assert web.post(reverse("cases:client_create"), {"first_name": "X"}).status_code == 403
    others.refresh_from_db()
    consent.refresh_from_db()
    assert others.first_name == "Fremde"
    assert consent.revoked_on is None
    assert Consent.objects.count() == 1
    assert Case.objects.filter(client=others).count() == 1
    assert Client.objects.count() == 1


# --- roles without case data -----------------------------------------------------------------


@pytest.mark.parametrize("role", NO_CASE_ACCESS)
def test_roles_without_case_data_cannot_list_or_create(as_user, own, role):
    web = as_user(role)
    assert web.get(reverse("cases:client_list")).status_code == 403
    assert web.get(reverse("cases:client_create")).status_code == 403
    assert web.post(reverse("cases:client_create"), {"first_name": "X"}).status_code == 403
    assert Client.objects.count() == 1


@pytest.mark.parametrize("role", NO_CASE_ACCESS)
@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_roles_without_case_data_get_403_on_client_pages(as_user, own, role, page):
    response = as_user(role).get(_urls(own)[page])
    assert response.status_code == 403
    assert own.full_name not in response.content.decode()


@pytest.mark.parametrize("role", NO_CASE_ACCESS)
def test_roles_without_case_data_cannot_revoke(as_user, own, role):
    consent = own.consents.get()
    response = as_user(role).post(reverse("cases:consent_revoke", args=[consent.pk]), {})
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.revoked_on is None


def test_anonymous_is_sent_to_login(client, own):
    response = client.get(reverse("cases:client_detail", args=[own.pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url
