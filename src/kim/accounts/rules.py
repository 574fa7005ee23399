"""Role predicates for object rules (django-rules). Apps combine these in their own ``rules.py``."""

import rules

from .roles import Role


def _role_predicate(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def has_role(user):
        return bool(user and user.is_authenticated and user.has_role(role))

    return has_role


is_case_manager = _role_predicate(Role.CASE_MANAGER)
is_coordination = _role_predicate(Role.COORDINATION)
is_administration = _role_predicate(Role.ADMINISTRATION)
is_external_partner = _role_predicate(Role.EXTERNAL_PARTNER)
is_steering_group_member = _role_predicate(Role.STEERING_GROUP_MEMBER)
is_auditor = _role_predicate(Role.AUDITOR)
