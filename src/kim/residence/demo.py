"""Demo data of Baustein 3: the pre-check inputs of a few existing demo clients (all persons are
fictitious, see kim/cases/demo.py), so that the pre-check and the list show every kind of
result:

- a tolerated adult client of Anna Berger who is two months short of the six years of § 25b
  AufenthG ("erfüllt ab <Datum>", on the six-month list; a waiver names the foreigners'
  authority, so the referral from the list goes through);
- a young tolerated client in training who meets § 25a AufenthG (with the deadline of her 27th
  birthday);
- a client with a settlement permit who meets § 10 StAG (no waiver for the naturalisation
  authority: the referral is refused with the consent message);
- a client whose residence permit (§ 25 Abs. 3) does not lead to naturalisation (negative), and
  one whose record is incomplete.

So that one demo login shows the client page and the list, Anna Berger also holds the vacant
Baustein 3 position of the foreigners' authority (a demo simplification: in the district these
are posts of the authority). Dates are relative to today; the date of entry of the § 25b client
is aligned with the residence periods recorded for her/him.

``load()`` is idempotent: when any residence period exists it does nothing. It needs the demo of
directory, accounts, cases and staffing first.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.models import (
    Client,
    Consent,
    ConsentKind,
    EducationKind,
    EducationRecord,
    Known,
    Language,
    LanguageCertificate,
    LanguageSkills,
    Livelihood,
    ResidencePeriod,
    ResidenceStatus,
    SchoolAttendance,
)
from kim.staffing.models import FundingModule, Position, PositionType

from .checks import add_months, add_years
from .queries import responsible_office

CASE_MANAGER = "anna.berger"
DAY = datetime.timedelta(days=1)

# the facts of a client who meets everything but time
SETTLED = {
    "identity_clarified": Known.YES,
    "commitment_declared": Known.YES,
    "relevant_convictions": Known.NO,
    "lives_with_minor_child": Known.NO,
    "children_school_attendance": SchoolAttendance.NOT_APPLICABLE,
}


class _Loader:
    def __init__(self, today):
        self.today = today
        self.anna = User.objects.get(username=CASE_MANAGER)
        self.status = {s.code: s for s in ResidenceStatus.objects.all()}
        self.german = Language.objects.get(code="de")
        self.clients = 0

    # --- choosing clients ---------------------------------------------------------------------

    def _anna_open(self):
        return Client.objects.filter(
            cases__case_manager=self.anna, cases__closed_on__isnull=True
        ).distinct()

    @staticmethod
    def _with_section(queryset, text):
        # the legal basis is stored encrypted (kim/core/encryption.py): compared in Python
        return queryset.filter(pk__in=[c.pk for c in queryset if text in c.residence_section])

    def _first(self, queryset, *, born_before=None, born_after=None, entered_before=None):
        if born_before:
            queryset = queryset.filter(
                Q(date_of_birth__lte=born_before) | Q(year_of_birth__lt=born_before.year)
            )
        if born_after:
            queryset = queryset.filter(date_of_birth__gte=born_after)
        if entered_before:
            queryset = queryset.filter(entered_germany_on__lte=entered_before)
        return queryset.exclude(residence_periods__isnull=False).order_by("pk").first()

    # --- writing ------------------------------------------------------------------------------

    def _period(self, client, code, start, end=None, legal_basis=""):
        ResidencePeriod.objects.create(
            client=client,
            status=self.status[code],
            legal_basis=legal_basis,
            started_on=start,
            ended_on=end,
            recorded_by=self.anna,
        )

    def _certificate(self, client, level, issued_on, issuer, skills=LanguageSkills.ALL):
        LanguageCertificate.objects.create(
            client=client,
            language=self.german,
            level=level,
            skills=skills,
            issued_on=issued_on,
            issuer=issuer,
            recorded_by=self.anna,
        )

    def _facts(self, client, **facts):
        Client.objects.filter(pk=client.pk).update(**facts)
        self.clients += 1

    def _waiver_for_authority(self, client, legal_domain):
        office = responsible_office(client.municipality, legal_domain)
        if office is None:
            return
        consent = Consent.objects.create(
            client=client,
            kind=ConsentKind.WAIVER,
            given_on=self.today - datetime.timedelta(days=14),
            scope="Austausch mit der Ausländerbehörde zur Aufenthaltsperspektive (Bleiberecht)",
            recorded_by=self.anna,
        )
        consent.organisations.add(office.organisation)

    # --- the examples -------------------------------------------------------------------------

    def two_months_short_of_25b(self):
        """Tolerated, six years of residence in two months; everything else met."""
        adult = add_years(self.today, -18)
        client = self._first(
            self._anna_open().filter(residence_status__code="duldung"), born_before=adult
        ) or self._first(self._anna_open(), born_before=adult)
        if client is None:
            return None
        start = add_months(add_years(self.today, -6), 2)
        tolerated = add_years(start, 2)
        self._period(client, "gestattung", start, tolerated - DAY)
        self._period(client, "duldung", tolerated)
        self._certificate(client, "A2", add_years(self.today, -1), "telc", LanguageSkills.ORAL)
        self._facts(
            client,
            entered_germany_on=start,
            entered_district_on=max(client.entered_district_on or start, start),
            residence_status=self.status["duldung"],
            residence_section="",
            employment="full_time",
            employment_since=add_months(self.today, -14),
            livelihood=Livelihood.MOSTLY_BY_WORK,
            orientation_test_passed_on=add_months(self.today, -8),
            **SETTLED,
        )
        self._waiver_for_authority(client, "AufenthG")
        return client

    def young_person_under_25a(self):
        """Tolerated, in vocational training after a German school certificate."""
        client = self._first(
            Client.objects.filter(residence_status__code="duldung"),
            born_before=add_years(self.today, -16),
            born_after=add_years(self.today, -26),
            entered_before=add_years(self.today, -4),
        )
        if client is None:
            return None
        entered = client.entered_germany_on
        tolerated = add_years(entered, 2)
        self._period(client, "gestattung", entered, tolerated - DAY)
        self._period(client, "duldung", tolerated)
        school_from = max(entered + datetime.timedelta(days=60), add_years(client.date_of_birth, 6))
        certificate = min(add_years(school_from, 4), add_years(self.today, -1))
        EducationRecord.objects.bulk_create(
            [
                EducationRecord(
                    client=client,
                    kind=EducationKind.SCHOOL_ATTENDANCE,
                    institution="Gesamtschule (Demo)",
                    started_on=school_from,
                    ended_on=certificate,
                    recorded_by=self.anna,
                ),
                EducationRecord(
                    client=client,
                    kind=EducationKind.SCHOOL_CERTIFICATE,
                    institution="Hauptschulabschluss nach Klasse 10",
                    obtained_on=certificate,
                    recorded_by=self.anna,
                ),
                EducationRecord(
                    client=client,
                    kind=EducationKind.VOCATIONAL_TRAINING,
                    institution="Ausbildung zur Kauffrau/zum Kaufmann im Einzelhandel",
                    started_on=certificate + datetime.timedelta(days=20),
                    recorded_by=self.anna,
                ),
            ]
        )
        self._certificate(client, "B1", certificate, "Deutsches Sprachdiplom (Schule)")
        self._facts(
            client,
            employment="training",
            employment_since=certificate + datetime.timedelta(days=20),
            livelihood=Livelihood.PARTLY,
            **SETTLED,
        )
        return client

    def naturalisation(self):
        """Settlement permit after protection, B1 and naturalisation test: § 10 StAG met."""
        client = self._first(
            self._anna_open().filter(residence_status__code="niederlassungserlaubnis"),
            born_before=add_years(self.today, -18),
            entered_before=add_years(self.today, -7),
        )
        if client is None:
            return None
        entered = client.entered_germany_on
        permit = add_months(entered, 10)
        settled = add_years(permit, 5)
        self._period(client, "gestattung", entered, permit - DAY)
        self._period(client, "aufenthaltserlaubnis", permit, settled - DAY, "§ 25 Abs. 2 AufenthG")
        self._period(client, "niederlassungserlaubnis", settled, None, "§ 26 Abs. 3 AufenthG")
        self._certificate(client, "B1", add_years(permit, 2), "BAMF (Deutsch-Test für Zuwanderer)")
        self._facts(
            client,
            employment="part_time",
            employment_since=add_years(self.today, -3),
            livelihood=Livelihood.SECURED,
            integration_course_completed_on=add_years(permit, 2),
            orientation_test_passed_on=add_years(permit, 2),
            naturalisation_test_passed_on=add_months(self.today, -5),
            **SETTLED,
        )
        return client

    def humanitarian_permit(self):
        """Residence permit under § 25 Abs. 3: not a purpose that leads to naturalisation."""
        client = self._first(
            self._with_section(
                self._anna_open().filter(residence_status__code="aufenthaltserlaubnis"),
                "25 Abs. 3",
            ),
            entered_before=add_years(self.today, -5),
        )
        if client is None:
            return None
        entered = client.entered_germany_on
        permit = add_months(entered, 14)
        self._period(client, "gestattung", entered, permit - DAY)
        self._period(client, "aufenthaltserlaubnis", permit, None, "§ 25 Abs. 3 AufenthG")
        self._certificate(client, "B1", add_years(permit, 1), "telc")
        self._facts(
            client,
            employment="full_time",
            employment_since=add_years(self.today, -2),
            livelihood=Livelihood.SECURED,
            naturalisation_test_passed_on=add_months(self.today, -10),
            **SETTLED,
        )
        return client

    def incomplete_record(self):
        """Only the residence periods are recorded so far: the pre-check asks for the rest."""
        client = self._first(
            self._with_section(
                self._anna_open().filter(residence_status__code="aufenthaltserlaubnis"),
                "25 Abs. 2",
            ),
            entered_before=add_years(self.today, -6),
        )
        if client is None:
            return None
        entered = client.entered_germany_on
        permit = add_months(entered, 9)
        self._period(client, "gestattung", entered, permit - DAY)
        self._period(client, "aufenthaltserlaubnis", permit, None, "§ 25 Abs. 2 AufenthG")
        self.clients += 1
        return client

    def baustein3_position(self):
        position = (
            Position.objects.filter(
                funding_module=FundingModule.AUTHORITIES,
                type=PositionType.FOREIGNERS_AUTHORITY,
                holder__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        if position is not None:
            position.holder = self.anna
            position.notes = (
                "Demo: von Anna Berger mitbesetzt, damit ein Demo-Login die Baustein-3-Liste zeigt."
            )
            position.save(update_fields=["holder", "notes"])
        return position


@transaction.atomic
def load():
    """Create the demo inputs; returns what was created (zeros if they exist already)."""
    if ResidencePeriod.objects.exists():
        return {"clients": 0, "position": None, "short_of_25b": None}
    loader = _Loader(timezone.localdate())
    short = loader.two_months_short_of_25b()
    loader.young_person_under_25a()
    loader.naturalisation()
    loader.humanitarian_permit()
    loader.incomplete_record()
    position = loader.baustein3_position()
    return {"clients": loader.clients, "position": position, "short_of_25b": short}
