"""Authentication backend: Django's ``ModelBackend``, with a user's roles and permissions read in
one query.

Every page asks for the user's permissions (the view, the main navigation) and roles (the
visibility of cases, the object rules). ``ModelBackend`` reads the permissions of the user and of
their groups in two queries, and ``User.roles`` read the group names in a third; at state scale
these three were the largest fixed cost of a page after the session (issue #12). Here one query
returns the group names with their permissions and the user's own permissions, and fills both
per-request caches, ``_perm_cache`` and ``_role_cache``; what they hold is what the three
queries gave.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


def load_roles_and_permissions(user):
    """Fill ``user._role_cache`` (group names) and, except for a superuser (who holds every
    permission, as in ``ModelBackend``), ``user._perm_cache`` ("app_label.codename") in one
    query."""
    by_role = (
        Group.objects.filter(user=user)
        .order_by()
        .values_list("name", "permissions__content_type__app_label", "permissions__codename")
    )
    own = (
        Permission.objects.filter(user=user)
        .order_by()
        .values_list(Value(None, output_field=CharField()), "content_type__app_label", "codename")
    )
    roles, permissions = set(), set()
    for role, app_label, codename in by_role.union(own, all=True):
        if role:
            roles.add(role)
        if codename:
            permissions.add(f"{app_label}.{codename}")
    user._role_cache = roles
    if not user.is_superuser:
        user._perm_cache = permissions


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                return super().get_all_permissions(user_obj, obj)
            load_roles_and_permissions(user_obj)
        return user_obj._perm_cache
