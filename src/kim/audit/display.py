"""Log entries as a person reads them: rows of the log viewer and its CSV export, and the lines
of "Zugriffe" on a client's page."""

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from kim.cases.models import Case, Client, Consent, Document

from .changes import ACTION_LABELS, ValueFormatter, changed_fields, object_type_label
from .queries import object_links


def actor_label(entry):
    """Who: the user; their e-mail address when the user is gone; "System" for commands."""
    if entry.actor is not None:
        return str(entry.actor)
    return entry.actor_email or _("System")


def channel_label(entry):
    """How the read or change came in: the web pages, or the API with which key."""
    data = entry.additional_data or {}
    if data.get("via") == "api":
        if data.get("token"):
            return _("API (Schlüssel %(prefix)s…)") % {"prefix": data["token"]}
        return _("API")
    return ""


def log_row(entry, fmt, url=None):
    """One entry as a row: when, who, action, object (``url`` where the reader may open it), IP
    address, and for changes the changed fields old -> new (``fmt``: a ``ValueFormatter``)."""
    data = entry.additional_data or {}
    return {
        "entry": entry,
        "at": entry.timestamp,
        "actor": actor_label(entry),
        "action": ACTION_LABELS.get(entry.action, ""),
        "action_code": entry.action,
        "object_type": object_type_label(entry.content_type),
        "object": entry.object_repr,
        "object_id": entry.object_id,
        "case_id": data.get("case_id"),
        "client_id": data.get("client_id"),
        "url": url,
        "ip": entry.remote_addr or "",
        "channel": channel_label(entry),
        "changes": changed_fields(entry, entry.content_type.model_class(), fmt),
    }


def log_rows(entries, user):
    """The rows of a page of the log viewer, with links to what ``user`` may open."""
    entries = list(entries)
    links = object_links(entries, user)
    fmt = ValueFormatter()
    return [log_row(entry, fmt, links.get(entry.pk)) for entry in entries]


def change_text(change, action):
    """A changed field as one line of text (CSV): "Feld: alt → neu"."""
    if "m2m" in change:
        return f"{change['label']}: {change['m2m']}"
    if action == LogEntry.Action.CREATE:
        return f"{change['label']}: {change['new']}"
    if action == LogEntry.Action.DELETE:
        return f"{change['label']}: {change['old']}"
    return f"{change['label']}: {change['old']} → {change['new']}"


def _what(entry):
    """What was read, in words; the page shows only reads ``user`` may learn of (queries.py)."""
    model = entry.content_type.model_class()
    via_api = (entry.additional_data or {}).get("via") == "api"
    if model is Client:
        if via_api:
            return _("Angaben zur Person über die API abgerufen")
        return _("Angaben zur Person aufgerufen")
    if model is Case:
        if via_api:
            return _("Fall %(number)s über die API abgerufen") % {"number": entry.object_repr}
        return _("Fallakte %(number)s geöffnet") % {"number": entry.object_repr}
    if model is Document:
        return _("Dokument heruntergeladen: %(name)s") % {"name": entry.object_repr}
    if model is Consent:
        return _("Scan der Einwilligung heruntergeladen: %(consent)s") % {
            "consent": entry.object_repr
        }
    return f"{object_type_label(entry.content_type)}: {entry.object_repr}"


def access_rows(entries):
    """The lines of "Zugriffe" on a client's page: who, when, what, from which address."""
    return [
        {
            "at": entry.timestamp,
            "actor": actor_label(entry),
            "what": _what(entry),
            "channel": channel_label(entry),
            "ip": entry.remote_addr or "",
        }
        for entry in entries
    ]
