"""Reads of the log: all entries (for the viewer, readable by the auditor role and coordination),
the entries about one case or client, and the accesses shown on a client's page.

Every entry about a case carries ``{"case_id": …}`` in ``additional_data``, every entry about a
client ``{"client_id": …}`` (the models' ``get_additional_data``; a case carries both). That is how
an entry finds its case or client, also after the object itself is gone.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from kim.cases.models import Case, Client


def log_entries():
    """The whole log, newest first."""
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def about_case(case_id):
    """Entries about the case: the case itself and every row of its file."""
    return Q(additional_data__case_id=case_id) | Q(
        content_type=ContentType.objects.get_for_model(Case), object_id=case_id
    )


def about_client(client_id):
    """Entries about the client: the client, their consents and record, all their cases."""
    case_ids = list(Case.objects.filter(client_id=client_id).values_list("pk", flat=True))
    return (
        Q(additional_data__client_id=client_id)
        | Q(content_type=ContentType.objects.get_for_model(Client), object_id=client_id)
        | Q(additional_data__case_id__in=case_ids)
    )


def accesses_to_client(client, user):
    """Reads of the client's data that ``user`` may learn of: of the client (page, record, consent
    scans, API) and of the client's cases that ``user`` sees (every tab, documents, API).

    Reads of a case the user does not see are left out: the list must not tell that the case
    exists (coordination sees all cases, so it sees all reads).
    """
    case_ids = list(
        Case.objects.visible_to(user).filter(client=client).values_list("pk", flat=True)
    )
    of_client = (
        Q(additional_data__client_id=client.pk) & ~Q(additional_data__has_key="case_id")
    ) | Q(content_type=ContentType.objects.get_for_model(Client), object_id=client.pk)
    return log_entries().filter(
        Q(action=LogEntry.Action.ACCESS) & (of_client | Q(additional_data__case_id__in=case_ids))
    )


def object_links(entries, user):
    """``{entry.pk: url}`` for the entries whose object ``user`` may open.

    An object is opened at its own page (``get_absolute_url``) when its model says who sees it
    (``objects.visible_to(user)``) and ``user`` is among them; a row of a case file (a goal, a
    document) at the page of its case, if the user sees the case. Nothing else gets a link.
    """
    wanted = {}  # model -> {object_id: [entry pks]}
    for entry in entries:
        model = entry.content_type.model_class()
        case_id = (entry.additional_data or {}).get("case_id")
        if model is not None and entry.object_id is not None and _has_own_page(model):
            wanted.setdefault(model, {}).setdefault(entry.object_id, []).append(entry.pk)
        elif isinstance(case_id, int):
            wanted.setdefault(Case, {}).setdefault(case_id, []).append(entry.pk)
    links = {}
    for model, by_id in wanted.items():
        visible = model._default_manager.visible_to(user).filter(pk__in=by_id)
        for obj in visible:
            for entry_pk in by_id[obj.pk]:
                links[entry_pk] = obj.get_absolute_url()
    return links


def _has_own_page(model):
    return hasattr(model, "get_absolute_url") and hasattr(model._default_manager, "visible_to")
