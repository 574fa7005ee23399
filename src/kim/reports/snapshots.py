"""Figures as of a time ("Stand"): computed once, shown many times (issue #12).

At the scale of a state (a million clients) the dashboard and the state controlling report count
over hundreds of thousands of cases, contacts and referrals: some 10-30 seconds of database
work. Such figures do not change from one minute to the next, so they are kept: the first request
for a scope computes them (or the scheduled ``refresh_report_figures`` does, before anyone asks),
every further request within ``KIM_REPORT_FIGURES_MAX_AGE_MINUTES`` shows the same figures with
the time they were computed, and "Neu berechnen" computes them again at once.

What is kept are the aggregated figures only (the same tables the page shows, small cells already
suppressed where the viewer must not see them), never a person's data. They are kept in the cache
``reports`` (``settings.CACHES``; a database table by default, so that every application server
sees the same figures) under a key made of the kind of figures, the scope (period and filters),
who looks (coordination, a case manager's own cases, the steering group's anonymous view) and the
language. With a maximum age of 0 nothing is kept (the tests).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

from kim.core.routers import reading_for_reports

CACHE_ALIAS = "reports"
DASHBOARD = "dashboard"
STATE_REPORT = "state_report"


@dataclass
class Snapshot:
    value: object
    computed_at: object  # an aware datetime
    computed_now: bool  # computed in this request (not taken from the kept figures)
    seconds: float | None = None  # how long computing took, when computed now


def max_age_seconds():
    return max(0, int(settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES * 60))


def _pk(value):
    return getattr(value, "pk", value)


def key(kind, scope, viewer):
    """The cache key of the figures ``kind`` of ``scope`` as ``viewer`` sees them."""
    parts = [
        kind,
        viewer,
        get_language() or "",
        scope.start.isoformat(),
        scope.end.isoformat(),
        _pk(scope.municipality),
        _pk(scope.case_manager),
        _pk(scope.restrict_to),
        scope.access_channel,
        scope.residence_group,
        scope.age_group,
        scope.gender,
    ]
    digest = hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode())
    return f"kim:figures:{kind}:{digest.hexdigest()}"


def get_or_compute(kind, scope, viewer, compute, *, refresh=False):
    """The kept figures of ``kind`` for ``scope`` and ``viewer``, or ``compute()`` them (and keep
    them). ``refresh`` computes them anew whatever is kept."""
    cache = caches[CACHE_ALIAS]
    name = key(kind, scope, viewer)
    age = max_age_seconds()
    if age and not refresh:
        kept = cache.get(name)
        if kept is not None:
            computed_at, value = kept
            return Snapshot(value, computed_at, computed_now=False)
    started = timezone.now()
    with reading_for_reports():  # from the read replica, where there is one (core/routers.py)
        value = compute()
    computed_at = timezone.now()
    if age:
        cache.set(name, (computed_at, value), timeout=age)
    seconds = (computed_at - started).total_seconds()
    return Snapshot(value, computed_at, computed_now=True, seconds=seconds)


def forget_all():
    """Drop every kept figure (after a correction of data that must show at once)."""
    caches[CACHE_ALIAS].clear()
