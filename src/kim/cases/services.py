"""Writes of case management. Each function runs in one transaction; django-auditlog records
every change (who, when, old -> new) and ``PhaseTransition`` keeps the path of a case.

Errors a user can cause raise ``CaseError`` (or a subclass) with a German message; views show it
as a form error and nothing is changed.
"""

import datetime
import uuid
from dataclasses import dataclass

from auditlog.signals import accessed
from concurrency.exceptions import RecordModifiedError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import (
    Action,
    Appointment,
    Assessment,
    AssessmentEntry,
    Case,
    CasePhase,
    Consent,
    Document,
    PhaseTransition,
    Referral,
    ReferralState,
)
from .workflow import COORDINATION, case_transition, referral_transition


class CaseError(Exception):
    """A step the user asked for that cannot be done; the message says why, in German."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(CaseError):
    pass


class ConsentMissing(CaseError):
    pass


class EditConflict(CaseError):
    pass


class DocumentRejected(CaseError):
    pass


CONFLICT_MESSAGE = (
    "Dieser Datensatz wurde inzwischen von jemand anderem geändert. Ihre Änderungen wurden nicht "
    "gespeichert; Ihre Eingaben stehen noch im Formular. Bitte laden Sie die Seite neu, prüfen Sie "
    "den aktuellen Stand und tragen Sie Ihre Änderungen erneut ein."
)


def save_versioned(form):
    """Save a ModelForm of a versioned model; refuse the save if someone saved in between."""
    try:
        with transaction.atomic():
            return form.save()
    except RecordModifiedError as exc:
        raise EditConflict(_(CONFLICT_MESSAGE)) from exc


# --- clients and cases ------------------------------------------------------------------------


@transaction.atomic
def create_client(form, *, by):
    client = form.save(commit=False)
    client.created_by = by
    client.save()
    form.save_m2m()
    return client


@transaction.atomic
def open_case(client, *, case_manager, access_channel, by, opened_on=None, note=""):
    """Open a case for a client; its number is ``<year>-<sequence>``, e.g. 2026-000042."""
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise CaseError(_("Ein Fall kann nicht in der Zukunft beginnen."), field="opened_on")
    case = Case(
        client=client,
        case_manager=case_manager,
        access_channel=access_channel,
        opened_on=opened_on,
        # unique placeholder until the primary key is known (the column takes 20 characters)
        number=f"tmp-{uuid.uuid4().hex[:16]}",
    )
    case.save()
    case.number = f"{opened_on.year}-{case.pk:06d}"
    Case.objects.filter(pk=case.pk).update(number=case.number)
    PhaseTransition.objects.create(case=case, from_phase="", to_phase=case.phase, by=by, note=note)
    return case


def change_phase(
    case, target, *, by, note="", closure_reason="", closure_outcome="", expected_version=None
):
    """Move a case to ``target`` if the workflow table allows it for this user."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and case.version != expected_version:
            raise EditConflict(_(CONFLICT_MESSAGE))
        transition = case_transition(case.phase, target)
        if transition is None:
            raise TransitionNotAllowed(
                _("Von der Phase „%(source)s“ geht es nicht direkt zu „%(target)s“.")
                % {"source": case.get_phase_display(), "target": CasePhase(target).label}
            )
        allowed = (
            by.has_perm("cases.reopen_case")
            if transition.actor == COORDINATION
            else by.has_perm("cases.work_case", case)
        )
        if not allowed:
            raise TransitionNotAllowed(
                _("Diesen Schritt dürfen Sie bei diesem Fall nicht ausführen.")
            )
        if transition.note_required and not note.strip():
            raise CaseError(_("Bitte begründen Sie diesen Schritt in der Notiz."), field="note")
        source = case.phase
        case.phase = target
        if target == CasePhase.CLOSED:
            if not closure_reason:
                raise CaseError(_("Bitte geben Sie den Abschlussgrund an."), field="closure_reason")
            case.closed_on = timezone.localdate()
            case.closure_reason = closure_reason
            case.closure_outcome = closure_outcome
        elif source == CasePhase.CLOSED:
            case.closed_on = None
            case.closure_reason = ""
            case.closure_outcome = ""
        case.save()
        PhaseTransition.objects.create(
            case=case, from_phase=source, to_phase=target, by=by, note=note
        )
    return case


@transaction.atomic
def reassign_case(case, *, to, by, note="", expected_version=None):
    """Handover (coordination): another case manager takes the case; the history shows it."""
    from kim.accounts.roles import Role

    if not by.has_perm("cases.reassign_case"):
        raise TransitionNotAllowed(_("Nur die Koordination kann Fälle neu zuweisen."))
    if not to.has_role(Role.CASE_MANAGER):
        raise CaseError(
            _("Fälle können nur Case Manager:innen zugewiesen werden."), field="case_manager"
        )
    if to.pk == case.case_manager_id:
        raise CaseError(_("Der Fall ist dieser Person schon zugewiesen."), field="case_manager")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and case.version != expected_version:
        raise EditConflict(_(CONFLICT_MESSAGE))
    case.case_manager = to
    case.save()
    PhaseTransition.objects.create(
        case=case,
        from_phase=case.phase,
        to_phase=case.phase,
        by=by,
        note=_("Übergabe an %(name)s. %(note)s") % {"name": to, "note": note},
    )
    return case


