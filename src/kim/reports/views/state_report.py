"""The state controlling report (Landescontrolling) for coordination: the scope form, the fixed
indicator set with small cells suppressed and each definition beside its table, and the export
buttons (XLSX, CSV, PDF; views/exports.py)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from .. import snapshots
from ..exporters import filters_text, suppression_note
from ..forms import ScopeForm
from ..indicators import definition_text, evaluate_all
from ..models import ExportFormat, ExportJob
from ..services import scope_parameters

RECENT_EXPORTS = 5


def scope_form(request, data=None):
    """The filter form, bound to ``data`` or the query string; without any, the year so far."""
    if data is None:
        data = request.GET.copy()
        data.pop("neu", None)  # "Neu berechnen" (snapshots.py), not a filter
    if not data:
        initial = ScopeForm.initial_period()
        data = {name: value.isoformat() for name, value in initial.items()}
    return ScopeForm(data, user=request.user)


def render_state_report(request, form):
    """The report page for a bound filter form (also after a refused export)."""
    context = {"form": form, "tables": None, "formats": ExportFormat.choices}
    if form.is_valid():
        scope = form.scope()
        snapshot = snapshots.get_or_compute(
            snapshots.STATE_REPORT,
            scope,
            snapshots.STATE_REPORT,
            lambda: evaluate_all(scope),
            refresh=request.GET.get("neu") == "1",
        )
        tables = snapshot.value
        context.update(
            snapshot=snapshot,
            scope=scope,
            filters=filters_text(scope),
            tables=[(table, definition_text(table.indicator)) for table in tables],
            export_parameters=scope_parameters(form),
        )
    context["suppression_note"] = suppression_note()
    context["recent_exports"] = ExportJob.objects.filter(user=request.user)[:RECENT_EXPORTS]
    return render(request, "reports/state_report.html", context)


@permission_required("reports.view_state_report", raise_exception=True)
def state_report(request):
    return render_state_report(request, scope_form(request))
