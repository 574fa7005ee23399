"""Writes of this app: the log gets entries, never changes (see ``redaction`` for the one
exception). An export of the log is itself a read of personal data and is logged."""

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _


@transaction.atomic
def record_log_export(*, by, filters, count, file_format="csv"):
    """One access entry for an export of the log: who, when, from where (the middleware adds the
    address), with which filters and how many entries. Returns the entry."""
    with translation.override("de"):  # the log keeps German text, whatever the user reads
        text = _("Export des Protokolls (%(format)s, %(count)s Einträge)") % {
            "format": file_format.upper(),
            "count": count,
        }
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LogEntry),
        object_pk="",
        object_repr=text,
        action=LogEntry.Action.ACCESS,
        actor=by,
        actor_email=by.email or None,
        cid=get_cid(),
        additional_data={"export": file_format, "filters": filters, "entries": count},
    )
