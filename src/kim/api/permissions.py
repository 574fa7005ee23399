"""Model permissions of the role table (``accounts/roles.py``), the same the web views require
with ``permission_required``. Which objects a user sees is decided by the QuerySets
(``visible_to``), never here."""

from rest_framework.permissions import BasePermission


class HasRolePermissions(BasePermission):
    """The view lists what it needs in ``required_permissions``; a role without them gets 403,
    as on the web page. An anonymous request never gets here (``IsAuthenticated`` comes first)."""

    def has_permission(self, request, view):
        return request.user.has_perms(getattr(view, "required_permissions", ()))
