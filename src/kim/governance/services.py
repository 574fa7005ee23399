"""Writes of governance: one transaction each, every change in django-auditlog. Deciding a
resolution moves its theme on (hurdles.services.change_theme_state); approved minutes are frozen
and passed on by e-mail, with a list of who received what and when."""

import calendar
import datetime
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.hurdles import services as hurdle_services
from kim.hurdles.models import ThemeState

from .models import (
    Attachment,
    Body,
    BodyKind,
    CooperationAgreement,
    Distribution,
    Membership,
    Minutes,
    MinutesState,
    ResolutionKind,
    ResolutionResult,
)


class GovernanceError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class NewMember:
    name: str
    organisation: object = None
    user: object = None
    email: str = ""
    is_lead: bool = False


# what an adopted resolution of a kind does to its theme: (state required before, state after)
THEME_EFFECTS = {
    ResolutionKind.SET_UP_WORKING_GROUP: (
        ThemeState.BEFORE_STEERING_GROUP,
        ThemeState.WORKING_GROUP,
    ),
    ResolutionKind.ADOPT_TARGET_SYSTEM: (ThemeState.TARGET_SYSTEM_PROPOSED, ThemeState.DECIDED),
}


@transaction.atomic
def record_resolution(form, *, by, working_group_name="", members=()):
    """Save a resolution; if adopted, carry out what it decides."""
    resolution = form.save(commit=False)
    resolution.meeting = form.meeting
    resolution.created_by = by
    if resolution.kind in THEME_EFFECTS and resolution.theme is None:
        raise GovernanceError(_("Bitte wählen Sie das generative Thema, um das es geht."), "theme")
    resolution.save()
    if resolution.result != ResolutionResult.ADOPTED:
        return resolution
    if resolution.kind == ResolutionKind.SET_UP_WORKING_GROUP:
        if not working_group_name.strip():
            raise GovernanceError(
                _("Bitte geben Sie den Namen der Arbeitsgruppe an."), "working_group_name"
            )
        if not members:
            raise GovernanceError(
                _("Bitte benennen Sie die Mitglieder der Arbeitsgruppe."), "members"
            )
        if Body.objects.filter(name__iexact=working_group_name.strip()).exists():
            raise GovernanceError(
                _("Ein Gremium mit diesem Namen gibt es schon."), "working_group_name"
            )
        group = Body.objects.create(
            name=working_group_name.strip(),
            kind=BodyKind.WORKING_GROUP,
            theme=resolution.theme,
            set_up_by=resolution,
            description=resolution.text,
        )
        start = timezone.localdate()
        for member in members:
            Membership.objects.create(
                body=group,
                name=member.name,
                organisation=member.organisation,
                user=member.user,
                email=member.email,
                is_lead=member.is_lead,
                starts_on=start,
            )
    if resolution.kind in THEME_EFFECTS:
        before, after = THEME_EFFECTS[resolution.kind]
        if resolution.kind == ResolutionKind.ADOPT_TARGET_SYSTEM and resolution.theme.state in (
            ThemeState.DECIDED,
            ThemeState.MONITORING,
        ):
            # a further version of a target system already decided: the theme stays where it is
            return resolution
        if resolution.theme.state != before:
            raise GovernanceError(
                _(
                    "Das Thema „%(theme)s“ steht auf „%(state)s“; dieser Beschluss setzt "
                    "„%(before)s“ voraus."
                )
                % {
                    "theme": resolution.theme,
                    "state": resolution.theme.get_state_display(),
                    "before": before.label,
                },
                "theme",
            )
        hurdle_services.change_theme_state(
            resolution.theme, after, by=by, note=_("Beschluss %(n)s") % {"n": resolution.number}
        )
    return resolution


@transaction.atomic
def add_attachment(meeting, uploaded, *, name, by, agenda_item=None):
    """A document for the invitation (the same size and type limits as case documents)."""
    from kim.cases.services import DocumentRejected, check_document

    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise GovernanceError(_("Dieser TOP gehört zu einer anderen Sitzung."), "agenda_item")
    try:
        check_document(uploaded)
    except DocumentRejected as exc:
        raise GovernanceError(exc.message, "file") from exc
    return Attachment.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        file=uploaded,
        name=name.strip() or uploaded.name,
        uploaded_by=by,
    )


