"""Roles are groups created by migration; their permissions follow ROLE_PERMISSIONS."""

import pytest
from django.contrib.auth.models import Group

from kim.accounts.roles import ROLE_PERMISSIONS, Role, sync_role_permissions

pytestmark = pytest.mark.django_db


def _perm_names(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role in Role:
        group = Group.objects.get(name=role.value)
        assert _perm_names(group) == ROLE_PERMISSIONS[role], role


def test_sync_is_idempotent_and_repairs_drift():
    group = Group.objects.get(name=Role.CASE_MANAGER.value)
    group.permissions.clear()
    sync_role_permissions()
    sync_role_permissions()
    assert _perm_names(group) == ROLE_PERMISSIONS[Role.CASE_MANAGER]


def test_only_administration_may_change_the_directory(
    case_manager, coordinator, administrator, external_partner, steering_member, auditor
):
    assert administrator.has_perm("directory.change_responsibility")
    for user in (case_manager, coordinator, external_partner, steering_member, auditor):
        assert not user.has_perm("directory.change_responsibility"), user.username


def test_external_partner_and_auditor_do_not_read_the_directory(external_partner, auditor):
    assert not external_partner.has_perm("directory.view_responsibility")
    assert not auditor.has_perm("directory.view_responsibility")


def test_has_role(case_manager, coordinator):
    assert case_manager.has_role(Role.CASE_MANAGER)
    assert not case_manager.has_role(Role.COORDINATION)
    assert coordinator.role_labels == ["Koordination"]


def test_inactive_user_has_no_role(case_manager):
    case_manager.is_active = False
    assert not case_manager.has_role(Role.CASE_MANAGER)
