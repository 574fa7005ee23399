"""Writes of the Löschkonzept and the data subject rights. One transaction each; errors a user
can cause raise ``PrivacyError`` with a German message (and the form field it belongs to), and
nothing is changed.

The path of an erasure, the same for the daily run and for a request of the person:

1. ``propose_due`` (daily command ``retention_due``, or coordination) or ``request_erasure``
   (coordination, with the reason) puts clients into a deletion run (Löschvorschlag);
2. a second person of coordination reviews the run with what would be erased (the dry run,
   ``erasure.preview``) and ``approve_run`` carries it out (``erasure.erase_clients``), or
   ``reject_run`` drops it with a reason.
"""

from auditlog.models import LogEntry
from concurrency.exceptions import RecordModifiedError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core import dates
from kim.hurdles.personal_data import find_personal_data

from . import retention
from .erasure import erase_clients
from .models import Basis, DeletionItem, DeletionRun, ItemState, RunKind, RunState
from .queries import erased_item, pending_item
from .workflow import run_transition


class PrivacyError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _day(value):
    return dates.day(value)


# --- proposals ---------------------------------------------------------------------------------


def _add_item(run, status):
    return DeletionItem.objects.create(
        run=run,
        client_id=status.client_id,
        basis=status.basis,
        counted_from=status.counted_from,
        due_on=status.due_on,
    )


@transaction.atomic
def propose_due(*, by=None, on=None):
    """Put every client due on ``on`` (default today) into the open retention run, which is
    created when there is none. Idempotent: a client already waiting in an open run is not added
    again. ``by`` is ``None`` for the daily command. Returns (the open run or ``None``, how many
    clients were added)."""
    if by is not None and not by.has_perm("privacy.propose_deletion"):
        raise PrivacyError(_("Nur die Koordination kann Löschvorschläge anlegen."))
    on = on or timezone.localdate()
    open_runs = DeletionRun.objects.select_for_update().open().filter(kind=RunKind.RETENTION)
    run = open_runs.order_by("pk").first()
    due = retention.clients_due(on)
    if not due:
        retention.forget_due_count()  # a kept count above 0 was too high
        return run, 0
    if run is None:
        run = DeletionRun.objects.create(kind=RunKind.RETENTION, created_by=by)
    else:
        # an approval of the list as it was before is refused (``approve_run``)
        DeletionRun.objects.filter(pk=run.pk).update(version=F("version") + 1)
    for status in due:
        _add_item(run, status)
    retention.forget_due_count()  # they wait in the run now: no longer counted as due
    return run, len(due)


def client_names(client):
    """The client's names and their parts, as the personal-data check looks for them."""
    names = [client.first_name, client.last_name, client.first_name_original]
    names.append(client.last_name_original)
    parts = [p for n in names for p in n.replace("-", " ").split()]
    return [n for n in {*names, *parts} if n]


def _open_case_numbers(client):
    return list(client.cases.exclude(phase="closed").values_list("number", flat=True))


@transaction.atomic
def request_erasure(client, *, by, reason, requested_on):
    """Erasure on request of the person (Art. 17 GDPR): a run with just this client and the
    reason, to be approved by a second person of coordination like every run. Not while a case
    of the client is open (legal hold): the case is closed first."""
    if not by.has_perm("privacy.propose_deletion"):
        raise PrivacyError(_("Nur die Koordination kann eine Löschung auf Antrag anlegen."))
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError(
            _("Bitte geben Sie an, wer die Löschung wann und wie beantragt hat."), "reason"
        )
    if requested_on is None:
        raise PrivacyError(_("Bitte geben Sie das Datum des Antrags an."), "requested_on")
    if requested_on > timezone.localdate():
        raise PrivacyError(
            _("Das Datum des Antrags darf nicht in der Zukunft liegen."), "requested_on"
        )
    if any(f.kind == "name" for f in find_personal_data(reason, client_names(client))):
        raise PrivacyError(
            _(
                "Die Begründung nennt den Namen der Person. Sie bleibt nach der Löschung "
                "erhalten; bitte beschreiben Sie den Antrag ohne Namen, z. B. „schriftlicher "
                "Antrag nach Art. 17 DSGVO, eingegangen per Post“."
            ),
            "reason",
        )
    if erased_item(client) is not None:
        raise PrivacyError(_("Die Daten dieser Person sind bereits gelöscht."))
    waiting = pending_item(client)
    if waiting is not None:
        raise PrivacyError(
            _(
                "Diese Person steht bereits in einem Löschvorschlag, der auf die Freigabe wartet "
                "(Nr. %(number)s)."
            )
            % {"number": waiting.run_id}
        )
    open_cases = _open_case_numbers(client)
    if open_cases:
        raise PrivacyError(
            _(
                "Diese Person hat noch einen offenen Fall (%(numbers)s). Solange ein Fall offen "
                "ist, werden die Daten gebraucht und können nicht gelöscht werden. Bitte "
                "schließen Sie den Fall zuerst ab und legen Sie die Löschung dann an."
            )
            % {"numbers": ", ".join(open_cases)}
        )
    run = DeletionRun.objects.create(
        kind=RunKind.REQUEST, reason=reason, requested_on=requested_on, created_by=by
    )
    DeletionItem.objects.create(run=run, client=client, basis=Basis.REQUEST)
    retention.forget_due_count()  # waiting in a run: no longer counted, if they were due
    return run


