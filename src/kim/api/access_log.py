"""Every API read of case data is in the access log, like an opening of the case file in the web
(``cases.services.log_case_file_opened``): one entry per object read, with who, when, from
where, and that it came through the API with which token.

The entries are django-auditlog's "access" entries, so the history page of a case lists API
reads of the case together with the openings in the web.
"""

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str


def _via(request):
    via = {"via": "api"}
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "prefix"):
        via["token"] = token.prefix
    return via


@transaction.atomic
def log_read(request, objects):
    """One access entry per object in ``objects`` (cases, clients), acted by the request's user,
    written with one INSERT for the whole page (a page of 50 cases was 50 INSERTs, issue #12).

    The entries are made as ``LogEntry.objects.log_create`` makes them (content type, key,
    representation, correlation id), and ``pre_save`` is sent for each, so that django-auditlog's
    request context fills in the address as for every other entry. The actor is set here because
    the API authenticates in the view, after the middleware has looked at the (then still
    anonymous) request.
    """
    user = request.user
    via = _via(request)
    cid = get_cid()
    entries = []
    for obj in objects:
        extra = obj.get_additional_data() if hasattr(obj, "get_additional_data") else {}
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=smart_str(obj),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            action=LogEntry.Action.ACCESS,
            actor=user,
            actor_email=user.email or None,
            additional_data={**(extra or {}), **via},
            cid=cid,
        )
        pre_save.send(
            sender=LogEntry, instance=entry, raw=False, using="default", update_fields=None
        )
        entries.append(entry)
    LogEntry.objects.bulk_create(entries)
