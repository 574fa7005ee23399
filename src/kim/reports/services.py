"""Export jobs: long reports run in the background with a visible progress (issue #8).

``start_export`` records an ``ExportJob`` and runs it in a background thread of this process
(``settings.KIM_EXPORTS_IN_BACKGROUND``; a pool of two threads, so that many exports at once
queue up instead of slowing everyone down), or at once in the request when the setting is off
(tests). ``run_export`` computes the indicators one by one, writes the progress after each, and
stores the file; the file is kept for 24 hours (``purge_exports``, management command
``purge_exports``). A thread is lost when the server restarts: ``purge_exports`` marks jobs that
never finished as failed.
"""

import datetime
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from auditlog.signals import accessed
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.workflow import find_transition

from . import exporters, snapshots
from .forms import ScopeForm
from .indicators import evaluate_all
from .models import ExportFormat, ExportJob, ExportState

logger = logging.getLogger(__name__)

KEEP_FILES = datetime.timedelta(hours=24)
# the share of the progress bar for computing the figures; the rest is writing the file
COMPUTING_SHARE = 90

_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kim-export")


class ExportError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Transition:
    source: str
    target: str


JOB_TRANSITIONS = [
    Transition(ExportState.QUEUED, ExportState.RUNNING),
    Transition(ExportState.RUNNING, ExportState.DONE),
    Transition(ExportState.RUNNING, ExportState.FAILED),
    # a job whose thread was lost (server restart) is given up
    Transition(ExportState.QUEUED, ExportState.FAILED),
]

# the reports that can be exported: name -> German label
REPORTS = {"state_report": gettext_lazy("Landescontrolling")}

FAILED_MESSAGE = gettext_lazy(
    "Der Export ist fehlgeschlagen. Bitte versuchen Sie es erneut; wenn der Fehler bleibt, "
    "wenden Sie sich an die Administration."
)


def scope_parameters(form):
    """The cleaned filter form as JSON-safe parameters, to rebuild the form in the job."""
    parameters = {}
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        parameters[name] = value
    return parameters


@transaction.atomic
def _create_job(user, report, file_format, parameters):
    if report not in REPORTS:
        raise ExportError(_("Diesen Bericht gibt es nicht."), field="report")
    if file_format not in ExportFormat.values:
        raise ExportError(
            _("Dieses Format gibt es nicht. Bitte wählen Sie XLSX, CSV oder PDF."), field="format"
        )
    return ExportJob.objects.create(
        user=user, report=report, format=file_format, parameters=parameters
    )


def start_export(user, report, format, parameters):
    """Record an export job and run it: in a background thread, or at once (see module doc).
    The export is recorded in the audit log as an access by ``user``."""
    job = _create_job(user, report, format, parameters)
    accessed.send(sender=ExportJob, instance=job)
    if settings.KIM_EXPORTS_IN_BACKGROUND:
        # the thread must see the committed job
        transaction.on_commit(lambda: _executor.submit(_run_in_thread, job.pk))
    else:
        run_export(job.pk)
        job.refresh_from_db()
    return job


def _run_in_thread(job_id):
    close_old_connections()
    try:
        run_export(job_id)
    finally:
        # a thread's database connection is not closed by a request cycle: close it here
        connections.close_all()


def _move(job_id, source, target, **fields):
    """Change the state of a job if the table allows it and the job is still in ``source``;
    returns whether it moved (a job runs once, even if started twice)."""
    if find_transition(JOB_TRANSITIONS, source, target) is None:
        raise ValueError(f"Export job cannot go from {source} to {target}")
    return bool(ExportJob.objects.filter(pk=job_id, state=source).update(state=target, **fields))


def run_export(job_id):
    """Compute the report of job ``job_id``, updating its progress, and store the file."""
    if not _move(job_id, ExportState.QUEUED, ExportState.RUNNING, progress=0):
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        form = ScopeForm(job.parameters, user=job.user)
        if not form.is_valid():
            errors = "; ".join(str(m) for messages in form.errors.values() for m in messages)
            raise ExportError(
                _("Die Filterangaben sind nicht mehr gültig: %(errors)s") % {"errors": errors}
            )
        scope = form.scope()

        def progress(done, total):
            ExportJob.objects.filter(pk=job_id).update(progress=done * COMPUTING_SHARE // total)

        # the figures the report page has just shown (or another export of the same scope), if
        # they are kept; else computed here, one indicator after the other (snapshots.py)
        snapshot = snapshots.get_or_compute(
            snapshots.STATE_REPORT,
            scope,
            snapshots.STATE_REPORT,
            lambda: evaluate_all(scope, progress=progress),
        )
        # "Stand" of the file: when its figures were computed, not when the file was written
        made_at = timezone.localtime(snapshot.computed_at)
        content = exporters.WRITERS[job.format](snapshot.value, scope, made_at)
        name = exporters.filename(scope, job.format)
        job.file.save(name, ContentFile(content), save=False)
        _move(
            job_id,
            ExportState.RUNNING,
            ExportState.DONE,
            progress=100,
            file=job.file.name,
            filename=name,
            finished_at=timezone.now(),
        )
    except ExportError as exc:
        logger.warning("Export %s failed: %s", job_id, exc.message)
        _fail(job_id, exc.message)
    except Exception:
        logger.exception("Export %s failed", job_id)
        _fail(job_id, str(FAILED_MESSAGE))


def _fail(job_id, message):
    _move(
        job_id,
        ExportState.RUNNING,
        ExportState.FAILED,
        error=message[:300],
        finished_at=timezone.now(),
    )


def purge_exports(*, now=None):
    """Delete the files of exports older than 24 hours, and give up jobs that never finished in
    that time (their thread was lost). Returns (files deleted, jobs given up)."""
    limit = (now or timezone.now()) - KEEP_FILES
    old = ExportJob.objects.filter(created_at__lt=limit)
    deleted = 0
    for job in old.exclude(file=""):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    given_up = 0
    lost = _("Der Export wurde nicht beendet und nach 24 Stunden abgebrochen.")
    for state in (ExportState.QUEUED, ExportState.RUNNING):
        given_up += old.filter(state=state).update(
            state=ExportState.FAILED, error=lost, finished_at=timezone.now()
        )
    return deleted, given_up