@transaction.atomic
def record_substitution(form, *, by):
    substitution = form.save(commit=False)
    substitution.created_by = by
    substitution.save()
    return substitution


@transaction.atomic
def end_substitution(substitution, *, by):
    """From today the substitute no longer sees the cases; a planned one is struck out."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if substitution.starts_on > yesterday:
        substitution.delete()
    elif substitution.ends_on is None or substitution.ends_on > yesterday:
        substitution.ends_on = yesterday
        substitution.save()
    return substitution


def log_case_file_opened(case):
    """Every opening of a case file is logged (who, when, which case) in the access log."""
    accessed.send(sender=Case, instance=case)


# --- assessment and support plan ------------------------------------------------------------


@dataclass
class DomainAssessment:
    life_domain: object
    need: str
    situation: str = ""
    resources: str = ""


@transaction.atomic
def record_assessment(case, entries: list[DomainAssessment], *, by, assessed_on=None, summary=""):
    """A new assessment; earlier ones stay as they are (re-assessment keeps the history)."""
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise CaseError(_("Das Assessment kann nicht in der Zukunft liegen."), field="assessed_on")
    if assessed_on < case.opened_on:
        raise CaseError(_("Das Assessment liegt vor dem Fallbeginn."), field="assessed_on")
    assessment = Assessment.objects.create(
        case=case, assessed_on=assessed_on, by=by, summary=summary
    )
    AssessmentEntry.objects.bulk_create(
        AssessmentEntry(
            assessment=assessment,
            life_domain=e.life_domain,
            need=e.need,
            situation=e.situation,
            resources=e.resources,
        )
        for e in entries
    )
    return assessment


@transaction.atomic
def add_goal(case, form, *, by):
    goal = form.save(commit=False)
    goal.case = case
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def add_action(goal, form, *, by):
    action = form.save(commit=False)
    action.goal = goal
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def complete_action(action, *, by, done_on=None):
    action.done_on = done_on or timezone.localdate()
    action.full_clean()
    action.save()
    return action


# --- consent --------------------------------------------------------------------------------


@transaction.atomic
def record_consent(client, form, *, by):
    consent = form.save(commit=False)
    consent.client = client
    consent.recorded_by = by
    consent.save()
    form.save_m2m()
    return consent


@transaction.atomic
def revoke_consent(consent, *, by, note="", revoked_on=None):
    """Revocation takes effect at once: from today the consent covers nothing."""
    if consent.revoked_on:
        raise CaseError(_("Diese Einwilligung ist bereits widerrufen."))
    consent.revoked_on = revoked_on or timezone.localdate()
    consent.revocation_note = note
    consent.save()
    return consent


def require_consent(client, organisation, day=None):
    """Data exchange with ``organisation`` needs a valid waiver that names it."""
    if not Consent.objects.covering(client, organisation, day).exists():
        raise ConsentMissing(
            _(
                "Für „%(organisation)s“ liegt keine gültige Schweigepflichtentbindung vor. "
                "Bitte erfassen Sie zuerst die Einwilligung der Klientin/des Klienten, die diese "
                "Organisation nennt."
            )
            % {"organisation": organisation}
        )


# --- referrals ------------------------------------------------------------------------------


@transaction.atomic
def propose_referral(case, *, by, office=None, service=None, life_domain=None, reason=""):
    referral = Referral(
        case=case,
        office=office,
        service=service,
        life_domain=life_domain,
        reason=reason,
        created_by=by,
    )
    referral.full_clean(exclude=["case", "created_by"])
    require_consent(case.client, referral.organisation)
    referral.save()
    return referral


_STATE_DATE = {
    ReferralState.SENT: "sent_on",
    ReferralState.ACCEPTED: "answered_on",
    ReferralState.DECLINED: "answered_on",
    ReferralState.COMPLETED: "closed_on",
    ReferralState.WITHDRAWN: "closed_on",
}


def change_referral_state(referral, target, *, by, on=None, outcome=""):
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update().select_related("case__client").get(pk=referral.pk)
        )
        transition = referral_transition(referral.state, target)
        if transition is None:
            raise TransitionNotAllowed(
                _(
                    "Eine Vermittlung im Stand „%(source)s“ kann nicht auf „%(target)s“ "
                    "gesetzt werden."
                )
                % {"source": referral.get_state_display(), "target": ReferralState(target).label}
            )
        if not by.has_perm("cases.work_case", referral.case):
            raise TransitionNotAllowed(
                _("Diesen Schritt dürfen Sie bei diesem Fall nicht ausführen.")
            )
        on = on or timezone.localdate()
        if on > timezone.localdate():
            raise CaseError(_("Das Datum darf nicht in der Zukunft liegen."), field="on")
        if on < referral.proposed_on:
            raise CaseError(
                _("Das Datum darf nicht vor dem Vorschlag der Vermittlung liegen."), field="on"
            )
        if target == ReferralState.SENT:
            require_consent(referral.case.client, referral.organisation, on)
        referral.state = target
        setattr(referral, _STATE_DATE[target], on)
        if outcome:
            referral.outcome = outcome
        referral.save()
    return referral


# --- contacts, appointments, documents -------------------------------------------------------


@transaction.atomic
def log_contact(case, form, *, by):
    contact = form.save(commit=False)
    contact.case = case
    contact.by = by
    contact.full_clean()
    contact.save()
    form.save_m2m()
    return contact


@transaction.atomic
def schedule_appointment(case, form, *, by):
    if form.cleaned_data["starts_at"] < timezone.now():
        raise CaseError(
            _(
                "Ein Termin kann nicht in der Vergangenheit liegen. Ein Gespräch, das schon "
                "stattgefunden hat, erfassen Sie bitte als Kontakt."
            ),
            field="starts_at",
        )
    appointment = form.save(commit=False)
    appointment.case = case
    appointment.case_manager = case.case_manager
    appointment.save()
    return appointment


@transaction.atomic
def cancel_appointment(appointment, *, by):
    if appointment.cancelled:
        raise CaseError(_("Dieser Termin ist bereits abgesagt."))
    if appointment.starts_at < timezone.now():
        raise CaseError(_("Ein vergangener Termin kann nicht mehr abgesagt werden."))
    appointment.cancelled = True
    appointment.save(update_fields=["cancelled"])
    return appointment


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# extension -> (content type, leading bytes of such a file or None when the format has none)
ALLOWED_DOCUMENTS = {
    "pdf": ("application/pdf", [b"%PDF"]),
    "png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    "jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    "odt": ("application/vnd.oasis.opendocument.text", [b"PK\x03\x04"]),
    "txt": ("text/plain", None),
}


def check_document(uploaded):
    """Size and type limits: the extension must be allowed and the content must match it."""
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise DocumentRejected(
            _("Die Datei ist zu groß (%(size)s MB). Erlaubt sind höchstens 10 MB.")
            % {"size": number_format(uploaded.size / 1024 / 1024, 1)},
            field="file",
        )
    if uploaded.size == 0:
        raise DocumentRejected(_("Die Datei ist leer."), field="file")
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    allowed = ALLOWED_DOCUMENTS.get(extension)
    if allowed is None:
        raise DocumentRejected(
            _(
                "Dateien dieses Typs sind nicht erlaubt. "
                "Erlaubt sind: PDF, PNG, JPG, DOCX, ODT, TXT."
            ),
            field="file",
        )
    content_type, signatures = allowed
    head = uploaded.read(8)
    uploaded.seek(0)
    if signatures is not None and not any(head.startswith(sig) for sig in signatures):
        raise DocumentRejected(
            _("Der Inhalt der Datei passt nicht zu ihrer Endung „.%(ext)s“.") % {"ext": extension},
            field="file",
        )
    if signatures is None and b"\x00" in uploaded.read(1024):
        uploaded.seek(0)
        raise DocumentRejected(_("Diese Textdatei enthält Binärdaten."), field="file")
    uploaded.seek(0)
    return content_type


@transaction.atomic
def attach_document(case, uploaded, *, by, description=""):
    content_type = check_document(uploaded)
    return Document.objects.create(
        case=case,
        file=uploaded,
        original_name=uploaded.name[:255],
        content_type=content_type,
        size=uploaded.size,
        description=description,
        uploaded_by=by,
    )


def overdue_actions_for(user):
    return (
        Action.objects.overdue()
        .filter(goal__case__in=Case.objects.workable_by(user).open())
        .select_related("goal__case__client")
        # the encrypted texts of case and client are not shown with an action: not decrypted
        .defer("goal__case__closure_outcome", "goal__case__client__residence_section")
    )


def week_of(day: datetime.date):
    start = day - datetime.timedelta(days=day.weekday())
    return start, start + datetime.timedelta(days=7)


def appointments_in_week(user, day):
    start, end = week_of(day)
    tz = timezone.get_current_timezone()
    return (
        Appointment.objects.filter(
            case__in=Case.objects.workable_by(user),
            starts_at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
            starts_at__lt=datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
        )
        .select_related("case__client")
        .defer("case__closure_outcome", "case__client__residence_section")
        .order_by("starts_at")
    )
