"""Administration cannot raise rights through the admin; role changes are logged."""

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.test import RequestFactory

from kim.accounts.models import User
from kim.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_administration_cannot_make_anyone_superuser_or_change_own_roles(
    administrator, case_manager
):
    admin = site._registry[User]
    own = admin.get_readonly_fields(_request(administrator), administrator)
    assert {"is_superuser", "is_staff", "user_permissions", "groups"} <= set(own)
    other = admin.get_readonly_fields(_request(administrator), case_manager)
    assert "groups" not in other and "is_superuser" in other


def test_administration_cannot_change_a_superuser(administrator):
    root = User.objects.create_superuser("root", "root@example.org", "x-very-long-pass-1")
    assert not site._registry[User].has_change_permission(_request(administrator), root)


def test_role_changes_are_in_the_audit_log(case_manager):
    case_manager.groups.add(Group.objects.get(name=Role.COORDINATION.value))
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert "groups" in entry.changes_dict
