"""Demo data of governance and network (concept § 2.3, § 3.2, § 3.3, § 3.5, § 3.8).

The bodies and the seats of the steering group are the ones the concept names; every person is
fictitious (the demo login ``thomas.becker`` holds the Jobcenter seat). Meetings, resolutions,
minutes, agreements and evaluations are invented examples. Dates are counted from today, so that
the demo always shows two past steering group meetings, one planned meeting and two to three
agreements whose evaluation is due within 60 days.

``load()`` runs after the directory, accounts and hurdles demos; it does nothing when any body
exists already.
"""

import calendar
import datetime
import unicodedata

from django.db import transaction
from django.utils import timezone

from kim.accounts.models import User
from kim.directory import demo as directory_demo
from kim.directory.models import (
    ContactPerson,
    ContactRole,
    Municipality,
    Organisation,
    OrganisationType,
)
from kim.hurdles.models import GenerativeTheme, ThemeState

from . import services
from .models import (
    AgendaItem,
    AgreementEvaluation,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    CooperationAgreement,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    Minutes,
    Resolution,
    ResolutionKind,
    ResolutionResult,
    Seat,
    SeatRole,
)

COORDINATOR = "jonas.keller"
STEERING_MEMBER = "thomas.becker"
KREIS = "Märkischer Kreis"
BAMF = "Bundesamt für Migration und Flüchtlinge"
PLACE = "Kreishaus Lüdenscheid, Sitzungsraum 1"
MEMBERS_SINCE = datetime.date(2021, 9, 1)

STEERING_GROUP = "Lenkungsgruppe KIM Märkischer Kreis"

# § 4 (2) of the rules of procedure (concept § 3.2), in this order:
# seat, sending organisation, role, member (fictitious), deputy (fictitious)
SEATS = [
    (
        "Fachbereichsleitung Jugend und Bildung des Märkischen Kreises",
        KREIS,
        SeatRole.CHAIR,
        "Dr. Claudia Reinhardt",
        "Michael Sauer",
    ),
    (
        "Leitung des Kommunalen Integrationszentrums Märkischer Kreis",
        KREIS,
        SeatRole.DEPUTY_CHAIR,
        "Birgit Lammert",
        "Stefan Kühn",
    ),
    (
        "Fachbereichsleitung Öffentliche Ordnung des Märkischen Kreises",
        KREIS,
        SeatRole.MEMBER,
        "Rainer Holtkamp",
        "Anja Wiegand",
    ),
    (
        "Vertretung der Stadt Iserlohn",
        "Stadt Iserlohn",
        SeatRole.MEMBER,
        "Susanne Brandt",
        "Marco Feldmann",
    ),
    (
        "Vertretung der Stadt Lüdenscheid",
        "Stadt Lüdenscheid",
        SeatRole.MEMBER,
        "Heike Schröer",
        "Patrick Vollmer",
    ),
    (
        "Vertretung einer weiteren kreisangehörigen Kommune (für die kleineren Kommunen ohne "
        "eigene Ausländer- und Einbürgerungsbehörde)",
        "Stadt Plettenberg",
        SeatRole.MEMBER,
        "Jens Rademacher",
        "Sabine Otte",
    ),
    (
        "Vertretung der Freien Wohlfahrtspflege (1)",
        "AWO Unterbezirk Hagen/Märkischer Kreis",
        SeatRole.MEMBER,
        "Kerstin Albrecht",
        "Ahmet Kaya",
    ),
    (
        "Vertretung der Freien Wohlfahrtspflege (2)",
        "Caritasverband Iserlohn",
        SeatRole.MEMBER,
        "Bernd Lüke",
        "Maria Schwarz",
    ),
    (
        "Vertretung der Bundesagentur für Arbeit",
        "Bundesagentur für Arbeit",
        SeatRole.MEMBER,
        "Frank Westermann",
        "Nicole Brück",
    ),
    (
        "Vertretung des Bundesamtes für Migration und Flüchtlinge",
        BAMF,
        SeatRole.MEMBER,
        "Oliver Sander",
        "Eva Lindner",
    ),
    (
        "Vertretung des Jobcenters Märkischer Kreis",
        "Jobcenter Märkischer Kreis",
        SeatRole.MEMBER,
        "Thomas Becker",
        "Daniela Krüger",
    ),
    (
        "Vertretung aus dem Bereich der Migrantenselbstorganisationen/Ehrenamt",
        None,
        SeatRole.MEMBER,
        "Samira Haddad",
        "Viktor Petrenko",
    ),
]
JOBCENTER_SEAT = 10  # index in SEATS: the seat of the demo login thomas.becker

