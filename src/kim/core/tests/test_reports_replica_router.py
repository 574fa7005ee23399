"""Reports may read from a read replica (kim.core.routers): reads while figures are computed go to
the database ``reports`` when it is configured, everything else and every write to ``default``;
the replica is never migrated; the threads that compute indicators side by side keep the choice."""

import pytest

from kim.cases.models import Case
from kim.core import routers
from kim.reports import indicators, snapshots
from kim.reports.scope import ReportScope

ROUTER = routers.ReportsReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_reads_for_reports_go_to_the_replica(with_replica):
    assert ROUTER.db_for_read(Case) is None
    with routers.reading_for_reports():
        assert ROUTER.db_for_read(Case) == "reports"
        assert ROUTER.db_for_write(Case) is None  # writes always to the primary
    assert ROUTER.db_for_read(Case) is None


def test_without_a_replica_nothing_changes():
    with routers.reading_for_reports():
        assert ROUTER.db_for_read(Case) is None


def test_the_replica_is_never_migrated():
    assert ROUTER.allow_migrate("reports", "cases") is False
    assert ROUTER.allow_migrate("default", "cases") is True


def test_figures_are_computed_reading_for_reports(settings):
    import datetime

    settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 0
    day = datetime.date(2026, 1, 1)
    seen = []
    snapshots.get_or_compute(
        "test",
        ReportScope(start=day, end=day),
        "all",
        lambda: seen.append(routers.reading_for_reports_now()),
    )
    assert seen == [True]
    assert routers.reading_for_reports_now() is False


def test_indicator_threads_keep_the_choice(settings, monkeypatch):
    class Probe:
        def __init__(self, seen):
            self.seen = seen

        def evaluate(self, scope):
            self.seen.append(routers.reading_for_reports_now())
            return "table"

    seen = []
    monkeypatch.setattr(indicators, "INDICATORS", [Probe(seen) for _ in range(4)])
    settings.KIM_REPORT_QUERY_THREADS = 2
    with routers.reading_for_reports():
        tables = indicators.evaluate_all(scope=None)
    assert tables == ["table"] * 4
    assert seen == [True] * 4
