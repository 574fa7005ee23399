"""Reports from a read replica (issue #12, README "Betrieb und Skalierung").

The dashboard, the state controlling report and its exports only read, and may be seconds behind
the primary. With ``KIM_REPORTS_DATABASE_URL`` set (a streaming replica of the primary
PostgreSQL), settings add it as the database ``reports`` and this router sends every read made
while figures are computed (``reading_for_reports()``, used by reports/snapshots.py) there;
everything else, and every write, goes to ``default``. Without the setting nothing changes.

The choice is per thread (a context variable), so a request that computes figures does not move
the reads of other requests, and the threads that compute indicators side by side take the
choice of the request that started them with them (reports/indicators.py).
"""

import contextlib
import contextvars

from django.conf import settings

REPORTS_DATABASE = "reports"

_for_reports = contextvars.ContextVar("kim_reading_for_reports", default=False)


def replica_configured():
    return REPORTS_DATABASE in settings.DATABASES


@contextlib.contextmanager
def reading_for_reports():
    """Reads inside go to the reports replica, when there is one."""
    token = _for_reports.set(True)
    try:
        yield
    finally:
        _for_reports.reset(token)


def reading_for_reports_now():
    return _for_reports.get()


class ReportsReplicaRouter:
    """Reads of figures to ``reports``; all else to the default database."""

    def db_for_read(self, model, **hints):
        if _for_reports.get() and replica_configured():
            return REPORTS_DATABASE
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the same rows as the primary
        if {obj1._state.db, obj2._state.db} <= {"default", REPORTS_DATABASE}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # a replica is migrated by replication, never directly
        return db != REPORTS_DATABASE
