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


@rules.predicate
def is_other_ordinary_account(user, account):
    """Nobody resets their own protection, and a superuser's only by a superuser."""
    if account is None:
        return True
    return account.pk != user.pk and (user.is_superuser or not account.is_superuser)


# the page "Anmeldesicherheit": who may reset whose second factor, and lift login locks
rules.add_perm("accounts.view_login_security", is_coordination | is_administration)
rules.add_perm(
    "accounts.reset_second_factor",
    (is_coordination | is_administration) & is_other_ordinary_account,
)
rules.add_perm("accounts.unlock_login", is_administration & is_other_ordinary_account)