# name, short name, kind, meetings per year, task (concept § 2.3)
BODIES = [
    (
        "Facharbeitskreis Integration",
        "FAK Integration",
        BodyKind.WORKING_CIRCLE,
        4,
        "Die Integrationsbeauftragten der 15 kreisangehörigen Kommunen; Leitung: Kommunales "
        "Integrationszentrum, Koordination: KIM. Tagt drei- bis viermal im Jahr (§ 2.3 a, § 3.8).",
    ),
    (
        "Facharbeitskreis MSO",
        "FAK MSO",
        BodyKind.WORKING_CIRCLE,
        None,
        "Migrantenselbstorganisationen aus dem gesamten Märkischen Kreis; wesentliche "
        "Beteiligungsform für Migrantinnen und Migranten am kreisweiten Integrationsprozess "
        "(§ 2.3 b).",
    ),
    (
        "Lenkungskreis Regionales Bildungsnetzwerk MK",
        "Lenkungskreis RBN",
        BodyKind.INFORMED,
        None,
        "Landrat, Vertretungen der Kommunen, Schulen, Schulaufsicht und Kitas; wird in jeder "
        "Sitzung durch einen Tätigkeitsbericht über Integration und Migration informiert "
        "(§ 2.3 e).",
    ),
    (
        "Steuerungsgruppe Kein Abschluss ohne Anschluss",
        "Steuerungsgruppe KAoA",
        BodyKind.INFORMED,
        None,
        "Vertretungen aus Wirtschaft, Kommunen und Kreis zum Landesprogramm „Kein Abschluss "
        "ohne Anschluss – Übergang Schule-Beruf in NRW“; wird in ihren Sitzungen informiert "
        "(§ 2.3 f).",
    ),
    (
        "Ausschuss für Schule, Bildung und Integration",
        "Ausschuss SBI",
        BodyKind.INFORMED,
        None,
        "Politischer Ausschuss (Name für die Demo gewählt); erhält den regelmäßigen "
        "Tätigkeitsbericht des KIM (§ 2.3, letzter Absatz).",
    ),
    (
        "Integrationsrat",
        "",
        BodyKind.INFORMED,
        None,
        "Die Integrationsräte der größeren Kommunen werden durch regelmäßige Berichterstattung "
        "in den Gesamtprozess eingebunden (§ 2.3, § 2.4).",
    ),
]

MSO_MEMBERS = ["Leyla Aydın", "Nikolai Wagner", "Fatma Yıldız", "Joseph Mensah"]
LOCAL_CIRCLE = "Arbeitskreis Integration Menden"
LOCAL_TOWN = "Menden (Sauerland)"
LOCAL_MEMBERS = [("Ute Brenner", "Caritasverband Iserlohn"), ("Hakan Öztürk", None)]

