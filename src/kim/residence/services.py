"""Writes of Baustein 3: the client's record for the pre-check (entries and facts, stored in
kim.cases) and the referral of a client to the foreigners' or naturalisation authority.

Each function runs in one transaction; django-auditlog keeps who changed what. Errors a user can
cause raise ``ResidenceError`` with a German message (or, for a referral, the ``CaseError`` of
case management, e.g. a missing confidentiality waiver); nothing is changed then.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim.cases import services as case_services
from kim.cases.models import LifeDomain, ResidencePeriod

from .evaluation import precheck
from .facts import facts_of
from .paths import PATHS
from .queries import OPEN_REFERRAL_STATES, responsible_office, workable_open_case


class ResidenceError(Exception):
    """A step the user asked for that cannot be done; the message says why, in German."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- the client's record -------------------------------------------------------------------------


def save_facts(form, *, by):
    """The yes/no facts and dates on the client; refused if someone saved the client meanwhile."""
    return case_services.save_versioned(form)


def _overlapping_period(period):
    others = ResidencePeriod.objects.filter(client=period.client).exclude(pk=period.pk)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.started_on))
    if period.ended_on:
        others = others.filter(started_on__lte=period.ended_on)
    return others.select_related("status").first()


@transaction.atomic
def save_entry(client, form, *, by):
    """A new or changed entry (residence period, certificate, schooling) of ``client``.
    Residence periods of one person do not overlap: each day has one status."""
    entry = form.save(commit=False)
    entry.client = client
    if not entry.pk:
        entry.recorded_by = by
    if isinstance(entry, ResidencePeriod) and (clash := _overlapping_period(entry)):
        raise ResidenceError(
            _(
                "Dieser Zeitraum überschneidet sich mit „%(other)s“. Bitte beenden Sie den "
                "früheren Zeitraum am Tag vor dem neuen Status."
            )
            % {"other": clash},
            field="started_on",
        )
    entry.save()
    return entry


@transaction.atomic
def delete_entry(entry, *, by):
    from kim.privacy import retention

    entry.delete()
    retention.forget_due_count()  # less activity: the person may be due sooner


# --- referral ------------------------------------------------------------------------------------


@transaction.atomic
def refer_to_authority(client, path_code, *, by, on=None):
    """Propose a referral to the authority of the path (foreigners' authority for §§ 25a/25b,
    naturalisation authority for § 10 StAG) in the open case the user works on. Goes through
    the referral of case management, so the consent rules apply (a waiver naming the
    authority's organisation)."""
    on = on or timezone.localdate()
    path = PATHS.get(path_code)
    if path is None:
        raise ResidenceError(_("Diesen Weg gibt es nicht."))
    case = workable_open_case(by, client)
    if case is None:
        raise ResidenceError(
            _(
                "Für %(name)s gibt es keinen offenen Fall, den Sie bearbeiten. Eine Vermittlung "
                "gehört zu einem Fall."
            )
            % {"name": client.full_name}
        )
    office = responsible_office(client.municipality, path.legal_domain)
    if office is None:
        raise ResidenceError(
            _("Im Verzeichnis ist für %(municipality)s keine zuständige %(authority)s hinterlegt.")
            % {"municipality": client.municipality, "authority": path.authority}
        )
    if case.referrals.filter(office=office, state__in=OPEN_REFERRAL_STATES).exists():
        raise ResidenceError(
            _("An „%(office)s“ gibt es in diesem Fall schon eine offene Vermittlung.")
            % {"office": office}
        )
    result = next(r for r in precheck(facts_of(client), on) if r.path.code == path_code)
    reason = _(
        "Vorprüfung %(path)s vom %(day)s: %(result)s. Hinweis aus KIM, keine Entscheidung der "
        "Behörde; die Nachweise prüft die Behörde."
    ) % {
        "path": path.short,
        "day": date_format(on, "SHORT_DATE_FORMAT"),
        "result": result.label,
    }
    return case_services.propose_referral(
        case,
        by=by,
        office=office,
        life_domain=LifeDomain.objects.filter(code="residence").first(),
        reason=reason,
    )
