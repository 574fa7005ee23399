"""The dashboard (issue #8): filters as GET parameters, figures as charts with their tables."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from ..dashboard import build_dashboard, viewer_mode
from ..forms import ISO_DATE, ScopeForm


def _with_default_period(query):
    """The filter as submitted; without a period at all, the current year up to today."""
    data = query.copy()
    if "start" not in data and "end" not in data:
        for name, day in ScopeForm.initial_period().items():
            data[name] = day.strftime(ISO_DATE)
    return data


@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard(request):
    form = ScopeForm(_with_default_period(request.GET), user=request.user)
    figures = build_dashboard(form.scope(), user=request.user) if form.is_valid() else None
    return render(
        request,
        "reports/dashboard.html",
        {"form": form, "dashboard": figures, "mode": viewer_mode(request.user)},
    )
