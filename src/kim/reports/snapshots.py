"""Figures as of a time ("Stand"): computed once, shown many times (issue #12).

At the scale of a state (a million clients) the dashboard and the state controlling report count
over hundreds of thousands of cases, contacts and referrals: some 10-30 seconds of database
work. Such figures do not change from one minute to the next, so they are kept: the first request
for a scope computes them (or the scheduled ``refresh_report_figures`` does, before anyone asks),
every further request within ``KIM_REPORT_FIGURES_MAX_AGE_MINUTES`` shows the same figures with
the time they were computed, and "Neu berechnen" computes them again at once.

What is kept are the aggregated figures only (the same tables the page shows, small cells already
suppressed where the viewer must not see them), never a person's data: the dashboard keeps its
scope as text (``dashboard.ScopeSummary``), not the model instances of the filter, and a case
manager's own figures (cheap to compute) are not kept at all. They are kept in the cache
``reports`` (``settings.CACHES``; a database table by default, so that every application server
sees the same figures) under a key made of the kind of figures, the scope (period and filters),
who looks (coordination, a case manager's own cases, the steering group's anonymous view) and the
language. With a maximum age of 0 nothing is kept (the tests).
"""

import hashlib
import logging
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

from kim.core.routers import reading_for_reports

logger = logging.getLogger(__name__)

CACHE_ALIAS = "reports"
# part of every key: raise it when the kept classes (Dashboard, Figure, Table, …) change shape,
# so that an update never reads figures kept by the version before
FIGURES_VERSION = 3
# "Neu berechnen" is honoured once the figures are this old, and one request at a time computes
REFRESH_AFTER_SECONDS = 60
COMPUTING_SECONDS = 600
DASHBOARD = "dashboard"
STATE_REPORT = "state_report"


@dataclass
class Snapshot:
    value: object
    computed_at: object  # an aware datetime
    computed_now: bool  # computed in this request (not taken from the kept figures)
    seconds: float | None = None  # how long computing took, when computed now

    @property
    def refreshable(self):
        """Whether "Neu berechnen" is honoured: computed ``REFRESH_AFTER_SECONDS`` ago or more."""
        return (timezone.now() - self.computed_at).total_seconds() >= REFRESH_AFTER_SECONDS


def max_age_seconds():
    return max(0, int(settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES * 60))


def _pk(value):
    return getattr(value, "pk", value)


def key(kind, scope, viewer):
    """The cache key of the figures ``kind`` of ``scope`` as ``viewer`` sees them."""
    parts = [
        FIGURES_VERSION,
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


def _kept(cache, name):
    """The kept (computed_at, value) under ``name``, or None; a value that no longer reads (the
    classes changed with an update) counts as not kept."""
    try:
        return cache.get(name)
    except Exception:
        logger.warning("Kept figures %s could not be read; computing them anew.", name)
        return None


def _generation(cache, name):
    """The mark ``forget`` leaves on ``name`` (``None``: none, or unreadable like ``_kept``)."""
    try:
        return cache.get(f"{name}:generation")
    except Exception:
        return None


def get_or_compute(kind, scope, viewer, compute, *, refresh=False, keep=True):
    """The kept figures of ``kind`` for ``scope`` and ``viewer``, or ``compute()`` them (and keep
    them). ``refresh`` computes them anew, unless they were computed less than
    ``REFRESH_AFTER_SECONDS`` ago or another request is computing them right now (then the kept
    ones are shown): reloading "Neu berechnen" cannot keep the database busy. ``keep=False``
    computes without keeping (figures that are cheap, such as a case manager's own).

    ``compute()`` must return plain figures (no model instances: no person's data in the kept
    rows); it reads from the read replica where there is one.
    """
    return get_or_compute_named(key(kind, scope, viewer), compute, refresh=refresh, keep=keep)


def get_or_compute_named(
    name, compute, *, refresh=False, keep=True, max_age=None, from_replica=True
):
    """``get_or_compute`` for a key of the caller's (a figure outside the reports, such as the
    count of persons due for erasure: ``privacy.retention.kept_due_count``); ``max_age`` in
    seconds caps the maximum age of the settings (0 or less keeps nothing); ``from_replica=False``
    counts on the main database (a figure that must reflect what was just written). A figure
    whose ``forget`` came while it was being computed is shown but not kept: it may predate
    the change."""
    cache = caches[CACHE_ALIAS]
    age = max_age_seconds() if keep else 0
    if max_age is not None:
        age = max(0, min(age, int(max_age)))
    if age:
        kept = _kept(cache, name)
        if kept is not None:
            computed_at, value = kept
            snapshot = Snapshot(value, computed_at, computed_now=False)
            if (
                not refresh
                or not snapshot.refreshable
                or not cache.add(f"{name}:computing", 1, COMPUTING_SECONDS)
            ):
                return snapshot
    generation = _generation(cache, name) if age else None
    started = timezone.now()
    try:
        # from the read replica, where there is one (routers.py)
        with reading_for_reports() if from_replica else nullcontext():
            value = compute()
    finally:
        if age:
            cache.delete(f"{name}:computing")
    computed_at = timezone.now()
    if age and _generation(cache, name) == generation:
        cache.set(name, (computed_at, value), timeout=age)
    seconds = (computed_at - started).total_seconds()
    return Snapshot(value, computed_at, computed_now=True, seconds=seconds)


def peek_named(name):
    """The figure kept under ``name`` as a ``Snapshot``, or ``None`` (nothing is computed)."""
    if not max_age_seconds():
        return None
    kept = _kept(caches[CACHE_ALIAS], name)
    if kept is None:
        return None
    computed_at, value = kept
    return Snapshot(value, computed_at, computed_now=False)


def forget(name):
    """Drop the kept figure under ``name`` (its data changed in a way that must show at once),
    and mark it changed, so that a computation that was running meanwhile does not keep its
    figure (``get_or_compute_named``). Nothing to do where nothing is kept (a maximum age of
    0). Call it after the change is committed (``transaction.on_commit``)."""
    if max_age_seconds():
        cache = caches[CACHE_ALIAS]
        cache.set(f"{name}:generation", uuid.uuid4().hex, timeout=COMPUTING_SECONDS)
        cache.delete(name)


def forget_all():
    """Drop every kept figure (after a correction of data that must show at once)."""
    caches[CACHE_ALIAS].clear()
