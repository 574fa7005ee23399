"""A client's complete file, as the erasure and the Art. 15 export meet it: every kind of data,
every free text naming the person, log entries of changes and reads, a household member, files
in the storage. Every person here is fictitious; the names are rare on purpose, so that a search
for them finds only what belongs to this client."""

import datetime
from dataclasses import dataclass

from auditlog.signals import accessed
from django.core.files.base import ContentFile
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    Action,
    Appointment,
    Assessment,
    AssessmentEntry,
    Case,
    CasePhase,
    Client,
    ClosureReason,
    Consent,
    ConsentKind,
    Contact,
    ContactChannel,
    Document,
    EducationKind,
    EducationRecord,
    Goal,
    GoalOutcome,
    Language,
    LanguageCertificate,
    LifeDomain,
    PhaseTransition,
    Referral,
    ReferralState,
    ResidencePeriod,
    ResidenceStatus,
)
from kim.cases.tests.factories import ClientFactory
from kim.directory.tests.factories import MunicipalityFactory, OfficeFactory

# what must be gone after the erasure (the name before and after a change of the last name, the
# names in original script, contact and address)
FIRST = "Quirinella"
LAST_BEFORE = "Zaborowska"
LAST = "Zaborowska-Xenakis"
SECRETS = [
    FIRST,
    LAST_BEFORE,
    "Xenakis",
    "Квиринелла",
    "Заборовская",
    "+49 2371 998877",
    "q.zabo@example.org",
    "Ulmenweg 17",
    "Zaborowska_Pass",
]
PDF = b"%PDF-1.4 Zaborowska test file\n"


@dataclass
class ClientFile:
    client: Client
    case: Case
    household_member: Client
    document: Document
    consent: Consent


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def backdate(client, day):
    """Every activity of the client's file on ``day`` (not later), so that the retention period
    counts from ``day`` or from the closure of the last case."""
    moment = _noon(day)
    Client.objects.filter(pk=client.pk).update(created_at=moment, updated_at=moment)
    Consent.objects.filter(client=client).update(recorded_at=moment)
    for model in (ResidencePeriod, LanguageCertificate, EducationRecord):
        model.objects.filter(client=client).update(recorded_at=moment)
    PhaseTransition.objects.filter(case__client=client).update(at=moment)


def client_without_case(*, active_on, **fields):
    client = ClientFactory(**fields)
    backdate(client, active_on)
    return client


