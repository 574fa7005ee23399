"""The dashboard (issue #8): filters as GET parameters, figures as charts with their tables.

The figures are kept for a while and shown with their "Stand" (reports/snapshots.py, issue #12);
``?neu=1`` (the link "Neu berechnen") computes them at once."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import snapshots
from ..dashboard import OWN, build_dashboard, viewer_key, viewer_mode
from ..forms import ISO_DATE, ScopeForm

REFRESH = "neu"


def _with_default_period(query):
    """The filter as submitted; without a period at all, the current year up to today."""
    data = query.copy()
    data.pop(REFRESH, None)
    if "start" not in data and "end" not in data:
        for name, day in ScopeForm.initial_period().items():
            data[name] = day.strftime(ISO_DATE)
    return data


def _kept_dashboard(request, form, *, refresh=False):
    """The dashboard's figures for the submitted filter, kept or computed (None if the filter is
    not valid)."""
    if not form.is_valid():
        return None
    scope = form.scope()
    return snapshots.get_or_compute(
        snapshots.DASHBOARD,
        scope,
        viewer_key(request.user),
        lambda: build_dashboard(scope, user=request.user),
        refresh=refresh,
        # a case manager's own figures are few and quick: counted at every look
        keep=viewer_mode(request.user) != OWN,
    )


@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard(request):
    form = ScopeForm(_with_default_period(request.GET), user=request.user)
    snapshot = _kept_dashboard(request, form, refresh=request.GET.get(REFRESH) == "1")
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "dashboard": snapshot.value if snapshot else None,
            "snapshot": snapshot,
            "mode": viewer_mode(request.user),
        },
    )


@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard_table(request, key):
    """All rows of one figure of the dashboard, for the same filter (the dashboard itself shows
    the largest ``EXCERPT_ROWS`` of a long figure)."""
    form = ScopeForm(_with_default_period(request.GET), user=request.user)
    # kept figures when there are (the page the user came from); else computed, as the dashboard
    snapshot = _kept_dashboard(request, form, refresh=request.GET.get(REFRESH) == "1")
    figure = None
    if snapshot is not None:
        figure = next((f for f in snapshot.value.figures if f.key == key), None)
        if figure is None:
            raise Http404(_("Diese Kennzahl gibt es im Dashboard nicht."))
    query = _with_default_period(request.GET)  # without "neu": going back does not recompute
    return render(
        request,
        "reports/dashboard_table.html",
        {
            "form": form,
            "figure": figure,
            "dashboard": snapshot.value if snapshot else None,
            "snapshot": snapshot,
            "back_query": query.urlencode(),
        },
    )