# --- decisions ---------------------------------------------------------------------------------


def _locked_run(run, target):
    """The run, locked, and the transition of the table that leads to ``target``."""
    run = DeletionRun.objects.select_for_update().get(pk=run.pk)
    transition = run_transition(run.state, target)
    if transition is None:
        raise PrivacyError(
            _("Dieser Löschvorschlag ist bereits entschieden (%(state)s).")
            % {"state": run.get_state_display()}
        )
    return run, transition


def _still_erasable(run, status, on):
    """Why a client of ``run`` is no longer to be erased (``status`` from ``retention``), or ""."""
    if status is None:
        return ""
    if status.has_open_case:
        return _("Inzwischen ist ein Fall offen; nicht gelöscht.")
    if run.kind == RunKind.RETENTION and not status.is_due(on):
        return _("Nicht mehr fällig: Aktivität am %(day)s; fällig erst am %(due)s.") % {
            "day": _day(status.last_activity),
            "due": _day(status.due_on),
        }
    return ""


def approve_run(run, *, by, confirmed=False, expected_version=None, on=None):
    """Carry out a run (four eyes): every client still due (or, on request, without an open
    case) is anonymised; the others are kept with a note."""
    on = on or timezone.localdate()
    with transaction.atomic():
        run, transition = _locked_run(run, RunState.EXECUTED)
        if not by.has_perm("privacy.decide_deletion_run", run):
            raise PrivacyError(_("Nur die Koordination kann Löschvorschläge freigeben."))
        if transition.four_eyes and not by.has_perm("privacy.approve_deletion_run", run):
            raise PrivacyError(
                _(
                    "Diesen Löschvorschlag haben Sie selbst angelegt. Freigeben muss ihn eine "
                    "andere Person der Koordination (Vier-Augen-Prinzip)."
                )
            )
        if expected_version is not None and run.version != expected_version:
            raise PrivacyError(
                _(
                    "Der Löschvorschlag hat sich geändert, seit Sie ihn geöffnet haben (es sind "
                    "Personen hinzugekommen). Bitte prüfen Sie die Liste erneut."
                )
            )
        if not confirmed:
            raise PrivacyError(
                _("Bitte bestätigen Sie, dass Sie die Liste und die Folgen geprüft haben."),
                "confirm",
            )
        from kim.cases.models import Client

        items = list(run.items.filter(state=ItemState.PENDING).select_related("client"))
        statuses = retention.retention_status(
            Client.objects.filter(pk__in=[item.client_id for item in items])
        )
        to_erase = []
        for item in items:
            note = _still_erasable(run, statuses.get(item.client_id), on)
            if note:
                item.state, item.note = ItemState.SKIPPED, note
                item.save()
            else:
                to_erase.append(item)
        summary = erase_clients([i.client for i in to_erase], run=run, by=by) if to_erase else {}
        now = timezone.now()
        for item in to_erase:
            item.state, item.erased_at = ItemState.ERASED, now
            item.save()
        run.state, run.decided_by, run.decided_at = RunState.EXECUTED, by, now
        run.summary = summary
        run.save()
        retention.forget_due_count()  # the skipped ones may be due again
    return run


@transaction.atomic
def reject_run(run, *, by, reason):
    """Drop a run with a reason; nothing is erased. A client whose period has ended is proposed
    again by the next daily run."""
    if not by.has_perm("privacy.decide_deletion_run", run):
        raise PrivacyError(_("Nur die Koordination kann Löschvorschläge verwerfen."))
    reason = (reason or "").strip()
    run, transition = _locked_run(run, RunState.REJECTED)
    if transition.needs_reason and not reason:
        raise PrivacyError(_("Bitte begründen Sie, warum der Vorschlag verworfen wird."), "reason")
    run.items.filter(state=ItemState.PENDING).update(
        state=ItemState.SKIPPED, note=_("Vorschlag verworfen.")
    )
    run.state, run.decided_by, run.decided_at = RunState.REJECTED, by, timezone.now()
    run.rejection_reason = reason
    run.save()
    retention.forget_due_count()  # the dropped ones are due again
    return run


# --- periods -----------------------------------------------------------------------------------


CONFLICT_MESSAGE = (
    "Diese Frist wurde inzwischen von jemand anderem geändert. Ihre Änderung wurde nicht "
    "gespeichert; bitte laden Sie die Seite neu und tragen Sie sie erneut ein."
)


def change_rule(form, *, by):
    rule = form.save(commit=False)
    rule.updated_by = by
    try:
        with transaction.atomic():
            rule.save()
    except RecordModifiedError as exc:
        raise PrivacyError(_(CONFLICT_MESSAGE)) from exc
    retention.forget_due_count()  # another period: others are due
    return rule


# --- Art. 15 ---------------------------------------------------------------------------------


@transaction.atomic
def record_export(client, *, by, file_format):
    """The Art. 15 export is a read of all the client's data: one access entry in the log."""
    return LogEntry.objects.log_create(
        client,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=by,
        additional_data={"client_id": client.pk, "export": "art15", "format": file_format},
    )
