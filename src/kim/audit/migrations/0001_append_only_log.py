"""The log is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of log entries,
except inside ``kim.audit.redaction.allow_redaction()`` (the retention part blanks personal data
there). TRUNCATE, a database administrator's tool, is not an application path and stays open.
SQLite has no such trigger; there the application's own paths are all there is (no view, no admin).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION kim_refuse_log_change() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF coalesce(current_setting('kim.allow_log_redaction', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'insufficient_privilege',
        MESSAGE = 'Das Protokoll kann nicht geändert oder gelöscht werden (' || TG_OP || ').',
        HINT = 'Nur das Löschverfahren darf personenbezogene Daten im Protokoll schwärzen '
            '(kim.audit.redaction.allow_redaction).';
END;
$body$;
"""


def _table(apps):
    return apps.get_model("auditlog", "LogEntry")._meta.db_table


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    schema_editor.execute(FUNCTION)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS kim_log_append_only ON {table}")
    schema_editor.execute(
        f"CREATE TRIGGER kim_log_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION kim_refuse_log_change()"
    )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    schema_editor.execute(f"DROP TRIGGER IF EXISTS kim_log_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kim_refuse_log_change()")


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(install, uninstall)]
