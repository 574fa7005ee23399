"""Who sees which case: one QuerySet method, tested per role (DOMAIN.md § 7)."""

import datetime

import pytest
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Case, Client, Contact, Substitution
from kim.cases.tests.factories import CaseFactory, ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_case_manager(db):
    return UserFactory(username="ole", first_name="Ole", role=Role.CASE_MANAGER)


@pytest.fixture
def cases(case_manager, other_case_manager):
    return {
        "own": CaseFactory(case_manager=case_manager),
        "other": CaseFactory(case_manager=other_case_manager),
    }


def test_case_manager_sees_only_own_cases(case_manager, cases):
    assert list(Case.objects.visible_to(case_manager)) == [cases["own"]]
    assert list(Client.objects.visible_to(case_manager)) == [cases["own"].client]


def test_coordination_sees_all_cases_of_the_district(coordinator, cases):
    assert set(Case.objects.visible_to(coordinator)) == set(cases.values())
    assert Case.objects.workable_by(coordinator).count() == 0  # reads, does not work cases


@pytest.mark.parametrize(
    "user", ["external_partner", "steering_member", "auditor", "administrator", "user_without_role"]
)
def test_other_roles_see_no_case(request, cases, user):
    user = request.getfixturevalue(user)
    assert not Case.objects.visible_to(user).exists()
    assert not Client.objects.visible_to(user).exists()


def test_substitute_sees_the_absent_colleagues_cases_only_while_standing_in(
    case_manager, other_case_manager, coordinator, cases
):
    today = timezone.localdate()
    Substitution.objects.create(
        absent=other_case_manager,
        substitute=case_manager,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
        created_by=coordinator,
    )
    assert set(Case.objects.visible_to(case_manager)) == set(cases.values())
    assert case_manager.has_perm("cases.work_case", cases["other"])
    # the absent colleague does not see the substitute's cases
    assert list(Case.objects.visible_to(other_case_manager)) == [cases["other"]]


def test_ended_substitution_gives_no_access(case_manager, other_case_manager, coordinator, cases):
    today = timezone.localdate()
    Substitution.objects.create(
        absent=other_case_manager,
        substitute=case_manager,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=1),
        created_by=coordinator,
    )
    assert list(Case.objects.visible_to(case_manager)) == [cases["own"]]
    assert not case_manager.has_perm("cases.work_case", cases["other"])


def test_related_rows_follow_their_case(case_manager, cases):
    own = ContactFactory(case=cases["own"])
    ContactFactory(case=cases["other"])
    assert list(Contact.objects.visible_to(case_manager)) == [own]


def test_new_client_without_case_is_visible_to_its_creator_only(case_manager, other_case_manager):
    client = ClientFactory(created_by=case_manager)
    assert list(Client.objects.visible_to(case_manager)) == [client]
    assert not Client.objects.visible_to(other_case_manager).exists()
    assert case_manager.has_perm("cases.work_client", client)
    assert not other_case_manager.has_perm("cases.work_client", client)


def test_object_rules(case_manager, other_case_manager, coordinator, cases):
    own, other = cases["own"], cases["other"]
    assert case_manager.has_perm("cases.view_case_file", own)
    assert not case_manager.has_perm("cases.view_case_file", other)
    assert coordinator.has_perm("cases.view_case_file", other)
    assert not coordinator.has_perm("cases.work_case", other)
    assert coordinator.has_perm("cases.reassign_case")
    assert not case_manager.has_perm("cases.reassign_case")