def client_file(
    *,
    opened_on,
    closed_on,
    case_manager=None,
    municipality=None,
    office=None,
    date_of_birth=datetime.date(1990, 5, 17),
    nationalities=("SY",),
):
    """A client with one case (closed on ``closed_on``, or open if ``None``) and everything that
    can hang off it; all activity lies on or before the closure (or the opening)."""
    case_manager = case_manager or UserFactory(role=Role.CASE_MANAGER)
    municipality = municipality or MunicipalityFactory()
    office = office or OfficeFactory(municipality=municipality)
    client = Client.objects.create(
        first_name=FIRST,
        last_name=LAST_BEFORE,
        first_name_original="Квиринелла",
        last_name_original="Заборовская",
        date_of_birth=date_of_birth,
        gender="female",
        nationalities=list(nationalities),
        municipality=municipality,
        residence_status=ResidenceStatus.objects.get(code="aufenthaltserlaubnis"),
        residence_section="§ 25 Abs. 2 AufenthG",
        phone="+49 2371 998877",
        email="q.zabo@example.org",
        street="Ulmenweg 17",
        postal_code="58636",
        city="Iserlohn",
        created_by=case_manager,
    )
    client.last_name = LAST  # a change of name: the log keeps the name before
    client.save()
    client.languages.add(Language.objects.get(code="ar"))
    member = ClientFactory(municipality=municipality, created_by=case_manager)
    client.household_members.add(member)

    closed = closed_on is not None
    case = Case.objects.create(
        number=f"2024-{Case.objects.count() + 900000:06d}",
        client=client,
        case_manager=case_manager,
        access_channel="jobcenter",
        opened_on=opened_on,
        phase=CasePhase.CLOSED if closed else CasePhase.IMPLEMENTATION,
        closed_on=closed_on,
        closure_reason=ClosureReason.GOALS_ACHIEVED if closed else "",
        closure_outcome=f"{FIRST} hat eine Arbeit gefunden." if closed else "",
    )
    PhaseTransition.objects.create(
        case=case, from_phase="", to_phase="intake", by=case_manager, note=f"Erstgespräch {FIRST}"
    )
    language = LifeDomain.objects.get(code="language")
    assessment = Assessment.objects.create(
        case=case, assessed_on=opened_on, by=case_manager, summary=f"{FIRST} {LAST} braucht B1."
    )
    AssessmentEntry.objects.create(
        assessment=assessment,
        life_domain=language,
        need="high",
        situation=f"{FIRST} spricht A2.",
        resources="Schwester Xenakis hilft.",
    )
    goal = Goal.objects.create(
        case=case,
        life_domain=language,
        description=f"{FIRST} erreicht B1",
        agreed_on=opened_on,
        target_date=opened_on + datetime.timedelta(days=180),
        outcome=GoalOutcome.ACHIEVED if closed else GoalOutcome.OPEN,
        outcome_on=closed_on,
    )
    Action.objects.create(
        goal=goal, description=f"Anmeldung von {FIRST}", due_on=opened_on, done_on=opened_on
    )
    Referral.objects.create(
        case=case,
        office=office,
        reason=f"{LAST} sucht einen Kurs",
        state=ReferralState.ACCEPTED,
        proposed_on=opened_on,
        sent_on=opened_on,
        answered_on=opened_on + datetime.timedelta(days=3),
        outcome=f"{FIRST} angemeldet",
        created_by=case_manager,
    )
    contact = Contact.objects.create(
        case=case,
        contact_on=opened_on,
        duration_minutes=45,
        channel=ContactChannel.IN_PERSON,
        note=f"{FIRST} kam mit Tochter.",
        by=case_manager,
    )
    contact.life_domains.add(language)
    Appointment.objects.create(
        case=case,
        starts_at=_noon(opened_on),
        place="Ulmenweg 17 (Hausbesuch)",
        note=f"bei {LAST}",
        case_manager=case_manager,
    )
    document = Document.objects.create(
        case=case,
        file=ContentFile(PDF, name="Zaborowska_Pass.pdf"),
        original_name="Zaborowska_Pass.pdf",
        content_type="application/pdf",
        size=len(PDF),
        description=f"Pass von {FIRST}",
        uploaded_by=case_manager,
    )
    consent = Consent.objects.create(
        client=client,
        kind=ConsentKind.WAIVER,
        given_on=opened_on,
        scope=f"Austausch zu {FIRST} mit dem Jobcenter",
        scan=ContentFile(PDF, name="einwilligung.pdf"),
        revocation_note="",
        recorded_by=case_manager,
    )
    consent.organisations.add(office.organisation)
    ResidencePeriod.objects.create(
        client=client,
        status=ResidenceStatus.objects.get(code="aufenthaltserlaubnis"),
        legal_basis="§ 25 Abs. 2 AufenthG",
        started_on=datetime.date(2019, 1, 1),
        note=f"Titel von {FIRST}",
        recorded_by=case_manager,
    )
    LanguageCertificate.objects.create(
        client=client,
        language=Language.objects.get(code="de"),
        level="B1",
        issued_on=opened_on,
        issuer=f"VHS ({LAST})",
        recorded_by=case_manager,
    )
    EducationRecord.objects.create(
        client=client,
        kind=EducationKind.SCHOOL_ATTENDANCE,
        institution=f"Schule von {FIRST}",
        started_on=datetime.date(2019, 8, 1),
        recorded_by=case_manager,
    )
    accessed.send(sender=Client, instance=client)
    accessed.send(sender=Case, instance=case)
    backdate(client, closed_on or opened_on)
    return ClientFile(client, case, member, document, consent)
