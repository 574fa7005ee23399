"""Object rules for cases (django-rules). They ask the QuerySets of ``queries.py``, so a page and
a list cannot disagree on who may see or work a case."""

import rules

from kim.accounts.rules import is_coordination


@rules.predicate
def can_see_case(user, case):
    from .models import Case

    return case is not None and Case.objects.visible_to(user).filter(pk=case.pk).exists()


@rules.predicate
def works_case(user, case):
    from .models import Case

    return case is not None and Case.objects.workable_by(user).filter(pk=case.pk).exists()


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
