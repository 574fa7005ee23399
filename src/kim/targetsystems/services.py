"""Writes of target systems: one transaction each, every change in django-auditlog.

Only a draft is edited (``TargetSystem.is_frozen``); the steering group's decision is recorded with
its resolution and the date in force; any later change is a new version that copies the old one and
supersedes it when it comes into force. Putting a target system before the steering group and
deciding it move the generative theme on (hurdles.services.change_theme_state).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim.governance.models import BodyKind, ResolutionKind, ResolutionResult
from kim.hurdles import services as hurdle_services
from kim.hurdles.models import ThemeState

from . import workflow
from .measures import MEASURES
from .models import (
    CaseLink,
    CaseRule,
    ChainStep,
    LinkSource,
    TargetSystem,
    TargetSystemState,
)


class TargetSystemError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require_draft(target_system):
    if target_system.is_frozen:
        raise TargetSystemError(
            _(
                "Das Zielsystem „%(ts)s“ steht auf „%(state)s“ und kann nicht mehr geändert "
                "werden. Änderungen sind nur in einem Entwurf möglich (neue Fassung anlegen)."
            )
            % {"ts": target_system, "state": target_system.get_state_display()}
        )


def _locked(target_system):
    """Re-read the target system under a row lock, so two people cannot freeze and edit at once."""
    return TargetSystem.objects.select_for_update().get(pk=target_system.pk)


# --- the target system itself ------------------------------------------------------------------


def _check_rule(target_system):
    if target_system.case_rule == CaseRule.REFERRAL_SERVICE_TYPE and not (
        target_system.rule_service_type_id
    ):
        raise TargetSystemError(
            _("Bitte wählen Sie die Angebotsart, für deren Vermittlungen das Zielsystem gilt."),
            "rule_service_type",
        )
    if (
        target_system.case_rule == CaseRule.GOAL_LIFE_DOMAIN
        and not target_system.rule_life_domain_id
    ):
        raise TargetSystemError(
            _("Bitte wählen Sie den Lebensbereich, für dessen Ziele das Zielsystem gilt."),
            "rule_life_domain",
        )


@transaction.atomic
def create_target_system(
    *,
    working_group,
    title,
    summary,
    by,
    case_rule=CaseRule.MANUAL,
    rule_service_type=None,
    rule_life_domain=None,
):
    if working_group.kind != BodyKind.WORKING_GROUP:
        raise TargetSystemError(
            _("Zielsysteme erarbeitet eine Arbeitsgruppe; „%(body)s“ ist keine.")
            % {"body": working_group},
            "working_group",
        )
    if not title.strip():
        raise TargetSystemError(_("Bitte geben Sie einen Titel an."), "title")
    target_system = TargetSystem(
        working_group=working_group,
        title=title.strip(),
        summary=summary,
        case_rule=case_rule,
        rule_service_type=rule_service_type,
        rule_life_domain=rule_life_domain,
        created_by=by,
    )
    _check_rule(target_system)
    target_system.save()
    return target_system


@transaction.atomic
def update_target_system(form):
    """Title, summary and case rule of a draft (a ModelForm on the target system)."""
    target_system = form.instance
    _require_draft(_locked(target_system))
    _check_rule(target_system)
    return form.save()


# --- chains and steps --------------------------------------------------------------------------


@transaction.atomic
def save_chain(form, *, target_system):
    _require_draft(_locked(target_system))
    chain = form.save(commit=False)
    chain.target_system = target_system
    if chain.pk is None:
        chain.position = (target_system.chains.aggregate(m=Max("position"))["m"] or 0) + 1
    chain.save()
    return chain


@transaction.atomic
def delete_chain(chain):
    _require_draft(_locked(chain.target_system))
    chain.delete()


def _check_step(step):
    if not step.organisation_id:
        raise TargetSystemError(
            _("Jeder Schritt braucht eine Institution aus dem Verzeichnis."), "organisation"
        )
    if step.office_id and step.office.organisation_id != step.organisation_id:
        raise TargetSystemError(
            _("Die Dienststelle gehört nicht zu der gewählten Institution."), "office"
        )
    if step.is_break_point and not step.break_point_note.strip():
        raise TargetSystemError(
            _("Bitte beschreiben Sie, was an der Bruchstelle passiert."), "break_point_note"
        )


@transaction.atomic
def save_step(form, *, chain):
    """Add or change a step; a new step without a number goes to the end of its variant, one with
    a number already taken is inserted before that step. Moving a step onto a taken number is
    refused (delete and insert instead)."""
    _require_draft(_locked(chain.target_system))
    step = form.save(commit=False)
    step.chain = chain
    _check_step(step)
    if not step.position:
        last = chain.steps.filter(variant=step.variant).aggregate(m=Max("position"))["m"]
        step.position = (last or 0) + 1
    clash = chain.steps.filter(variant=step.variant, position=step.position).exclude(pk=step.pk)
    if clash.exists() and step.pk is None:
        # a new step with a taken number is inserted there: the later steps move up by one
        later = chain.steps.filter(variant=step.variant, position__gte=step.position)
        for other in later.order_by("-position"):
            ChainStep.objects.filter(pk=other.pk).update(position=other.position + 1)
    elif clash.exists():
        raise TargetSystemError(
            _("Schritt Nr. %(n)s gibt es in dieser Fassung der Kette schon.")
            % {"n": step.position},
            "position",
        )
    step.save()
    return step


@transaction.atomic
def delete_step(step):
    """Remove a step and close the gap in the numbering."""
    chain = step.chain
    _require_draft(_locked(chain.target_system))
    variant = step.variant
    step.delete()
    for number, remaining in enumerate(chain.steps.filter(variant=variant).order_by("position"), 1):
        if remaining.position != number:
            ChainStep.objects.filter(pk=remaining.pk).update(position=number)


@transaction.atomic
def copy_as_is_to_to_be(chain):
    """Start the to-be from the as-is (only while the to-be is empty)."""
    _require_draft(_locked(chain.target_system))
    if chain.steps.filter(variant="to_be").exists():
        raise TargetSystemError(
            _("Die Soll-Kette hat schon Schritte; sie wird nicht überschrieben.")
        )
    steps = list(chain.steps.filter(variant="as_is"))
    if not steps:
        raise TargetSystemError(_("Die Ist-Kette hat noch keine Schritte."))
    for step in steps:
        step.pk = None
        step.variant = "to_be"
        step.save()
    return len(steps)


# --- agreements and indicators ------------------------------------------------------------------


@transaction.atomic
def save_agreement(form, *, target_system):
    _require_draft(_locked(target_system))
    agreement = form.save(commit=False)
    agreement.target_system = target_system
    if not agreement.text.strip():
        raise TargetSystemError(_("Bitte geben Sie den Text der Vereinbarung an."), "text")
    if agreement.pk is None:
        agreement.position = (target_system.agreements.aggregate(m=Max("position"))["m"] or 0) + 1
    agreement.save()
    form.save_m2m()
    if agreement.parties.count() < 2:
        raise TargetSystemError(
            _("Eine Vereinbarung braucht mindestens zwei beteiligte Institutionen."), "parties"
        )
    return agreement


def check_indicator(indicator):
    measure = MEASURES.get(indicator.measure)
    if measure is None:
        raise TargetSystemError(_("Bitte wählen Sie eine der festgelegten Messgrößen."), "measure")
    labels = {
        "service_type": _("die Angebotsart"),
        "life_domain": _("den Lebensbereich"),
        "within_days": _("die Frist in Tagen"),
        "organisation": _("die Institution"),
    }
    for name in measure.requires:
        if getattr(indicator, f"{name}_id" if name != "within_days" else name) in (None, ""):
            raise TargetSystemError(
                _("Für die Messgröße „%(measure)s“ geben Sie bitte %(what)s an.")
                % {"measure": measure.label, "what": labels[name]},
                name,
            )
    return measure


@transaction.atomic
def save_indicator(form, *, target_system):
    _require_draft(_locked(target_system))
    indicator = form.save(commit=False)
    indicator.target_system = target_system
    check_indicator(indicator)
    if indicator.pk is None:
        indicator.position = (target_system.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator.save()
    return indicator


@transaction.atomic
def delete_part(obj):
    """Delete an agreement or an indicator of a draft."""
    _require_draft(_locked(obj.target_system))
    obj.delete()


# --- states ----------------------------------------------------------------------------------


def _move_theme(target_system, after, *, by, note):
    from kim.hurdles.models import GenerativeTheme

    theme = GenerativeTheme.objects.filter(pk=target_system.working_group.theme_id).first()
    if theme is None or theme.state == after:
        return
    from kim.hurdles.workflow import theme_transition

    if theme_transition(theme.state, after) is not None:
        hurdle_services.change_theme_state(theme, after, by=by, note=note)


def _check_complete(target_system):
    """What the steering group needs to decide: at least one chain with both variants, and at least
    one indicator (the concept monitors every target system on case level)."""
    chains = list(target_system.chains.all())
    if not chains:
        raise TargetSystemError(_("Das Zielsystem hat noch keine Dienstleistungskette."))
    for chain in chains:
        variants = set(chain.steps.values_list("variant", flat=True))
        if variants != {"as_is", "to_be"}:
            raise TargetSystemError(
                _("Die Kette „%(chain)s“ braucht eine Ist- und eine Soll-Fassung mit Schritten.")
                % {"chain": chain}
            )
    if not target_system.indicators.exists():
        raise TargetSystemError(
            _("Bitte legen Sie mindestens einen Indikator für das Monitoring fest.")
        )


@transaction.atomic
def propose(target_system, *, by):
    target_system = _locked(target_system)
    if workflow.transition(target_system.state, TargetSystemState.PROPOSED) is None:
        raise TargetSystemError(_("Nur ein Entwurf kann der Lenkungsgruppe vorgelegt werden."))
    _check_complete(target_system)
    target_system.state = TargetSystemState.PROPOSED
    target_system.save()
    _move_theme(
        target_system,
        ThemeState.TARGET_SYSTEM_PROPOSED,
        by=by,
        note=_("Zielsystem „%(ts)s“ vorgelegt") % {"ts": target_system},
    )
    return target_system


@transaction.atomic
def withdraw(target_system, *, by):
    target_system = _locked(target_system)
    if workflow.transition(target_system.state, TargetSystemState.DRAFT) is None:
        raise TargetSystemError(_("Nur ein vorgelegtes Zielsystem kann zurückgenommen werden."))
    target_system.state = TargetSystemState.DRAFT
    target_system.save()
    _move_theme(
        target_system,
        ThemeState.WORKING_GROUP,
        by=by,
        note=_("Zielsystem „%(ts)s“ zur Überarbeitung zurückgenommen") % {"ts": target_system},
    )
    return target_system


def resolutions_for(target_system):
    """The adopted steering group resolutions that can put this target system in force."""
    from kim.governance.models import Resolution

    resolutions = Resolution.objects.filter(
        kind=ResolutionKind.ADOPT_TARGET_SYSTEM,
        result=ResolutionResult.ADOPTED,
        meeting__body__kind=BodyKind.STEERING_GROUP,
        target_system__isnull=True,
    ).select_related("meeting")
    if target_system.theme is not None:
        resolutions = resolutions.filter(theme=target_system.theme)
    return resolutions.order_by("-meeting__starts_at")


@transaction.atomic
def put_in_force(target_system, *, resolution, in_force_from, by):
    """Record the steering group's decision: from ``in_force_from`` the target system applies, its
    content is frozen, a predecessor in force is superseded, and the cases are linked by rule."""
    target_system = _locked(target_system)
    if workflow.transition(target_system.state, TargetSystemState.IN_FORCE) is None:
        raise TargetSystemError(
            _("In Kraft gesetzt wird nur ein Zielsystem, das der Lenkungsgruppe vorliegt.")
        )
    if resolution is None or not resolutions_for(target_system).filter(pk=resolution.pk).exists():
        raise TargetSystemError(
            _(
                "Bitte wählen Sie einen angenommenen Beschluss der Lenkungsgruppe „Zielsystem "
                "beschließen“ zu diesem Thema, der noch keinem Zielsystem zugeordnet ist."
            ),
            "resolution",
        )
    if in_force_from is None:
        raise TargetSystemError(
            _("Bitte geben Sie an, ab wann das Zielsystem gilt."), "in_force_from"
        )
    decided_on = timezone.localtime(resolution.meeting.starts_at).date()
    if in_force_from < decided_on:
        raise TargetSystemError(
            _("Das Zielsystem kann nicht vor dem Beschluss in Kraft treten (Sitzung vom %(day)s).")
            % {"day": date_format(decided_on, "SHORT_DATE_FORMAT")},
            "in_force_from",
        )
    predecessor = target_system.predecessor
    if (
        predecessor is not None
        and predecessor.in_force_from
        and (in_force_from <= predecessor.in_force_from)
    ):
        raise TargetSystemError(
            _("Die neue Fassung muss nach der bisherigen (in Kraft seit %(day)s) in Kraft treten.")
            % {"day": date_format(predecessor.in_force_from, "SHORT_DATE_FORMAT")},
            "in_force_from",
        )
    target_system.state = TargetSystemState.IN_FORCE
    target_system.resolution = resolution
    target_system.in_force_from = in_force_from
    try:
        with transaction.atomic():
            target_system.save()
    except IntegrityError as exc:
        raise TargetSystemError(
            _("Dieser Beschluss ist schon einem anderen Zielsystem zugeordnet."), "resolution"
        ) from exc
    if predecessor is not None and predecessor.state == TargetSystemState.IN_FORCE:
        predecessor = _locked(predecessor)
        predecessor.state = TargetSystemState.SUPERSEDED
        predecessor.save()
    note = _("Zielsystem „%(ts)s“ in Kraft seit %(day)s (Beschluss %(n)s)") % {
        "ts": target_system,
        "day": date_format(in_force_from, "SHORT_DATE_FORMAT"),
        "n": resolution.number,
    }
    _move_theme(target_system, ThemeState.DECIDED, by=by, note=note)
    _move_theme(target_system, ThemeState.MONITORING, by=by, note=note)
    link_cases_by_rule(target_system)
    return target_system


@transaction.atomic
def new_version(target_system, *, by):
    """A draft that copies the target system (chains, steps, agreements, indicators, rule, linked
    cases); it supersedes the old one once it is in force."""
    target_system = _locked(target_system)
    if target_system.state != TargetSystemState.IN_FORCE:
        raise TargetSystemError(_("Eine neue Fassung entsteht aus der Fassung, die in Kraft ist."))
    if TargetSystem.objects.filter(predecessor=target_system).exists():
        raise TargetSystemError(_("Zu dieser Fassung gibt es schon eine neue Fassung."))
    new = TargetSystem.objects.create(
        working_group=target_system.working_group,
        title=target_system.title,
        summary=target_system.summary,
        version=target_system.version + 1,
        predecessor=target_system,
        case_rule=target_system.case_rule,
        rule_service_type=target_system.rule_service_type,
        rule_life_domain=target_system.rule_life_domain,
        created_by=by,
    )
    for chain in target_system.chains.prefetch_related("steps"):
        steps = list(chain.steps.all())
        chain.pk = None
        chain.target_system = new
        chain.save()
        for step in steps:
            step.pk = None
            step.chain = chain
        ChainStep.objects.bulk_create(steps)
    for agreement in target_system.agreements.prefetch_related("parties"):
        parties = list(agreement.parties.all())
        agreement.pk = None
        agreement._prefetched_objects_cache = {}  # else set() believes the parties are there
        agreement.target_system = new
        agreement.save()
        agreement.parties.set(parties)
    for indicator in target_system.indicators.all():
        indicator.pk = None
        indicator.target_system = new
        indicator.save()
    CaseLink.objects.bulk_create(
        CaseLink(
            target_system=new, case_id=link.case_id, source=link.source, linked_by=link.linked_by
        )
        for link in target_system.case_links.all()
    )
    return new


# --- cases -------------------------------------------------------------------------------------


def cases_by_rule(target_system):
    from kim.cases.models import Case

    if target_system.case_rule == CaseRule.REFERRAL_SERVICE_TYPE:
        return Case.objects.filter(
            referrals__service__type=target_system.rule_service_type_id
        ).distinct()
    if target_system.case_rule == CaseRule.GOAL_LIFE_DOMAIN:
        return Case.objects.filter(goals__life_domain=target_system.rule_life_domain_id).distinct()
    return Case.objects.none()


@transaction.atomic
def link_cases_by_rule(target_system):
    """Link every case the rule covers and that is not linked yet; returns how many were added."""
    linked = target_system.case_links.values("case_id")
    new = cases_by_rule(target_system).exclude(pk__in=linked).values_list("pk", flat=True)
    links = [
        CaseLink(target_system=target_system, case_id=pk, source=LinkSource.RULE) for pk in new
    ]
    CaseLink.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


@transaction.atomic
def link_case(target_system, *, case_number, by):
    """Link one case by hand, by its case number (coordination)."""
    from kim.cases.models import Case

    case = Case.objects.filter(number=case_number.strip()).first()
    if case is None:
        raise TargetSystemError(
            _("Einen Fall mit der Nummer „%(n)s“ gibt es nicht.") % {"n": case_number.strip()},
            "case_number",
        )
    if target_system.case_links.filter(case=case).exists():
        raise TargetSystemError(_("Dieser Fall ist schon verknüpft."), "case_number")
    return CaseLink.objects.create(
        target_system=target_system, case=case, source=LinkSource.MANUAL, linked_by=by
    )


@transaction.atomic
def unlink_case(link):
    if link.source != LinkSource.MANUAL:
        raise TargetSystemError(
            _("Nach Regel verknüpfte Fälle bleiben verknüpft, solange die Regel auf sie zutrifft.")
        )
    link.delete()