# municipality: (signed on, evaluation every … months, next evaluation due in … days from today,
# negative = overdue). Balve, Kierspe and Werdohl are due within 60 days.
MUNICIPAL_AGREEMENTS = {
    "Altena": (datetime.date(2021, 3, 15), 12, 140),
    "Balve": (datetime.date(2021, 6, 1), 24, -12),
    "Halver": (datetime.date(2021, 4, 20), 12, 95),
    "Hemer": (datetime.date(2021, 2, 10), 12, 210),
    "Herscheid": (datetime.date(2022, 1, 18), 24, 380),
    "Iserlohn": (datetime.date(2021, 1, 28), 12, 160),
    "Kierspe": (datetime.date(2021, 9, 7), 12, 21),
    "Lüdenscheid": (datetime.date(2021, 2, 3), 12, 250),
    "Meinerzhagen": (datetime.date(2022, 3, 1), 24, 300),
    "Menden (Sauerland)": (datetime.date(2021, 5, 12), 12, 75),
    "Nachrodt-Wiblingwerde": (datetime.date(2022, 2, 14), 24, 450),
    "Neuenrade": (datetime.date(2021, 11, 3), 12, 120),
    "Plettenberg": (datetime.date(2021, 3, 30), 12, 185),
    "Schalksmühle": (datetime.date(2022, 4, 5), 24, 520),
    "Werdohl": (datetime.date(2021, 7, 6), 12, 48),
}
MUNICIPAL_TITLE = "Kooperationsvereinbarung KIM-Case-Management und Zusammenarbeit im KIM-Prozess"
MUNICIPAL_SUBJECTS = (
    "Einsatz des KIM-Case-Managements vor Ort nach dem Verteilungsschlüssel (§ 3.6): "
    "Sprechzeiten und Beratungsraum in {town}.\n"
    "Dauerhafter Informationsfluss zwischen der Kommune und der koordinierenden Stelle, "
    "Mitwirkung der oder des Integrationsbeauftragten im Facharbeitskreis Integration.\n"
    "Meldung struktureller Hürden über den Meldebogen und Beteiligung an Fallrekonstruktionen."
)

# partner, title, subjects, signed on, interval, next evaluation due in … days
OTHER_AGREEMENTS = [
    (
        "Stadt Iserlohn",
        "Kooperationsvereinbarung Koordinierungsstelle Iserlohn",
        "Weiterleitung einer Vollzeitstelle Koordination an die Stadt Iserlohn (§ 3.5) und "
        "eigene Koordinierungsstelle dort.\n"
        "Regelmäßige Teamsitzungen, Austauschtreffen und Dienstbesprechungen der Koordination "
        "in Iserlohn und Lüdenscheid.\n"
        "Rückkopplung der Erkenntnisse aus der Iserlohner Ausländer- und Einbürgerungsbehörde "
        "in die Analysen der koordinierenden Stelle (§ 3.7).",
        datetime.date(2021, 1, 15),
        12,
        100,
    ),
    (
        "AWO Unterbezirk Hagen/Märkischer Kreis",
        "Kooperationsvereinbarung Migrationsberatung und KIM-Case-Management",
        "Abgestimmte Übergänge zwischen Migrationsberatung (MBE), Jugendmigrationsdienst "
        "Lüdenscheid und KIM-Case-Management.\n"
        "Verweisungen nur mit Einwilligung der Klient:innen; Rückmeldung an die verweisende "
        "Stelle.\n"
        "Beteiligung an Fallrekonstruktionen, wenn die AWO einen Meldebogen eingebracht hat.",
        datetime.date(2023, 3, 1),
        24,
        200,
    ),
]

RESULTS = [
    (
        "Die Sprechzeiten des KIM-Case-Managements vor Ort werden gut angenommen; Zuweisungen "
        "kommen vor allem aus dem Sozialamt und über die Integrationsbeauftragten. Der "
        "Informationsfluss zur koordinierenden Stelle läuft über den Facharbeitskreis.",
        "Sprechzeiten ab dem nächsten Quartal um einen Vormittag erweitern.",
    ),
    (
        "Der Beratungsraum steht nicht an allen Sprechtagen zur Verfügung. Die Zusammenarbeit "
        "mit der Verwaltung ist eng; Meldebögen zu strukturellen Hürden kommen regelmäßig.",
        "Die Kommune prüft einen festen Beratungsraum und meldet sich bis zur nächsten Sitzung "
        "des Facharbeitskreises.",
    ),
    (
        "Die Vereinbarung hat sich bewährt. Neu zugewanderte Familien werden über die "
        "Erstberatung des KI und das Case Management erreicht; Wartezeiten bei der "
        "Ausländerbehörde bleiben ein Thema für die Lenkungsgruppe.",
        "Vereinbarung unverändert fortführen.",
    ),
]


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _email(name, domain):
    plain = unicodedata.normalize("NFKD", name.replace("Dr. ", "")).encode("ascii", "ignore")
    return f"{plain.decode().lower().replace(' ', '.')}@{domain}.example"


