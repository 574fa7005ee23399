"""Export jobs with a visible progress (issue #8): start an export of the state controlling
report, watch its progress (htmx polls a fragment every second; without JavaScript a reload
link does the same), download the file. Only the user who started an export sees it; every
export and every download is recorded in the audit log as an access."""

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.downloads import attachment_response

from .. import services
from ..exporters import CONTENT_TYPES
from ..models import ExportJob, ExportState
from .state_report import render_state_report, scope_form


@require_POST
@permission_required("reports.export", raise_exception=True)
def export_create(request):
    form = scope_form(request, data=request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Der Export wurde nicht gestartet. Bitte prüfen Sie die Angaben.")
        )
        return render_state_report(request, form)
    try:
        job = services.start_export(
            request.user,
            request.POST.get("report", "state_report"),
            request.POST.get("format", ""),
            services.scope_parameters(form),
        )
    except services.ExportError as exc:
        messages.error(request, exc.message)
        return render_state_report(request, form)
    return redirect(job)


def _own_job(request, pk):
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@permission_required("reports.export", raise_exception=True)
def export_status(request, pk):
    job = _own_job(request, pk)
    context = {
        "job": job,
        "running": job.state in (ExportState.QUEUED, ExportState.RUNNING),
        "report_label": services.REPORTS.get(job.report, job.report),
    }
    if request.htmx:
        return render(request, "reports/export_progress.html", context)
    return render(request, "reports/export_status.html", context)


@permission_required("reports.export", raise_exception=True)
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.state != ExportState.DONE:
        raise Http404(_("Dieser Export ist noch nicht fertig."))
    if not job.file:
        raise Http404(_("Die Datei wurde nach 24 Stunden gelöscht. Bitte exportieren Sie neu."))
    response = attachment_response(
        job.file, filename=job.filename, content_type=CONTENT_TYPES[job.format]
    )
    accessed.send(sender=ExportJob, instance=job)
    return response
