"""Writes of the system level: one transaction each, every state change recorded with who and
when (``ReportStateChange``, ``ThemeStateChange``) and every field change in django-auditlog.
Nothing is deleted: a rejected report stays, with its reason, for coordination."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.roles import Role

from .models import (
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReportSource,
    ReportState,
    ReportStateChange,
    ThemeState,
    ThemeStateChange,
)
from .personal_data import find_personal_data
from .workflow import report_transition, theme_transition


class HurdleError(Exception):
    """A step the user asked for that cannot be done; the message says why, in German."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def client_names(case):
    """Names of the case's client, which must not appear in a report."""
    if case is None:
        return []
    client = case.client
    return [
        client.first_name,
        client.last_name,
        client.first_name_original,
        client.last_name_original,
        *client.first_name.split(),
        *client.last_name.replace("-", " ").split(),
    ]


def personal_data_in(form_data, case=None):
    text = "\n".join(
        form_data.get(field, "") or ""
        for field in ("description", "consequence", "attempts", "suggested_topic")
    )
    return find_personal_data(text, client_names(case))


@transaction.atomic
def submit_report(form, *, by, case=None):
    """Save a Meldebogen from a case manager (with the case, internally) or an external partner
    (for their organisation)."""
    report = form.save(commit=False)
    report.reporter = by
    if case is not None:
        report.source = ReportSource.CASE_MANAGEMENT
        report.case = case
        report.municipality_id = report.municipality_id or case.client.municipality_id
    elif by.has_role(Role.EXTERNAL_PARTNER):
        if not by.organisation_id:
            raise HurdleError(
                _(
                    "Ihr Konto ist keiner Organisation zugeordnet. Bitte wenden Sie sich an die "
                    "Administration."
                )
            )
        report.source = ReportSource.EXTERNAL
        report.reporter_organisation_id = by.organisation_id
    else:
        report.source = ReportSource.CASE_MANAGEMENT
    if report.source == ReportSource.CASE_MANAGEMENT and by.organisation_id:
        report.reporter_organisation_id = by.organisation_id
    report.state = ReportState.RECEIVED
    report.save()
    form.save_m2m()
    ReportStateChange.objects.create(report=report, from_state="", to_state=report.state, by=by)
    return report


def change_report_state(report, target, *, by, topic=None, reason=""):
    """Triage: received -> triaged -> assigned to a topic, or rejected with a reason."""
    with transaction.atomic():
        report = HurdleReport.objects.select_for_update().get(pk=report.pk)
        transition = report_transition(report.state, target)
        if transition is None:
            raise HurdleError(
                _("Eine Meldung im Stand „%(source)s“ kann nicht auf „%(target)s“ gesetzt werden.")
                % {"source": report.get_state_display(), "target": ReportState(target).label}
            )
        if transition.needs_topic and topic is None:
            raise HurdleError(_("Bitte wählen Sie ein Thema."), field="topic")
        if transition.needs_reason and not reason.strip():
            raise HurdleError(_("Bitte geben Sie den Grund der Ablehnung an."), field="reason")
        if target == ReportState.ASSIGNED and topic == report.topic:
            raise HurdleError(_("Die Meldung ist diesem Thema schon zugeordnet."), field="topic")
        source = report.state
        report.state = target
        if transition.needs_topic:
            report.topic = topic
        if target == ReportState.REJECTED:
            report.rejection_reason = reason
        report.save()
        ReportStateChange.objects.create(
            report=report,
            from_state=source,
            to_state=target,
            topic=report.topic,
            by=by,
            note=reason,
        )
    return report


@transaction.atomic
def plan_reconstruction(form, *, by):
    """Select reports for a reconstruction; organisations that reported from outside take part."""
    reports = list(form.cleaned_data["reports"])
    rejected = [r for r in reports if r.state == ReportState.REJECTED]
    if rejected:
        raise HurdleError(
            _("Abgelehnte Meldungen können nicht rekonstruiert werden: %(numbers)s.")
            % {"numbers": ", ".join(r.number for r in rejected)},
            field="reports",
        )
    reconstruction = form.save(commit=False)
    reconstruction.created_by = by
    reconstruction.save()
    form.save_m2m()
    external = {r.reporter_organisation_id for r in reports if r.source == ReportSource.EXTERNAL}
    reconstruction.external_organisations.add(*[pk for pk in external if pk])
    return reconstruction


@transaction.atomic
def add_reconstruction_step(form, *, by):
    """One step of the reconstructed path (the form knows its reconstruction)."""
    return form.save()


@transaction.atomic
def record_reconstruction(reconstruction, *, by, findings, held_on=None):
    if not findings.strip():
        raise HurdleError(_("Bitte halten Sie die Erkenntnisse fest."), field="findings")
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise HurdleError(
            _("Eine Rekonstruktion kann nicht in der Zukunft durchgeführt worden sein."),
            field="held_on",
        )
    reconstruction.findings = findings
    reconstruction.held_on = held_on
    reconstruction.state = ReconstructionState.DONE
    reconstruction.save()
    return reconstruction


@transaction.atomic
def create_theme(form, *, by):
    theme = form.save(commit=False)
    theme.created_by = by
    theme.state = ThemeState.DEVELOPED
    theme.save()
    form.save_m2m()
    # a theme links the reports of its reconstructions too
    for reconstruction in theme.reconstructions.all():
        theme.reports.add(*reconstruction.reports.all())
    ThemeStateChange.objects.create(theme=theme, from_state="", to_state=theme.state, by=by)
    return theme


def change_theme_state(theme, target, *, by, note=""):
    with transaction.atomic():
        theme = GenerativeTheme.objects.select_for_update().get(pk=theme.pk)
        if theme_transition(theme.state, target) is None:
            raise HurdleError(
                _("Ein Thema im Stand „%(source)s“ kann nicht auf „%(target)s“ gesetzt werden.")
                % {"source": theme.get_state_display(), "target": ThemeState(target).label}
            )
        source = theme.state
        theme.state = target
        theme.save()
        ThemeStateChange.objects.create(
            theme=theme, from_state=source, to_state=target, by=by, note=note
        )
    return theme
