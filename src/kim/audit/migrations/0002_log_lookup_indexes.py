"""Entries are found by their case and client (``additional_data``: ``case_id``, ``client_id``):
the case history, the accesses on a client's page, the filters of the log viewer. On PostgreSQL
two expression indexes keep those lookups fast on a large log; SQLite goes without."""

from django.db import migrations

KEYS = ("case_id", "client_id")


def _table(apps, schema_editor):
    return schema_editor.quote_name(apps.get_model("auditlog", "LogEntry")._meta.db_table)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    for key in KEYS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS kim_log_{key} ON {table} ((additional_data -> '{key}'))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for key in KEYS:
        schema_editor.execute(f"DROP INDEX IF EXISTS kim_log_{key}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_append_only_log")]

    operations = [migrations.RunPython(create, drop)]
