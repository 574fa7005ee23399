"""Search the whole database for text: every column of every table, as stored (raw SQL), and
every text field of the case models as the application reads it (decrypted)."""

import contextlib
import json

from django.apps import apps
from django.db import connection, models


def _texts(value):
    if value is None:
        return []
    if isinstance(value, bytes | memoryview):
        value = bytes(value).decode("utf-8", "replace")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    texts = [text]
    # JSON columns may hold "\u041a…" escapes: search the decoded text too
    with contextlib.suppress(TypeError, ValueError):
        texts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return texts


def raw_hits(needles):
    """{(table, column): [needle, …]} where a stored value contains a needle (case-insensitive)."""
    wanted = [n.casefold() for n in needles]
    hits = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # table names from the schema
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    for text in _texts(value):
                        for needle in wanted:
                            if needle in text.casefold():
                                hits.setdefault((table, column), set()).add(needle)
    return hits


def orm_hits(needles, app_labels=("cases", "privacy", "auditlog")):
    """Like ``raw_hits`` over the text fields of the apps' models, as the application reads them
    (encrypted fields decrypted)."""
    wanted = [n.casefold() for n in needles]
    hits = {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            names = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            for row in model._default_manager.values_list("pk", *names):
                for name, value in zip(names, row[1:], strict=True):
                    for text in _texts(value):
                        for needle in wanted:
                            if needle in text.casefold():
                                hits.setdefault((model.__name__, name), set()).add(needle)
    return hits