def _second_wednesday(year, month):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def meeting_days(today):
    """Two past steering group meetings (spring and autumn rhythm) and one planned meeting three
    to four weeks ahead."""
    spring = _second_wednesday(today.year, 5)
    if spring + datetime.timedelta(days=7) <= today:
        older, newer = _second_wednesday(today.year - 1, 11), spring
    else:
        older, newer = _second_wednesday(today.year - 1, 5), _second_wednesday(today.year - 1, 11)
    upcoming = today + datetime.timedelta(days=21)
    upcoming += datetime.timedelta(days=(2 - upcoming.weekday()) % 7)
    return older, newer, upcoming


class _Builder:
    def __init__(self, today):
        self.today = today
        self.coordinator = User.objects.filter(username=COORDINATOR).first()
        if self.coordinator is None:
            raise RuntimeError(
                "Demo-Login jonas.keller fehlt; bitte zuerst accounts.demo.load() ausführen."
            )
        self.steering_user = User.objects.filter(username=STEERING_MEMBER).first()
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        if BAMF not in self.organisations:
            self.organisations[BAMF] = Organisation.objects.create(
                name=BAMF, short_name="BAMF", type=OrganisationType.AUTHORITY
            )
        self.town_org = {
            name: self.organisations[f"{kind} {name}"]
            for name, _ags, kind in directory_demo.MUNICIPALITIES
        }

    def build(self):
        steering, seat_holders = self._steering_group()
        bodies = [steering, *self._other_bodies()]
        meetings = self._meetings(steering, seat_holders)
        agreements = self._agreements()
        return {"bodies": len(bodies), "meetings": meetings, "agreements": agreements}

    # --- bodies ------------------------------------------------------------------------------

    def _steering_group(self):
        steering = Body.objects.create(
            name=STEERING_GROUP,
            short_name="Lenkungsgruppe",
            kind=BodyKind.STEERING_GROUP,
            meetings_per_year=2,
            description=(
                "Strategische Ausrichtung des Gesamtprozesses: fasst Beschlüsse, empfiehlt "
                "Veränderungsprozesse in Organisationen, richtet thematische Arbeitsgruppen ein "
                "und bereitet politische Entscheidungen vor. Tagt in der Regel zweimal im "
                "Kalenderjahr (§ 3.2). Zusammensetzung nach § 4 Abs. 2 der Geschäftsordnung."
            ),
        )
        holders = []
        for position, (label, org_name, role, member, deputy) in enumerate(SEATS, start=1):
            organisation = self.organisations.get(org_name) if org_name else None
            seat = Seat.objects.create(
                body=steering,
                label=label,
                organisation=organisation,
                role=role,
                position=position,
            )
            domain = "lenkungsgruppe"
            pair = []
            for function, name in (
                (MembershipFunction.MEMBER, member),
                (MembershipFunction.DEPUTY, deputy),
            ):
                is_jobcenter_member = (
                    position - 1 == JOBCENTER_SEAT and function == MembershipFunction.MEMBER
                )
                pair.append(
                    Membership.objects.create(
                        body=steering,
                        seat=seat,
                        function=function,
                        user=self.steering_user if is_jobcenter_member else None,
                        name=name,
                        organisation=organisation,
                        email=_email(name, domain),
                        starts_on=MEMBERS_SINCE,
                    )
                )
            holders.append(pair)
        return steering, holders

    def _other_bodies(self):
        bodies = []
        for name, short_name, kind, per_year, description in BODIES:
            bodies.append(
                Body.objects.create(
                    name=name,
                    short_name=short_name,
                    kind=kind,
                    meetings_per_year=per_year,
                    description=description,
                )
            )
        integration, mso = bodies[0], bodies[1]
        officers = ContactPerson.objects.filter(
            role=ContactRole.INTEGRATION_OFFICER
        ).select_related("organisation", "municipality")
        for officer in sorted(officers, key=lambda o: o.municipality.name):
            name = f"{officer.first_name} {officer.last_name}"
            Membership.objects.create(
                body=integration,
                name=name,
                organisation=officer.organisation,
                email=officer.email or _email(name, "kommune"),
                starts_on=datetime.date(2021, 1, 1),
            )
        for name in MSO_MEMBERS:
            Membership.objects.create(
                body=mso, name=name, email=_email(name, "mso"), starts_on=datetime.date(2021, 1, 1)
            )
        menden = Municipality.objects.filter(name=LOCAL_TOWN).first()
        local = Body.objects.create(
            name=LOCAL_CIRCLE,
            short_name="AK Integration Menden",
            kind=BodyKind.LOCAL_CIRCLE,
            municipality=menden,
            meetings_per_year=4,
            description=(
                "Örtliche Akteurinnen und Akteure der Integrationsarbeit in Menden; das KI ist "
                "Mitglied (§ 2.3 c)."
            ),
        )
        bodies.append(local)
        officer = ContactPerson.objects.filter(
            role=ContactRole.INTEGRATION_OFFICER, municipality=menden
        ).first()
        members = [(f"{officer.first_name} {officer.last_name}", officer.organisation, True)]
        members += [(n, self.organisations.get(o) if o else None, False) for n, o in LOCAL_MEMBERS]
        for name, organisation, is_lead in members:
            Membership.objects.create(
                body=local,
                name=name,
                organisation=organisation,
                email=_email(name, "menden"),
                is_lead=is_lead,
                starts_on=datetime.date(2022, 1, 1),
            )
        return bodies

    # --- meetings ----------------------------------------------------------------------------

    def _meeting(self, body, day, title, state, invitation):
        return Meeting.objects.create(
            body=body,
            title=title,
            starts_at=_at(day, 14),
            ends_at=_at(day, 16, 30),
            place=PLACE,
            invitation=invitation,
            state=state,
            created_by=self.coordinator,
        )

    def _agenda(self, meeting, titles):
        return [
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=title, description=description, **extra
            )
            for position, (title, description, extra) in enumerate(titles, start=1)
        ]

    def _attendance(self, meeting, holders, excused, absent_deputies=()):
        """Members present except the seats in ``excused``, whose deputies come instead
        unless listed in ``absent_deputies``. Returns how many seats were represented."""
        represented = 0
        for index, (member, deputy) in enumerate(holders):
            org = member.organisation.name if member.organisation else ""
            if index in excused:
                Attendance.objects.create(
                    meeting=meeting,
                    membership=member,
                    name=member.name,
                    organisation=org,
                    status=AttendanceStatus.EXCUSED,
                )
                if index in absent_deputies:
                    continue
                Attendance.objects.create(
                    meeting=meeting,
                    membership=deputy,
                    name=deputy.name,
                    organisation=org,
                    status=AttendanceStatus.PRESENT,
                )
            else:
                Attendance.objects.create(
                    meeting=meeting,
                    membership=member,
                    name=member.name,
                    organisation=org,
                    status=AttendanceStatus.PRESENT,
                )
            represented += 1
        Attendance.objects.create(
            meeting=meeting,
            name=self.coordinator.get_full_name() or self.coordinator.username,
            organisation=f"{KREIS}, KIM-Koordination (Protokoll)",
            status=AttendanceStatus.GUEST,
        )
        return represented

    def _resolution(self, meeting, item, number, text, kind, votes):
        votes_for, votes_against, votes_abstain = votes
        return Resolution.objects.create(
            meeting=meeting,
            agenda_item=item,
            number=number,
            text=text,
            kind=kind,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            result=ResolutionResult.ADOPTED,
            created_by=self.coordinator,
        )

    def _meetings(self, steering, holders):
        older_day, newer_day, upcoming_day = meeting_days(self.today)
        invitation = (
            "Sehr geehrte Mitglieder der Lenkungsgruppe,\n\nhiermit lade ich Sie zur Sitzung der "
            "Lenkungsgruppe KIM ein. Die Tagesordnung und die Unterlagen finden Sie in KIM.\n\n"
            "Mit freundlichen Grüßen\nKIM-Koordination"
        )

        # --- older meeting: held, minutes approved in the newer one ---
        older = self._meeting(
            steering,
            older_day,
            f"{older_day.month:02d}/{older_day.year}: Sitzung der Lenkungsgruppe",
            MeetingState.HELD,
            invitation,
        )
        items = self._agenda(
            older,
            [
                ("Begrüßung und Feststellung der Beschlussfähigkeit", "", {}),
                ("Tätigkeitsbericht der KIM-Koordination", "Bericht über das Halbjahr.", {}),
                (
                    "Stand der Kooperationsvereinbarungen mit den Kommunen",
                    "Ergebnisse der Evaluationen, Ausblick.",
                    {},
                ),
                ("Verschiedenes und Sitzungstermine", "", {}),
            ],
        )
        present = self._attendance(older, holders, excused={5, 9}, absent_deputies={9})
        prefix = f"LG {older_day.year}/"
        self._resolution(
            older,
            items[2],
            prefix + "1",
            "Die Lenkungsgruppe nimmt den Bericht zu den Kooperationsvereinbarungen zur Kenntnis. "
            "Die Koordination berichtet in der nächsten Sitzung über die anstehenden "
            "Evaluationen.",
            ResolutionKind.OTHER,
            (present, 0, 0),
        )
        self._resolution(
            older,
            items[3],
            prefix + "2",
            "Die Lenkungsgruppe tagt im kommenden Jahr im Mai und im November.",
            ResolutionKind.OTHER,
            (present, 0, 0),
        )
        older_minutes = Minutes.objects.create(
            meeting=older,
            text=(
                f"Sitzung der Lenkungsgruppe KIM am {older_day:%d.%m.%Y}, {PLACE}, 14:00 bis "
                "16:30 Uhr.\n\n"
                "TOP 1: Die Vorsitzende begrüßt die Mitglieder und stellt die "
                "Beschlussfähigkeit fest.\n\n"
                "TOP 2: Die KIM-Koordination berichtet über Fallzahlen, Meldebögen und die "
                "begonnenen Fallrekonstruktionen. Rückfragen betreffen die Wartezeiten bei den "
                "Ausländerbehörden.\n\n"
                "TOP 3: Die Koordination stellt den Stand der Kooperationsvereinbarungen mit den "
                "15 Kommunen vor (Beschluss " + prefix + "1).\n\n"
                "TOP 4: Die Sitzungstermine des kommenden Jahres werden beschlossen (Beschluss "
                + prefix
                + "2)."
            ),
            created_by=self.coordinator,
        )

        # --- newer meeting: held, approves the older minutes; its own minutes are a draft ---
        newer = self._meeting(
            steering,
            newer_day,
            f"{newer_day.month:02d}/{newer_day.year}: Sitzung der Lenkungsgruppe",
            MeetingState.HELD,
            invitation,
        )
        items = self._agenda(
            newer,
            [
                (f"Genehmigung des Protokolls der Sitzung vom {older_day:%d.%m.%Y}", "", {}),
                (
                    "Bericht aus dem KIM-Case-Management",
                    "Zugänge, Schwerpunkte und wiederkehrende Hürden im letzten Halbjahr.",
                    {},
                ),
                (
                    "Ansprechpersonen für das KIM-Case-Management bei Jobcenter und Agentur "
                    "für Arbeit",
                    "Vorschlag der Koordination.",
                    {},
                ),
            ],
        )
        present = self._attendance(newer, holders, excused={7, 2})
        prefix = f"LG {newer_day.year}/"
        self._resolution(
            newer,
            items[0],
            prefix + "1",
            f"Das Protokoll der Sitzung vom {older_day:%d.%m.%Y} wird genehmigt.",
            ResolutionKind.OTHER,
            (present - 1, 0, 1),
        )
        self._resolution(
            newer,
            items[2],
            prefix + "2",
            "Die Lenkungsgruppe empfiehlt dem Jobcenter Märkischer Kreis und der Agentur für "
            "Arbeit, in jeder Geschäftsstelle eine feste Ansprechperson für das "
            "KIM-Case-Management zu benennen.",
            ResolutionKind.RECOMMEND_CHANGE,
            (present - 2, 1, 1),
        )
        services.approve_minutes(older_minutes, in_meeting=newer, by=self.coordinator)
        Minutes.objects.filter(pk=older_minutes.pk).update(approved_at=newer.ends_at)
        Minutes.objects.create(
            meeting=newer,
            text=(
                f"Sitzung der Lenkungsgruppe KIM am {newer_day:%d.%m.%Y}, {PLACE}.\n\n"
                f"TOP 1: Das Protokoll der Sitzung vom {older_day:%d.%m.%Y} wird genehmigt "
                f"(Beschluss {prefix}1).\n\n"
                "TOP 2: Das Case Management berichtet über Zugänge und wiederkehrende Hürden, "
                "vor allem beim Aufenthaltsrecht und bei der Kinderbetreuung während der "
                "Integrationskurse.\n\n"
                "TOP 3: Die Lenkungsgruppe empfiehlt feste Ansprechpersonen bei Jobcenter und "
                f"Agentur für Arbeit (Beschluss {prefix}2)."
            ),
            created_by=self.coordinator,
        )

        # --- upcoming meeting: planned, three agenda items, one with the theme to decide ---
        upcoming = self._meeting(
            steering,
            upcoming_day,
            f"{upcoming_day.month:02d}/{upcoming_day.year}: Sitzung der Lenkungsgruppe",
            MeetingState.PLANNED,
            invitation,
        )
        theme = (
            GenerativeTheme.objects.filter(state=ThemeState.BEFORE_STEERING_GROUP)
            .order_by("pk")
            .first()
        )
        theme_item = (
            (
                f"Generatives Thema: {theme.title}",
                "Vorlage der KIM-Koordination aus den Fallrekonstruktionen; Entscheidung über "
                "die Einrichtung einer Arbeitsgruppe und ihre Mitglieder.",
                {"theme": theme},
            )
            if theme
            else ("Generative Themen aus den Fallrekonstruktionen", "", {})
        )
        self._agenda(
            upcoming,
            [
                (f"Genehmigung des Protokolls der Sitzung vom {newer_day:%d.%m.%Y}", "", {}),
                theme_item,
                (
                    "Evaluation der Kooperationsvereinbarungen mit den Kommunen",
                    "Bericht der Koordination über die fälligen Evaluationen.",
                    {},
                ),
            ],
        )
        return 3

    # --- cooperation agreements --------------------------------------------------------------

    def _evaluate(self, agreement, due_in_days, index):
        """Evaluations in the agreed interval, the last one such that the next is due
        ``due_in_days`` from today; at most three, the first half an interval after signing at the
        earliest."""
        due_on = self.today + datetime.timedelta(days=due_in_days)
        months = agreement.evaluation_interval_months
        day = _add_months(due_on, -months)
        earliest = _add_months(agreement.signed_on, max(1, months // 2))
        dates = []
        while day >= earliest and len(dates) < 3:
            dates.append(day)
            day = _add_months(day, -months)
        for offset, evaluated_on in enumerate(reversed(dates)):
            result, next_steps = RESULTS[(index + offset) % len(RESULTS)]
            AgreementEvaluation.objects.create(
                agreement=agreement,
                evaluated_on=evaluated_on,
                result=result,
                next_steps=next_steps,
                by=self.coordinator,
            )

    def _agreements(self):
        count = 0
        for index, (town, (signed_on, months, due_in_days)) in enumerate(
            MUNICIPAL_AGREEMENTS.items()
        ):
            agreement = CooperationAgreement.objects.create(
                partner=self.town_org[town],
                title=MUNICIPAL_TITLE,
                signed_on=signed_on,
                subjects=MUNICIPAL_SUBJECTS.format(town=town),
                evaluation_interval_months=months,
            )
            self._evaluate(agreement, due_in_days, index)
            count += 1
        for index, (partner, title, subjects, signed_on, months, due_in_days) in enumerate(
            OTHER_AGREEMENTS
        ):
            agreement = CooperationAgreement.objects.create(
                partner=self.organisations[partner],
                title=title,
                subjects=subjects,
                signed_on=signed_on,
                evaluation_interval_months=months,
            )
            self._evaluate(agreement, due_in_days, index + 1)
            count += 1
        return count


@transaction.atomic
def load(today=None):
    """Create the governance demo unless any body exists; returns the counts created."""
    if Body.objects.exists():
        return {"bodies": 0, "meetings": 0, "agreements": 0}
    return _Builder(today or timezone.localdate()).build()
