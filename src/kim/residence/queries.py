"""Reads of Baustein 3. Which clients: ``Client.objects.visible_to(user)`` of case management,
always; this module only adds what the pre-check needs to read them in one go."""

from dataclasses import dataclass

from django.db.models import Prefetch

from kim.cases.models import Case, Client, LanguageCertificate, Referral, ResidencePeriod
from kim.directory.models import Responsibility, ResponsibilityStatus

from .evaluation import PathResult, list_horizon, precheck
from .facts import facts_of

OPEN_REFERRAL_STATES = ("proposed", "sent", "accepted")

PRECHECK_PREFETCH = (
    Prefetch("residence_periods", queryset=ResidencePeriod.objects.select_related("status")),
    Prefetch(
        "language_certificates", queryset=LanguageCertificate.objects.select_related("language")
    ),
    "education_records",
)


def responsible_office(municipality, legal_domain_code):
    """The office the directory names for this legal domain in the municipality, if known."""
    found = (
        Responsibility.objects.for_need(municipality)
        .filter(
            legal_domain__code=legal_domain_code,
            status=ResponsibilityStatus.KNOWN,
            office__isnull=False,
        )
        .first()
    )
    return found.office if found else None


def workable_open_case(user, client):
    """The newest open case of ``client`` that ``user`` works on (a referral belongs to it)."""
    return (
        Case.objects.workable_by(user)
        .open()
        .filter(client=client)
        .order_by("-opened_on", "-pk")
        .first()
    )


@dataclass
class EligibleRow:
    client: Client
    result: PathResult
    case: Case | None  # the open case the user may refer from
    office: object  # the responsible authority's office (directory), or None
    open_referral: Referral | None


def eligible_clients(user, on):
    """Rows (client, path) whose pre-check is positive on ``on`` or becomes positive within six
    months, for the clients ``user`` may see. Clients without residence periods cannot be
    positive and are not read."""
    horizon = list_horizon(on)
    clients = (
        Client.objects.visible_to(user)
        .filter(residence_periods__isnull=False)
        .distinct()
        .select_related("municipality")
        .prefetch_related(*PRECHECK_PREFETCH)
        .order_by("last_name", "first_name", "pk")
    )
    offices = {}
    rows = []
    for client in clients:
        results = [r for r in precheck(facts_of(client), on) if r.positive_by(horizon)]
        if not results:
            continue
        case = workable_open_case(user, client)
        for result in results:
            key = (client.municipality_id, result.path.legal_domain)
            if key not in offices:
                offices[key] = responsible_office(client.municipality, result.path.legal_domain)
            office = offices[key]
            open_referral = None
            if case and office:
                open_referral = case.referrals.filter(
                    office=office, state__in=OPEN_REFERRAL_STATES
                ).first()
            rows.append(EligibleRow(client, result, case, office, open_referral))
    rows.sort(key=lambda row: (row.result.positive_from or on, row.client.last_name))
    return rows