@transaction.atomic
def save_minutes(form, *, by):
    minutes = form.save(commit=False)
    if minutes.pk and Minutes.objects.get(pk=minutes.pk).is_frozen:
        raise GovernanceError(
            _(
                "Ein genehmigtes Protokoll kann nicht mehr geändert werden. Legen Sie eine "
                "korrigierte Fassung an."
            )
        )
    if not minutes.pk:
        minutes.created_by = by
    minutes.save()
    return minutes


@transaction.atomic
def approve_minutes(minutes, *, in_meeting, by):
    """Approved in the next meeting (§ 3.3); from then on frozen."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.is_frozen:
        raise GovernanceError(_("Dieses Protokoll ist bereits genehmigt."))
    if (
        in_meeting.body_id != minutes.meeting.body_id
        or in_meeting.starts_at <= minutes.meeting.starts_at
    ):
        raise GovernanceError(
            _("Ein Protokoll wird in einer späteren Sitzung desselben Gremiums genehmigt."),
            "in_meeting",
        )
    minutes.state = MinutesState.APPROVED
    minutes.approved_in = in_meeting
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    minutes.save()
    return minutes


@transaction.atomic
def correct_minutes(minutes, *, text, reason, by):
    """A correction of approved minutes is a new version with its reason, to be approved again."""
    if not minutes.is_frozen:
        raise GovernanceError(
            _(
                "Einen Entwurf ändern Sie direkt; eine Korrektur braucht es nur für genehmigte "
                "Protokolle."
            )
        )
    if not reason.strip():
        raise GovernanceError(_("Bitte begründen Sie die Korrektur."), "reason")
    latest = Minutes.objects.filter(meeting=minutes.meeting).order_by("-version").first()
    return Minutes.objects.create(
        meeting=minutes.meeting,
        version=latest.version + 1,
        text=text,
        correction_reason=reason,
        created_by=by,
    )


def distribute_minutes(minutes, recipients, *, by, attachment=None):
    """E-mail approved minutes (and resolutions, in the PDF) to each recipient; every attempt is
    recorded, a failure too. ``recipients``: [(name, email, organisation)]."""
    if not minutes.is_frozen:
        raise GovernanceError(_("Nur genehmigte Protokolle werden verteilt."))
    rows = []
    for name, email, organisation in recipients:
        message = EmailMessage(
            subject=_("Protokoll: %(meeting)s") % {"meeting": minutes.meeting},
            body=_(
                "Guten Tag,\n\nanbei erhalten Sie das genehmigte Protokoll mit den Beschlüssen der "
                "Sitzung „%(meeting)s“.\n\nMit freundlichen Grüßen\nKIM-Koordination"
            )
            % {"meeting": minutes.meeting},
            to=[email],
        )
        if attachment is not None:
            message.attach(*attachment)
        row = Distribution(
            minutes=minutes, recipient=name, email=email, organisation=organisation, by=by
        )
        try:
            message.send()
            row.sent_at = timezone.now()
        except Exception as exc:
            row.error = str(exc)[:300]
        rows.append(row)
    Distribution.objects.bulk_create(rows)
    return rows


def next_evaluation_due(agreement):
    """The evaluation interval counted from the last evaluation, or from signing."""
    last = agreement.evaluations.order_by("-evaluated_on").first()
    base = last.evaluated_on if last else agreement.signed_on
    months = base.month - 1 + agreement.evaluation_interval_months
    year, month = base.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def agreements_due(within_days=60, today=None):
    """Active agreements whose evaluation is due within ``within_days`` (or overdue)."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=within_days)
    agreements = (
        CooperationAgreement.objects.filter(active=True)
        .select_related("partner")
        .prefetch_related("evaluations")
    )
    due = [(a, next_evaluation_due(a)) for a in agreements]
    return sorted([(a, d) for a, d in due if d <= limit], key=lambda pair: pair[1])


@transaction.atomic
def record_evaluation(form, *, by):
    evaluation = form.save(commit=False)
    evaluation.by = by
    evaluation.full_clean()
    evaluation.save()
    return evaluation
