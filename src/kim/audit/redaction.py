"""The one way to change log entries: blanking personal data when a client is deleted.

The log is append-only for the application. On PostgreSQL a trigger (migration
``0001_append_only_log``) refuses every UPDATE and DELETE of ``auditlog_logentry`` unless the
transaction has set ``kim.allow_log_redaction`` to ``on``; ``allow_redaction`` sets it, for the
retention and deletion part (Löschkonzept), which keeps the entries and blanks what names a person
(as pretix's shredder does)::

    with allow_redaction():
        LogEntry.objects.filter(...).update(object_repr="…", changes=None)

SQLite has no such trigger: there the context manager only opens the transaction.
"""

import contextlib

from django.db import DEFAULT_DB_ALIAS, connections, transaction

SETTING = "kim.allow_log_redaction"


def _set(connection, value):
    with connection.cursor() as cursor:
        # set_config(…, true) is SET LOCAL: it ends with the transaction (or its savepoint)
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, value])


@contextlib.contextmanager
def allow_redaction(using=DEFAULT_DB_ALIAS):
    """Inside the block, log entries may be updated and deleted (on PostgreSQL: only here).

    The permission lasts to the end of the block: it is withdrawn on leaving, and when the block
    fails, rolling back its transaction (or savepoint) withdraws it too.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor != "postgresql":
            yield
            return
        _set(connection, "on")
        yield
        _set(connection, "off")
