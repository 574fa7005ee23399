"""The dashboard (issue #8): filters as GET parameters, figures as charts with their tables.

The figures are kept for a while and shown with their "Stand" (reports/snapshots.py, issue #12);
``?neu=1`` (the link "Neu berechnen") computes them at once."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

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


@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard(request):
    form = ScopeForm(_with_default_period(request.GET), user=request.user)
    mode = viewer_mode(request.user)
    snapshot = None
    if form.is_valid():
        scope = form.scope()
        snapshot = snapshots.get_or_compute(
            snapshots.DASHBOARD,
            scope,
            viewer_key(request.user),
            lambda: build_dashboard(scope, user=request.user),
            refresh=request.GET.get(REFRESH) == "1",
            # a case manager's own figures are few and quick: counted at every look
            keep=mode != OWN,
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "dashboard": snapshot.value if snapshot else None,
            "snapshot": snapshot,
            "mode": mode,
        },
    )
