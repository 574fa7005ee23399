"""Object rules for cases (django-rules). They ask the QuerySets of ``queries.py``, so a page and
a list cannot disagree on who may see or work a case."""

import rules

from kim.accounts.roles import Role
from kim.accounts.rules import is_coordination


def _own_case(user, case):
    """The user's own case, by what the case and the user's roles already hold: no query.
    ``Case.objects.workable_by`` gives it too (a case manager works their own cases); the case
    file asks three rules per page, and most cases opened are one's own (issue #12). A test
    holds both to the QuerySets."""
    return (
        user.is_authenticated
        and case.case_manager_id == user.pk
        and user.has_role(Role.CASE_MANAGER)
    )


@rules.predicate
def can_see_case(user, case):
    from .models import Case

    if case is None:
        return False
    if _own_case(user, case):
        return True
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


@rules.predicate
def works_case(user, case):
    from .models import Case

    if case is None:
        return False
    if _own_case(user, case):
        return True
    return Case.objects.workable_by(user).filter(pk=case.pk).exists()


@rules.predicate
def can_see_client(user, client):
    from .models import Client

    return client is not None and Client.objects.visible_to(user).filter(pk=client.pk).exists()


@rules.predicate
def works_client(user, client):
    """The client has a case the user works on, or the user created them and no case exists."""
    from .models import Case

    if client is None:
        return False
    if Case.objects.workable_by(user).filter(client=client).exists():
        return True
    return client.created_by_id == user.pk and not client.cases.exists()


rules.add_perm("cases.view_case_file", can_see_case)
rules.add_perm("cases.work_case", works_case)
rules.add_perm("cases.reassign_case", is_coordination)
rules.add_perm("cases.reopen_case", is_coordination)
rules.add_perm("cases.view_client_file", can_see_client)
rules.add_perm("cases.work_client", works_client)