def test_search_among_matches_gives_the_visible_clients_of_the_search(
    case_manager, other_case_manager, coordinator, external_partner, cases
):
    """``visible_among_matches`` (the client search, issue #12) joins the matches with the
    clients the user sees: the same clients as ``visible_to(...).search(...)`` for every kind
    of visibility."""
    today = timezone.localdate()
    for case in Case.objects.all():
        Client.objects.filter(pk=case.client_id).update(last_name="Hassan")
    standing_in = CaseFactory(
        case_manager=UserFactory(username="ida", role=Role.CASE_MANAGER),
        client=ClientFactory(last_name="Hassan"),
    )
    Substitution.objects.create(
        absent=standing_in.case_manager,
        substitute=case_manager,
        starts_on=today,
        created_by=coordinator,
    )
    own_new = ClientFactory(last_name="Hassan", created_by=case_manager)
    ClientFactory(last_name="Hassan", created_by=other_case_manager)
    # created by the case manager, but the case went to a colleague: no longer theirs
    CaseFactory(
        case_manager=other_case_manager,
        client=ClientFactory(last_name="Hassan", created_by=case_manager),
    )
    ClientFactory(last_name="Yilmaz", created_by=case_manager)
    expected = {
        case_manager: {cases["own"].client, standing_in.client, own_new},
        other_case_manager: {
            cases["other"].client,
            *Client.objects.filter(created_by=other_case_manager, cases__isnull=True),
            *Client.objects.filter(cases__case_manager=other_case_manager, last_name="Hassan"),
        },
        coordinator: set(Client.objects.filter(last_name="Hassan")),
        external_partner: set(),
    }
    for user, clients in expected.items():
        found = set(Client.objects.visible_among_matches("hassan", user))
        assert found == clients, user
        assert found == set(Client.objects.visible_to(user).search("hassan", user))
    # a case number finds the client only for whom may see the case
    number = cases["other"].number
    assert not Client.objects.visible_among_matches(number, case_manager).exists()
    assert list(Client.objects.visible_among_matches(number, other_case_manager)) == [
        cases["other"].client
    ]
    # no text: the visible clients
    assert set(Client.objects.visible_among_matches("  ", case_manager)) == set(
        Client.objects.visible_to(case_manager)
    )


def test_case_rules_agree_with_the_querysets(
    case_manager, other_case_manager, coordinator, external_partner, cases
):
    """``cases.view_case_file`` and ``cases.work_case`` answer an own case without a query
    (issue #12); for every kind of access they give what ``visible_to`` and ``workable_by`` give:
    own case, a colleague's case while standing in, after the case manager lost the role or was
    deactivated, coordination, other roles."""
    from kim.accounts.models import User

    today = timezone.localdate()
    standing_in = CaseFactory(case_manager=UserFactory(username="ida", role=Role.CASE_MANAGER))
    Substitution.objects.create(
        absent=standing_in.case_manager,
        substitute=case_manager,
        starts_on=today,
        created_by=coordinator,
    )
    former = UserFactory(username="former", role=Role.CASE_MANAGER)
    left_role = CaseFactory(case_manager=former)
    former.groups.clear()
    gone = UserFactory(username="gone", role=Role.CASE_MANAGER)
    deactivated = CaseFactory(case_manager=gone)
    User.objects.filter(pk=gone.pk).update(is_active=False)

    all_cases = [*cases.values(), standing_in, left_role, deactivated]
    users = [case_manager, other_case_manager, coordinator, external_partner, former, gone]
    for user in users:
        user = User.objects.get(pk=user.pk)  # fresh: roles as they are now
        visible = set(Case.objects.visible_to(user))
        workable = set(Case.objects.workable_by(user))
        for case in all_cases:
            assert user.has_perm("cases.view_case_file", case) == (case in visible), (user, case)
            assert user.has_perm("cases.work_case", case) == (case in workable), (user, case)
    assert User.objects.get(pk=case_manager.pk).has_perm("cases.work_case", standing_in)
    assert not User.objects.get(pk=former.pk).has_perm("cases.work_case", left_role)


def test_an_own_case_is_answered_without_a_query(case_manager, cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kim.accounts.models import User

    user = User.objects.get(pk=case_manager.pk)
    user.roles  # noqa: B018 - roles and permissions read once per request
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("cases.view_case_file", cases["own"])
        assert user.has_perm("cases.work_case", cases["own"])
    assert len(queries) == 0
