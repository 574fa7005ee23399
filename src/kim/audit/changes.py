"""How a log entry reads for a person: the action in German, the kind of object by its German
name, and the changed fields as label, old -> new with the stored values made readable.

django-auditlog stores old and new values as strings ("True", "2026-03-01", a primary key);
``ValueFormatter`` turns them back into what a user reads (choice labels, the date in the
notation of the language, the related object). The case history (``cases/views/case_file.py``)
and the log viewer of this app share it.
"""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kim.core import dates

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("angelegt"),
    LogEntry.Action.UPDATE: gettext_lazy("geändert"),
    LogEntry.Action.DELETE: gettext_lazy("gelöscht"),
    LogEntry.Action.ACCESS: gettext_lazy("aufgerufen"),
}
M2M_OPERATIONS = {
    "add": gettext_lazy("hinzugefügt"),
    "delete": gettext_lazy("entfernt"),
    "clear": gettext_lazy("alle entfernt"),
}
# fields that say nothing to a reader (technical); a page may hide more (the case history: "case")
HIDDEN_FIELDS = frozenset({"version", "name_key"})
# fields whose model gives no German name
FIELD_LABELS = {"goal": gettext_lazy("Ziel"), "assessment": gettext_lazy("Assessment")}
# relations to other clients: their names must not reach a reader who may not see them
COUNT_ONLY_M2M = {"household_members"}
# the log itself has no German name in django-auditlog
MODEL_LABELS = {LogEntry: gettext_lazy("Protokoll")}


def object_type_label(content_type):
    """The German name of the kind of object of a log entry ("Fall", "Klient:in", …)."""
    model = content_type.model_class()
    if model is None:  # the model is gone (an app removed): its technical name is all there is
        return content_type.model
    return capfirst(str(MODEL_LABELS.get(model, model._meta.verbose_name)))


class ValueFormatter:
    """Turns the stored strings of django-auditlog into what a user reads (labels, dates).

    One formatter per page: it remembers the related objects it has looked up.
    """

    def __init__(self):
        self._objects = {}

    def __call__(self, field, value):
        if value in (None, "None", ""):
            return "–"
        if field is None:
            return str(value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation and field.many_to_one:
            return self._related(field.related_model, value)
        kind = field.get_internal_type()
        if kind == "BooleanField":
            return _("ja") if value == "True" else _("nein")
        if kind == "DateField" and (day := parse_date(str(value))):
            return dates.day(day)
        if kind == "DateTimeField":
            moment = parse_datetime(str(value))
            if moment is not None:
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment, datetime.UTC)
                return dates.day_time(moment)
        return str(value)

    def _related(self, model, value):
        key = (model, value)
        if key not in self._objects:
            try:
                obj = model._base_manager.filter(pk=value).first()
            except (ValueError, ValidationError):
                obj = None
            self._objects[key] = (
                str(obj) if obj is not None else _("gelöscht (%(pk)s)") % {"pk": value}
            )
        return self._objects[key]


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _hidden(field, name, hidden_fields):
    if name in hidden_fields:
        return True
    if field is None:
        return False
    if isinstance(field, ForeignObjectRel):  # the other side of a relation: not a value
        return True
    return (
        field.primary_key
        or not field.editable
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def changed_fields(entry, model, fmt, *, hidden_fields=HIDDEN_FIELDS):
    """The changed fields of a log entry as rows: label, old, new (or the m2m change)."""
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        field = _model_field(model, name)
        if _hidden(field, name, hidden_fields):
            continue
        label = FIELD_LABELS.get(name) or (
            capfirst(str(field.verbose_name)) if field is not None else name
        )
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
            operation = M2M_OPERATIONS.get(values.get("operation"), values.get("operation"))
            objects = values.get("objects", [])
            if name in COUNT_ONLY_M2M:
                # the log keeps names as text: whether the reader may see those people cannot
                # be checked any more, so only the number is shown
                text = ngettext("%(n)s Person", "%(n)s Personen", len(objects)) % {
                    "n": len(objects)
                }
            else:
                text = ", ".join(str(o) for o in objects)
            rows.append({"label": label, "m2m": f"{operation}: {text}".rstrip(": ")})
            continue
        old, new = [*values, None, None][:2]
        old, new = fmt(field, old), fmt(field, new)
        if entry.action == LogEntry.Action.CREATE and new == "–":
            continue
        rows.append({"label": label, "old": old, "new": new})
    return rows
