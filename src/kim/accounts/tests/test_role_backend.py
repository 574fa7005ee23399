"""The authentication backend reads a user's roles and permissions in one query and gives exactly
what Django's ModelBackend and the group names give (issue #12)."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kim.accounts.backends import RoleBackend
from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.conftest import ROLE_FIXTURES

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no per-request cache yet


@pytest.mark.parametrize("role_fixture", ROLE_FIXTURES)
def test_permissions_and_roles_are_those_of_model_backend_and_groups(request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    expected_permissions = ModelBackend().get_all_permissions(_fresh(user))
    expected_roles = set(user.groups.values_list("name", flat=True))

    fresh = _fresh(user)
    assert RoleBackend().get_all_permissions(fresh) == expected_permissions
    assert fresh.roles == expected_roles


def test_own_permissions_and_several_roles_together():
    user = UserFactory(username="beides", role=Role.CASE_MANAGER)
    user.groups.add(Group.objects.get(name=Role.STEERING_GROUP_MEMBER.value))
    user.user_permissions.add(Permission.objects.get(codename="change_responsibility"))

    fresh = _fresh(user)
    permissions = RoleBackend().get_all_permissions(fresh)

    assert "directory.change_responsibility" in permissions
    assert permissions == ModelBackend().get_all_permissions(_fresh(user))
    assert fresh.roles == {Role.CASE_MANAGER.value, Role.STEERING_GROUP_MEMBER.value}


def test_a_role_without_permissions_is_still_a_role():
    empty = Group.objects.create(name="ohne Rechte")
    user = UserFactory(username="leer")
    user.groups.add(empty)

    fresh = _fresh(user)
    assert fresh.roles == {"ohne Rechte"}
    assert RoleBackend().get_all_permissions(fresh) == set()


def test_one_query_for_roles_and_permissions(coordinator):
    fresh = _fresh(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.has_perm("cases.view_case")
        assert fresh.has_role(Role.COORDINATION)
        assert not fresh.has_perm("directory.change_responsibility")
    assert len(queries) == 1


def test_an_inactive_user_holds_no_permission(case_manager):
    case_manager.is_active = False
    case_manager.save()
    fresh = _fresh(case_manager)
    assert RoleBackend().get_all_permissions(fresh) == set()
    assert not fresh.has_perm("cases.view_case")
    assert not fresh.has_role(Role.CASE_MANAGER)


def test_a_superuser_holds_every_permission():
    boss = UserFactory(username="chef")
    boss.is_superuser = True
    boss.save()
    assert RoleBackend().get_all_permissions(_fresh(boss)) == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
