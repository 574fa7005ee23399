"""Demo data of service chains and target systems (concept § 3.3, § 5; issue #5).

One generative theme, "Zugang zum Integrationskurs", the whole way: developed by the
coordination, put before the steering group, a working group set up by a resolution in the
older held steering group meeting of the governance demo, its two meetings, the target system
with the chain "Vom Erstkontakt zum Integrationskurs" as-is and to-be, three agreements and the
indicators, decided in the newer held meeting and in force from the first day of the following
quarter. Institutions and offices are those of the directory demo; every person is fictitious.
The hurdle reports linked to the theme are those of the hurdles demo about integration courses;
they are all from the last year, so they stand for the reports that kept coming in while the
working group worked and during monitoring.

So that the monitoring shows something, referrals to integration courses are added to demo cases
with a language need (a goal, an assessed need or contacts in the life domain language, an
interpreter needed, or no German among the client's languages), each with a confidentiality
waiver naming the VHS from the day of the referral (as the case demo does for its referrals) and
a contact on that day. They fill every quarter from six quarters before today up to today, as
far as the demo cases allow, with at least five cases for both indicators: before the date in
force with long waits and few acceptances within 30 days, after it with shorter ones. Dates are
counted from today and from the steering group meetings; in the weeks between the decision and
the first quarter in force (late May to early July, early January) there is nothing after yet.

``load()`` is deterministic (``random.Random(2026)``) and idempotent: when the theme or the
working group exists, it does nothing. It needs the directory, accounts, cases, hurdles and
governance demos first.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.models import (
    Case,
    CasePhase,
    Client,
    Consent,
    ConsentKind,
    Contact,
    ContactChannel,
    LifeDomain,
    NeedLevel,
    Referral,
    ReferralState,
)
from kim.directory.models import LegalDomain, Office, Organisation, Responsibility, ServiceType
from kim.governance import demo as governance_demo
from kim.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingState,
    Membership,
    Minutes,
    Resolution,
    ResolutionKind,
    ResolutionResult,
)
from kim.governance.services import approve_minutes
from kim.hurdles import demo as hurdles_demo
from kim.hurdles import services as hurdle_services
from kim.hurdles.models import (
    GenerativeTheme,
    HurdleReport,
    ReportState,
    ThemeState,
    ThemeStateChange,
)

from . import services
from .measures import MEASURES, quarter_of
from .models import (
    Agreement,
    CaseRule,
    ChainStep,
    ChainVariant,
    Indicator,
    ServiceChain,
    TargetSystem,
)

SEED = 2026
DAY = datetime.timedelta(days=1)
COORDINATOR = "jonas.keller"
LEAD = "anna.berger"  # KIM case management in Lüdenscheid: the chain runs through Lüdenscheid
PARTNER = "lea.hoffmann"  # AWO, provider of the migration advice (MBE)

THEME = "Zugang zum Integrationskurs"
CLUSTER = "Sprache und Bildung"
THEME_SUMMARY = (
    "Zwischen der Berechtigung oder Verpflichtung zur Teilnahme am Integrationskurs (Bundesamt, "
    "Ausländerbehörde, Jobcenter) und dem tatsächlichen Kursbeginn an einer Volkshochschule "
    "vergehen oft viele Monate. Die Bescheinigung der Ausländerbehörde erreicht die VHS nicht, "
    "Anmeldung, Einstufung und Kooperationsplan laufen nacheinander statt gemeinsam, und ohne "
    "Betreuungsplatz für kleine Kinder wird ein zugesagter Kurs nicht begonnen. Gemeldet aus "
    "mehreren Kommunen, vom KIM-Case-Management und einer Migrationsberatung."
)
WORKING_GROUP = "AG Zugang zum Integrationskurs"
TARGET_SYSTEM = "Zielsystem Zugang zum Integrationskurs"
TARGET_SUMMARY = (
    "Wer zum Integrationskurs berechtigt oder verpflichtet ist, beginnt den Kurs spätestens drei "
    "Monate nach dem Erstkontakt. Die Bescheinigung geht direkt an die VHS, Anmeldung, "
    "Einstufung und Kooperationsplan werden an einem gemeinsamen Termin erledigt, und die "
    "Kinderbetreuung wird parallel zur Anmeldung geklärt."
)
CHAIN = "Vom Erstkontakt zum Integrationskurs"

KREIS = "Märkischer Kreis"
JOBCENTER = "Jobcenter Märkischer Kreis"
BAMF = governance_demo.BAMF
VHS = "Volkshochschule Lüdenscheid"
TOWN = "Stadt Lüdenscheid"
AWO = "AWO Unterbezirk Hagen/Märkischer Kreis"
VHS_ALL = [
    "Volkshochschule Lüdenscheid",
    "Volkshochschule Iserlohn",
    "Volkshochschule Hemer-Menden-Balve",
    "Volkshochschule Volmetal",
    "Volkshochschule Lennetal",
]
OFFICES = {
    "ki": (KREIS, "Kommunales Integrationszentrum / KIM, Fachdienst Bildung und Integration"),
    "abh": (KREIS, "Ausländerbehörde Märkischer Kreis (Kreishaus Lüdenscheid)"),
    "jobcenter": (JOBCENTER, None),
    "bamf": (BAMF, None),
    "vhs": (VHS, "VHS Lüdenscheid"),
    "youth": (TOWN, "Jugendamt Lüdenscheid"),
}

# name, organisation, unit (for attendance lists and minutes), demo login, lead
MEMBERS = [
    ("Anna Berger", KREIS, "KIM-Case-Management", LEAD, True),
    ("Sebastian Kortmann", KREIS, "Ausländerbehörde", None, False),
    ("Claudia Bremer", JOBCENTER, "Team Integration", None, False),
    ("Ralf Gödde", VHS, "Fachbereich Deutsch als Zweitsprache", None, False),
    ("Dilara Şahin", KREIS, "Kommunales Integrationszentrum", None, False),
    ("Lea Hoffmann", AWO, "Migrationsberatung (MBE)", PARTNER, False),
    ("Matthias Wendt", BAMF, "Regionalkoordination Integrationskurse", None, False),
]


@dataclass(frozen=True)
class Step:
    office: str  # key of OFFICES
    legal: str | None
    title: str
    client_task: str
    institution_task: str
    days: int
    break_point: str = ""


CLEARING = "Erstkontakt und Clearing im KIM-Case-Management"
CERTIFICATE = "Bescheinigung der Teilnahmeberechtigung oder -verpflichtung (§ 44, § 44a AufenthG)"
COOPERATION_PLAN = "Kooperationsplan mit Teilnahme am Integrationskurs"
ADMISSION = "Zulassung zum Integrationskurs und Wahl des Kursträgers"
CHILDCARE = "Betreuungsplatz für Kinder unter sechs Jahren"
WAITING = "Wartezeit bis zum Kursbeginn"

BAMF_STEP = Step(
    "bamf",
    "AufenthG",
    ADMISSION,
    "Antrag auf Zulassung stellen, wenn keine Verpflichtung besteht, und einen Kursträger wählen.",
    "Lässt zum Kurs zu, entscheidet über die Kostenbefreiung und stellt den Berechtigungsschein "
    "aus.",
    21,
)
AS_IS = [
    Step(
        "ki",
        None,
        CLEARING,
        "Kommt mit Pass und Aufenthaltstitel in die Sprechstunde vor Ort.",
        "Klärt Anliegen, Aufenthaltsstatus und Sprachstand und verweist für den Integrationskurs "
        "an die Ausländerbehörde.",
        14,
    ),
    Step(
        "abh",
        "AufenthG",
        CERTIFICATE,
        "Einen Termin bei der Ausländerbehörde buchen und die Bescheinigung selbst zur VHS "
        "bringen.",
        "Stellt die Berechtigung oder Verpflichtung zur Teilnahme fest und händigt die "
        "Bescheinigung aus.",
        42,
        "Die Bescheinigung geht nur an die Person. Bei der VHS kommt sie oft nicht oder erst "
        "Wochen später an; so lange ruht die Anmeldung.",
    ),
    Step(
        "jobcenter",
        "SGB II",
        COOPERATION_PLAN,
        "Zum Termin im Jobcenter kommen und den Kooperationsplan besprechen.",
        "Nimmt den Integrationskurs in den Kooperationsplan auf und verpflichtet bei Bedarf zur "
        "Teilnahme (§ 44a Abs. 1 Satz 1 Nr. 2 AufenthG).",
        21,
    ),
    BAMF_STEP,
    Step(
        "vhs",
        "AufenthG",
        "Anmeldung und Einstufungstest",
        "Sich mit Bescheinigung und Berechtigungsschein anmelden und zum Einstufungstest kommen.",
        "Stuft ein und setzt auf die Warteliste für einen Kurs der passenden Stufe.",
        21,
    ),
    Step(
        "youth",
        "SGB VIII",
        CHILDCARE,
        "Einen Platz über das Kita-Portal anfragen und die Nachweise einreichen.",
        "Vergibt Kita- und Tagespflegeplätze; der Kursbesuch zählt bei der Vergabe weniger als "
        "Arbeit oder Ausbildung.",
        60,
        "Ohne Betreuungsplatz wird der Kurs nicht begonnen; der Kursplatz verfällt, und die "
        "Anmeldung beginnt von vorn.",
    ),
    Step(
        "vhs",
        "AufenthG",
        WAITING,
        "Auf die Einladung warten und erreichbar bleiben.",
        "Beginnt den Kurs, sobald genug Teilnehmende derselben Stufe angemeldet sind.",
        49,
    ),
]
# the same chain as it should be: "Anmeldung und Einstufungstest" is dropped, the joint
# appointment added, the break points are gone
TO_BE = [
    Step(
        "ki",
        None,
        CLEARING,
        "Kommt mit Pass und Aufenthaltstitel in die Sprechstunde vor Ort.",
        "Klärt Anliegen, Aufenthaltsstatus, Sprachstand und den Betreuungsbedarf der Kinder und "
        "holt die Schweigepflichtentbindung für Ausländerbehörde, Jobcenter und VHS ein.",
        7,
    ),
    Step(
        "abh",
        "AufenthG",
        CERTIFICATE,
        "Den Termin bei der Ausländerbehörde wahrnehmen.",
        "Stellt die Berechtigung oder Verpflichtung fest und übermittelt die Bescheinigung mit "
        "Einwilligung innerhalb von fünf Arbeitstagen direkt an die VHS.",
        14,
    ),
    Step(
        "jobcenter",
        "SGB II",
        COOPERATION_PLAN,
        "Zum gemeinsamen Anmeldetermin bei der VHS kommen.",
        "Nimmt Kurs und Betreuungsbedarf beim gemeinsamen Anmeldetermin in den Kooperationsplan "
        "auf.",
        7,
    ),
    BAMF_STEP,
    Step(
        "vhs",
        "AufenthG",
        "Gemeinsamer Anmeldetermin mit Einstufung bei der VHS",
        "Einmal zur VHS kommen: Anmeldung, Einstufungstest und Kooperationsplan an einem Termin.",
        "VHS, Jobcenter und KIM-Case-Management erledigen Anmeldung, Einstufung und "
        "Kooperationsplan gemeinsam; die VHS nennt den Kursbeginn.",
        7,
    ),
    Step(
        "youth",
        "SGB VIII",
        CHILDCARE,
        "Den Betreuungsbedarf beim Clearing nennen; das Case Management stellt die Anfrage.",
        "Klärt die Kinderbetreuung parallel zur Anmeldung: Der Kursbesuch zählt bei der Vergabe "
        "wie eine Ausbildung, bis zum Kursbeginn hilft eine Brückenbetreuung in der "
        "Kindertagespflege.",
        21,
    ),
    Step(
        "vhs",
        "AufenthG",
        WAITING,
        "Auf die Einladung warten und erreichbar bleiben.",
        "Beginnt jeden Monat Kurse; wer eingestuft ist, bekommt den nächsten freien Platz in "
        "Lüdenscheid oder an einem Nachbarstandort.",
        21,
    ),
]

# parties (organisation names), text
AGREEMENTS = [
    (
        [KREIS, "Stadt Iserlohn", *VHS_ALL],
        "Die Ausländerbehörden des Kreises und der Stadt Iserlohn übermitteln die Bescheinigung "
        "über die Teilnahmeberechtigung oder -verpflichtung mit Einwilligung der Person innerhalb "
        "von fünf Arbeitstagen direkt an die gewählte Volkshochschule. Die VHS bestätigt den "
        "Eingang und lädt innerhalb von zwei Wochen zum gemeinsamen Anmeldetermin ein.",
    ),
    (
        [VHS, JOBCENTER, KREIS, BAMF],
        "Jede VHS bietet mindestens einmal im Monat einen gemeinsamen Anmeldetermin an, an dem "
        "Jobcenter und KIM-Case-Management teilnehmen. Anmeldung, Einstufungstest, Antrag auf "
        "Zulassung und Kooperationsplan werden an diesem Termin erledigt; die Regionalkoordination "
        "des Bundesamtes sorgt dafür, dass über Anträge aus diesem Termin vorrangig entschieden "
        "wird.",
    ),
    (
        [TOWN, KREIS, VHS],
        "Die Jugendämter berücksichtigen den Besuch eines Integrationskurses bei der Vergabe von "
        "Betreuungsplätzen wie eine Ausbildung. Bis zum Kursbeginn klärt das "
        "KIM-Case-Management mit dem Jugendamt eine Brückenbetreuung in der Kindertagespflege; "
        "die VHS hält den Kursplatz so lange frei.",
    ),
]

# the working group's meetings: date (attribute of Timeline), title, place, agenda, who was
# excused, minutes
GROUP_MEETINGS = [
    (
        "first_meeting",
        "Auftaktsitzung: Ist-Kette und Bruchstellen",
        "Volkshochschule Lüdenscheid, Raum 3",
        [
            f"Ist-Kette „{CHAIN}“",
            "Bruchstellen aus den Meldebögen und Fallrekonstruktionen",
            "Arbeitsplan bis zur Lenkungsgruppe",
        ],
        "Matthias Wendt",
        "Die Arbeitsgruppe zeichnet die Ist-Kette in sieben Schritten nach: Clearing im "
        "KIM-Case-Management, Bescheinigung der Ausländerbehörde, Kooperationsplan im Jobcenter, "
        "Zulassung durch das Bundesamt, Anmeldung und Einstufung bei der VHS, Betreuungsplatz "
        "beim Jugendamt, Wartezeit bis zum Kursbeginn. Typisch sind sieben bis acht Monate vom "
        "Erstkontakt bis zum Kursbeginn.\n\n"
        "Bruchstellen: Die Bescheinigung erreicht die VHS nicht, und ohne Betreuungsplatz wird "
        "ein zugesagter Kurs nicht begonnen.\n\n"
        "Bis zur nächsten Sitzung: Die VHS prüft einen gemeinsamen Anmeldetermin, das Jobcenter "
        "die Teilnahme daran.",
    ),
    (
        "second_meeting",
        "Soll-Kette, Vereinbarungen und Indikatoren",
        "Kreishaus Lüdenscheid, Besprechungsraum",
        [
            "Genehmigung des Protokolls der Auftaktsitzung",
            "Soll-Kette und Vereinbarungen",
            "Indikatoren für das Monitoring",
        ],
        "Claudia Bremer",
        "Das Protokoll der Auftaktsitzung wird genehmigt.\n\n"
        "Die Soll-Kette ersetzt die Anmeldung bei der VHS durch einen gemeinsamen Anmeldetermin "
        "von VHS, Jobcenter und KIM-Case-Management; die Ausländerbehörde übermittelt die "
        "Bescheinigung direkt an die VHS, die Kinderbetreuung wird parallel geklärt. Drei "
        "Vereinbarungen werden abgestimmt.\n\n"
        "Indikatoren: Tage vom Erstkontakt bis zum Kursbeginn (Ziel: höchstens 90) und Anteil "
        "der Vermittlungen, die innerhalb von 30 Tagen angenommen werden (Ziel: 80 %). Die "
        "Leitung legt das Zielsystem der Lenkungsgruppe vor.",
    ),
]

# --- the referrals to integration courses that feed the monitoring ---------------------------
QUARTERS_BACK = 6  # the first quarter with figures: six quarters before the current one
WITHIN_DAYS = 30  # indicator 2: accepted within so many days
COURSE_REASON = "Teilnahme am Integrationskurs: Berechtigung oder Verpflichtung liegt vor."
NOTE_BEFORE = (
    "Integrationskurs besprochen: Bescheinigung der Ausländerbehörde liegt vor, Anmeldung bei "
    "der VHS vorbereitet."
)
NOTE_AFTER = (
    "Gemeinsamen Anmeldetermin bei der VHS vereinbart (Einstufung und Kooperationsplan), "
    "Kinderbetreuung mit dem Jugendamt besprochen."
)
ACCEPTED_TEXT = "Kursplatz zugesagt; Integrationskurs begonnen am {date}."
DECLINED_BEFORE = [
    "Zurzeit keine freien Plätze im Kurs der passenden Stufe; Warteliste angeboten.",
    "Anmeldung ruht: Die Bescheinigung der Ausländerbehörde liegt der VHS nicht vor.",
]
DECLINED_AFTER = "Kurs der passenden Stufe erst im nächsten Monat; Platz in Werdohl angeboten."
WITHDRAWN_TEXT = "Kurs nicht angetreten: kein Betreuungsplatz für das Kind."


@dataclass(frozen=True)
class Timeline:
    """The theme's way, counted from the two held steering group meetings."""

    developed: datetime.date
    before_steering_group: datetime.date
    set_up: datetime.date  # older steering group meeting
    first_meeting: datetime.date
    second_meeting: datetime.date
    proposed: datetime.date
    decided: datetime.date  # newer steering group meeting
    in_force_from: datetime.date  # first day of the quarter after the decision


def timeline(older_day, newer_day):
    return Timeline(
        developed=older_day - datetime.timedelta(days=120),
        before_steering_group=older_day - datetime.timedelta(days=35),
        set_up=older_day,
        first_meeting=older_day + datetime.timedelta(weeks=9),
        second_meeting=older_day + datetime.timedelta(weeks=15),
        proposed=newer_day - datetime.timedelta(days=21),
        decided=newer_day,
        in_force_from=quarter_of(newer_day)[1] + DAY,
    )


def first_quarter(today):
    """The start of the first quarter the demo referrals fill: ``QUARTERS_BACK`` before today's."""
    start = quarter_of(today)[0]
    index = start.year * 4 + (start.month - 1) // 3 - QUARTERS_BACK
    return datetime.date(index // 4, 3 * (index % 4) + 1, 1)


def _at(day, hour, minute=0):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, timezone.now())


def _email(name, domain):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{plain.lower().replace(' ', '.')}@{domain}.example"


def _demo_exists():
    return (
        GenerativeTheme.objects.filter(title=THEME).exists()
        or Body.objects.filter(name=WORKING_GROUP).exists()
    )


EMPTY = {"target_systems": 0, "steps": 0, "referrals": 0, "linked": 0}


@transaction.atomic
def load():
    """Create the demo of target systems unless it exists; returns the counts created
    ({"target_systems", "steps", "referrals", "linked"}, all 0 if nothing was done, also when the
    steering group of the governance demo with its two held meetings is missing)."""
    if _demo_exists():
        return dict(EMPTY)
    steering = Body.objects.filter(
        name=governance_demo.STEERING_GROUP, kind=BodyKind.STEERING_GROUP
    ).first()
    if steering is None:
        return dict(EMPTY)
    held = list(steering.meetings.filter(state=MeetingState.HELD).order_by("starts_at"))
    if len(held) < 2:
        return dict(EMPTY)
    return _Builder(random.Random(SEED), timezone.localdate(), steering, held[-2], held[-1]).build()


@dataclass
class _Course:
    """A referral to an integration course to be created for a demo case."""

    case: Case
    proposed: datetime.date
    sent: datetime.date
    state: str
    answered: datetime.date | None = None
    closed: datetime.date | None = None
    outcome: str = ""
    after: bool = False
    existing: bool = False  # a referral of the case demo, only to plan around it

    @property
    def ends(self):
        return self.closed or self.answered or self.sent or self.proposed


class _Builder:
    def __init__(self, rng, today, steering, older, newer):
        self.rng = rng
        self.today = today
        self.steering = steering
        self.older, self.newer = older, newer
        self.dates = timeline(
            timezone.localtime(older.starts_at).date(), timezone.localtime(newer.starts_at).date()
        )
        names = [COORDINATOR, LEAD, PARTNER]
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        missing = [name for name in names if name not in self.users]
        if missing:
            raise RuntimeError(
                f"Demo-Logins fehlen ({', '.join(missing)}); "
                "bitte zuerst accounts.demo.load() ausführen."
            )
        self.coordinator = self.users[COORDINATOR]
        self.lead = self.users[LEAD]
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.laws = {d.code: d for d in LegalDomain.objects.all()}
        self.course_type = ServiceType.objects.get(code="IK")
        self.language = LifeDomain.objects.get(code="language")

    def build(self):
        theme = self._theme()
        group = self._working_group(theme)
        self._group_meetings(group)
        target_system = self._target_system(group)
        services.propose(target_system, by=self.lead)
        resolution = self._decision(theme, group, target_system)
        courses = self._courses()
        services.put_in_force(
            target_system,
            resolution=resolution,
            in_force_from=self.dates.in_force_from,
            by=self.coordinator,
        )
        services.link_cases_by_rule(target_system)
        self._date_history(theme, target_system)
        return {
            "target_systems": 1,
            "steps": ChainStep.objects.filter(chain__target_system=target_system).count(),
            "referrals": len(courses),
            "linked": target_system.case_links.count(),
        }

    # --- theme, steering group, working group ------------------------------------------------

    def _theme(self):
        theme = GenerativeTheme.objects.create(
            title=THEME,
            cluster=CLUSTER,
            summary=THEME_SUMMARY,
            state=ThemeState.DEVELOPED,
            created_by=self.coordinator,
        )
        topics = [t.name for t in hurdles_demo.TOPICS if t.key in ("kita", "digital")]
        theme.reports.set(
            HurdleReport.objects.filter(
                state=ReportState.ASSIGNED,
                topic__name__in=topics,
                description__icontains="Integrationskurs",
            )
        )
        ThemeStateChange.objects.create(
            theme=theme, from_state="", to_state=ThemeState.DEVELOPED, by=self.coordinator
        )
        hurdle_services.change_theme_state(
            theme,
            ThemeState.BEFORE_STEERING_GROUP,
            by=self.coordinator,
            note="Vorlage für die nächste Sitzung der Lenkungsgruppe.",
        )
        return theme

    def _present(self, meeting):
        return Attendance.objects.filter(
            meeting=meeting, status=AttendanceStatus.PRESENT, membership__isnull=False
        ).count()

    def _next_number(self, meeting):
        """The next free resolution number in the steering group's scheme "LG <year>/<n>"."""
        prefix = f"LG {timezone.localtime(meeting.starts_at).year}/"
        numbers = Resolution.objects.filter(
            meeting__body=self.steering, number__startswith=prefix
        ).values_list("number", flat=True)
        taken = [int(n.removeprefix(prefix)) for n in numbers if n.removeprefix(prefix).isdigit()]
        return f"{prefix}{max(taken, default=0) + 1}"

    def _steering_item(self, meeting, title, description, **links):
        position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
        return AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, description=description, **links
        )

    def _add_to_minutes(self, meeting, item, text):
        """The minutes of the meeting tell what the demo adds to it. The older meeting's minutes
        were approved by the governance demo; the demo writes that past, so it completes their
        text in place instead of making a correction."""
        minutes = Minutes.objects.filter(meeting=meeting).order_by("-version").first()
        if minutes is None:
            return
        paragraph = f"\n\nTOP {item.position}: {text}"
        Minutes.objects.filter(pk=minutes.pk).update(text=minutes.text + paragraph)

    def _working_group(self, theme):
        older = self.older
        item = self._steering_item(
            older,
            f"Generatives Thema: {THEME}",
            "Vorlage der KIM-Koordination aus den Meldebögen und Fallrekonstruktionen; "
            "Entscheidung über eine Arbeitsgruppe und ihre Mitglieder.",
            theme=theme,
        )
        present = self._present(older)
        resolution = Resolution.objects.create(
            meeting=older,
            agenda_item=item,
            number=self._next_number(older),
            text=(
                f"Die Lenkungsgruppe richtet zum generativen Thema „{THEME}“ die Arbeitsgruppe "
                f"„{WORKING_GROUP}“ ein. Leitung: KIM-Case-Management; Mitglieder aus "
                "Ausländerbehörde, Jobcenter, VHS Lüdenscheid, Kommunalem Integrationszentrum, "
                "Migrationsberatung der AWO und der Regionalkoordination des Bundesamtes. Die "
                "Arbeitsgruppe legt der Lenkungsgruppe zur nächsten Sitzung ein Zielsystem vor."
            ),
            kind=ResolutionKind.SET_UP_WORKING_GROUP,
            votes_for=present,
            votes_against=0,
            votes_abstain=0,
            result=ResolutionResult.ADOPTED,
            theme=theme,
            created_by=self.coordinator,
        )
        group = Body.objects.create(
            name=WORKING_GROUP,
            short_name="AG Integrationskurs",
            kind=BodyKind.WORKING_GROUP,
            theme=theme,
            set_up_by=resolution,
            description=(
                "Bildet die Dienstleistungskette vom Erstkontakt bis zum Beginn des "
                "Integrationskurses über alle beteiligten Stellen ab und erarbeitet das "
                "Zielsystem für die Lenkungsgruppe (§ 3.3)."
            ),
        )
        for name, org_name, _unit, username, is_lead in MEMBERS:
            Membership.objects.create(
                body=group,
                name=name,
                organisation=self.organisations[org_name],
                user=self.users.get(username) if username else None,
                email=_email(name, "ag-integrationskurs"),
                is_lead=is_lead,
                starts_on=self.dates.set_up,
            )
        hurdle_services.change_theme_state(
            theme,
            ThemeState.WORKING_GROUP,
            by=self.coordinator,
            note=f"Beschluss {resolution.number}",
        )
        self._add_to_minutes(
            older,
            item,
            f"Die Koordination stellt das generative Thema „{THEME}“ vor. Die Lenkungsgruppe "
            f"richtet die Arbeitsgruppe „{WORKING_GROUP}“ unter Leitung des "
            f"KIM-Case-Managements ein (Beschluss {resolution.number}).",
        )
        return group

    def _group_meetings(self, group):
        members = list(group.memberships.select_related("organisation"))
        units = {member[0]: member[2] for member in MEMBERS}
        meetings = []
        for when, title, place, agenda, excused, text in GROUP_MEETINGS:
            day = getattr(self.dates, when)
            meeting = Meeting.objects.create(
                body=group,
                title=title,
                starts_at=_at(day, 10),
                ends_at=_at(day, 12, 30),
                place=place,
                state=MeetingState.HELD,
                created_by=self.lead,
            )
            for position, item in enumerate(agenda, start=1):
                AgendaItem.objects.create(meeting=meeting, position=position, title=item)
            Attendance.objects.bulk_create(
                Attendance(
                    meeting=meeting,
                    membership=m,
                    name=m.name,
                    organisation=f"{m.organisation.name}, {units[m.name]}",
                    status=(
                        AttendanceStatus.EXCUSED if m.name == excused else AttendanceStatus.PRESENT
                    ),
                )
                for m in members
            )
            Minutes.objects.create(
                meeting=meeting,
                text=f"Sitzung der {WORKING_GROUP} am {day:%d.%m.%Y}, {place}.\n\n{text}",
                created_by=self.lead,
            )
            meetings.append(meeting)
        first, second = meetings
        minutes = Minutes.objects.get(meeting=first)
        approve_minutes(minutes, in_meeting=second, by=self.lead)
        Minutes.objects.filter(pk=minutes.pk).update(approved_at=second.ends_at)
        return meetings

    # --- the target system -------------------------------------------------------------------

    def _target_system(self, group):
        target_system = services.create_target_system(
            working_group=group,
            title=TARGET_SYSTEM,
            summary=TARGET_SUMMARY,
            by=self.lead,
            case_rule=CaseRule.REFERRAL_SERVICE_TYPE,
            rule_service_type=self.course_type,
        )
        TargetSystem.objects.filter(pk=target_system.pk).update(
            created_at=_at(self.dates.first_meeting, 12, 30)
        )
        chain = ServiceChain.objects.create(
            target_system=target_system,
            title=CHAIN,
            service_type=self.course_type,
            description=(
                "Von der ersten Beratung im KIM-Case-Management bis zum ersten Kurstag an der "
                "VHS, am Beispiel Lüdenscheid."
            ),
        )
        offices = {
            key: (
                self.organisations[org_name],
                Office.objects.get(organisation__name=org_name, name=office) if office else None,
            )
            for key, (org_name, office) in OFFICES.items()
        }
        steps = []
        for variant, specs in ((ChainVariant.AS_IS, AS_IS), (ChainVariant.TO_BE, TO_BE)):
            for position, spec in enumerate(specs, start=1):
                organisation, office = offices[spec.office]
                steps.append(
                    ChainStep(
                        chain=chain,
                        variant=variant,
                        position=position,
                        organisation=organisation,
                        office=office,
                        legal_domain=self.laws.get(spec.legal) if spec.legal else None,
                        title=spec.title,
                        client_task=spec.client_task,
                        institution_task=spec.institution_task,
                        typical_days=spec.days,
                        is_break_point=bool(spec.break_point),
                        break_point_note=spec.break_point,
                    )
                )
        ChainStep.objects.bulk_create(steps)
        for position, (parties, text) in enumerate(AGREEMENTS, start=1):
            agreement = Agreement.objects.create(
                target_system=target_system, text=text, position=position
            )
            agreement.parties.set([self.organisations[name] for name in parties])
        indicators = [
            Indicator(
                target_system=target_system,
                name="Tage vom Erstkontakt bis zum Kursbeginn",
                measure="days_to_course_start",
                service_type=self.course_type,
                target_value=90,
                position=1,
            ),
            Indicator(
                target_system=target_system,
                name=(
                    f"Vermittlungen in den Integrationskurs, innerhalb von {WITHIN_DAYS} Tagen "
                    "angenommen"
                ),
                measure="referrals_accepted_within",
                service_type=self.course_type,
                within_days=WITHIN_DAYS,
                target_value=80,
                position=2,
            ),
        ]
        for indicator in indicators:
            services.check_indicator(indicator)
            indicator.save()
        return target_system

    def _decision(self, theme, group, target_system):
        newer = self.newer
        item = self._steering_item(
            newer,
            f"Zielsystem der {WORKING_GROUP}",
            "Vorlage der Arbeitsgruppe: Ist- und Soll-Kette, Vereinbarungen, Indikatoren.",
            theme=theme,
            working_group=group,
        )
        present = self._present(newer)
        day = self.dates.in_force_from
        resolution = Resolution.objects.create(
            meeting=newer,
            agenda_item=item,
            number=self._next_number(newer),
            text=(
                f"Die Lenkungsgruppe beschließt das „{TARGET_SYSTEM}“ (Fassung 1) der "
                f"{WORKING_GROUP} mit der Dienstleistungskette „{CHAIN}“, drei Vereinbarungen "
                f"und zwei Indikatoren. Es gilt ab dem {day:%d.%m.%Y}; die Koordination "
                "berichtet in jeder Sitzung über das Monitoring."
            ),
            kind=ResolutionKind.ADOPT_TARGET_SYSTEM,
            votes_for=present - 1,
            votes_against=0,
            votes_abstain=1,
            result=ResolutionResult.ADOPTED,
            theme=theme,
            created_by=self.coordinator,
        )
        hurdle_services.change_theme_state(
            theme, ThemeState.DECIDED, by=self.coordinator, note=f"Beschluss {resolution.number}"
        )
        self._add_to_minutes(
            newer,
            item,
            f"Die Leitung der Arbeitsgruppe stellt das Zielsystem vor: Kursbeginn spätestens drei "
            f"Monate nach dem Erstkontakt, gemeinsamer Anmeldetermin bei der VHS, Bescheinigung "
            f"direkt an die VHS, Kinderbetreuung parallel. Die Lenkungsgruppe beschließt es mit "
            f"Geltung ab dem {day:%d.%m.%Y} (Beschluss {resolution.number}).",
        )
        return resolution

    def _date_history(self, theme, target_system):
        """The services record their steps at the moment of loading; the demo dates them where
        they happened."""
        d = self.dates
        moments = {
            ThemeState.DEVELOPED: _at(d.developed, 11),
            ThemeState.BEFORE_STEERING_GROUP: _at(d.before_steering_group, 9),
            ThemeState.WORKING_GROUP: _at(d.set_up, 16, 30),
            ThemeState.TARGET_SYSTEM_PROPOSED: _at(d.proposed, 10),
            ThemeState.DECIDED: _at(d.decided, 16, 30),
            ThemeState.MONITORING: _at(d.in_force_from, 8),
        }
        changes = list(theme.state_changes.all())
        for change in changes:
            change.at = moments[change.to_state]
        ThemeStateChange.objects.bulk_update(changes, ["at"])
        GenerativeTheme.objects.filter(pk=theme.pk).update(created_at=moments[ThemeState.DEVELOPED])

    # --- referrals to integration courses ----------------------------------------------------

    def _courses(self):
        """Add referrals to integration courses so that every quarter from ``first_quarter`` on
        has at least five cases for both indicators (two passes: course starts, then referrals
        sent), and save them with waiver and contact."""
        self.pool, with_course = self._pool()
        self.targets = self._course_targets()
        self.planned = {}  # case id -> [_Course]
        self.started = set()  # case ids with a course start or a referral of the case demo
        self.starts, self.sent = self._observed()
        for referral in with_course:
            self.started.add(referral.case_id)
            self.planned.setdefault(referral.case_id, []).append(
                _Course(
                    case=referral.case,
                    proposed=referral.proposed_on,
                    sent=referral.sent_on,
                    state=referral.state,
                    answered=referral.answered_on,
                    closed=referral.closed_on,
                    existing=True,
                )
            )
        quarters = self._quarters()
        for start, end in quarters:
            want = self.rng.randint(6, 8)
            if start >= self.dates.in_force_from:
                # shorter waits must show in the median also against cases that were under way
                want = max(want, 2 * len(self.starts.get(start, ())) + 3)
            self._fill(
                start, want, self.starts, lambda case, s=start, e=end: self._started(case, s, e)
            )
        for start, end in quarters:
            want = self.rng.randint(6, 8)
            self._fill(start, want, self.sent, lambda case, s=start, e=end: self._sent(case, s, e))
        courses = [c for planned in self.planned.values() for c in planned if not c.existing]
        self._save(courses)
        return courses

    def _quarters(self):
        """(start, last day) of the quarters to fill; today's quarter only from its fourth week."""
        quarters = []
        start = first_quarter(self.today)
        yesterday = self.today - DAY
        while start <= yesterday:
            end = min(quarter_of(start)[1], yesterday)
            if (end - start).days >= 20:
                quarters.append((start, end))
            start = quarter_of(start)[1] + DAY
        return quarters

    def _pool(self):
        """Demo cases with a language need past the intake, and the referrals to integration
        courses some of them have from the case demo: these get no second course start, only an
        earlier referral that came to nothing."""
        need = (
            Q(goals__life_domain=self.language)
            | Q(
                assessments__entries__life_domain=self.language,
                assessments__entries__need__in=[NeedLevel.MEDIUM, NeedLevel.HIGH],
            )
            | Q(contacts__life_domains=self.language)
            | Q(client__interpreter_needed=True)
            | ~Q(client__in=Client.objects.filter(languages__code="de"))
        )
        pool = list(
            Case.objects.filter(need)
            .exclude(phase=CasePhase.INTAKE)
            .distinct()
            .select_related("client", "case_manager")
            .order_by("pk")
        )
        with_course = list(
            Referral.objects.filter(service__type=self.course_type, case__in=pool)
            .select_related("case")
            .order_by("pk")
        )
        return pool, with_course

    def _course_targets(self):
        """Municipality id -> (office id, service id, organisation id) of the integration course
        the directory names for it."""
        targets = {}
        rows = Responsibility.objects.filter(service__type=self.course_type).select_related(
            "service", "office"
        )
        for r in rows.order_by("pk"):
            org = r.office.organisation_id if r.office_id else r.service.provider_id
            targets.setdefault(r.municipality_id, (r.office_id, r.service_id, org))
        return targets

    def _observed(self):
        """Cases per quarter the existing demo referrals already give both indicators."""
        rule = SimpleNamespace(
            service_type_id=self.course_type.pk, organisation_id=None, within_days=WITHIN_DAYS
        )
        case_ids = list(
            Referral.objects.filter(service__type=self.course_type).values_list(
                "case_id", flat=True
            )
        )
        result = []
        for code in ("days_to_course_start", "referrals_accepted_within"):
            by_quarter = {}
            for o in MEASURES[code].observe(rule, case_ids):
                by_quarter.setdefault(quarter_of(o.day)[0], set()).add(o.case_id)
            result.append(by_quarter)
        return result

    def _fill(self, quarter, want, counted, make):
        cases = list(self.pool)
        self.rng.shuffle(cases)
        for case in cases:
            if len(counted.get(quarter, ())) >= want:
                return
            if case.pk in counted.get(quarter, ()):
                continue
            course = make(case)
            if course is None:
                continue
            self.planned.setdefault(case.pk, []).append(course)
            if course.state in (ReferralState.ACCEPTED, ReferralState.COMPLETED):
                self.started.add(case.pk)
                self.starts.setdefault(quarter_of(course.answered)[0], set()).add(case.pk)
            self.sent.setdefault(quarter_of(course.sent)[0], set()).add(case.pk)

    def _last_day(self, case):
        return min(case.closed_on or self.today, self.today - DAY)

    @staticmethod
    def _starts_course(course):
        return course.state in (ReferralState.ACCEPTED, ReferralState.COMPLETED)

    def _fits(self, course):
        """No overlap with the case's other referrals to a course, and none after a course
        start."""
        for other in self.planned.get(course.case.pk, ()):
            if course.proposed <= other.ends and other.proposed <= course.ends:
                return False
            if self._starts_course(other) and course.proposed > other.proposed:
                return False
            if self._starts_course(course) and other.proposed > course.proposed:
                return False
        return True

    def _waits(self, after):
        """Days from sending to the answer of an accepted referral, and from proposing to
        sending: short after the date in force, long before it."""
        rng = self.rng
        if after:
            wait = rng.randint(7, WITHIN_DAYS) if rng.random() < 0.85 else rng.randint(31, 45)
            return wait, rng.randint(0, 3)
        wait = rng.randint(14, WITHIN_DAYS) if rng.random() < 0.3 else rng.randint(31, 110)
        return wait, rng.randint(1, 10)

    def _leads(self, after):
        """Days from the first contact to the proposal (least, most, likely): a few weeks after
        the date in force; before it at least six weeks, mostly two to six months, in old cases
        up to 16 (the certificate took long, the case's other needs came first)."""
        if after:
            return 5, 35, self.rng.randint(5, 30)
        return 42, 480, self.rng.randint(60, 180)

    def _pick(self, likely, low, high):
        """``likely`` if it lies in [low, high], else a day near the bound it is nearest to."""
        if low <= likely <= high:
            return likely
        inward = self.rng.randint(0, min(14, high - low))
        return low + inward if likely < low else high - inward

    def _accepted(self, case, proposed, sent, answered, after):
        return _Course(
            case=case,
            proposed=proposed,
            sent=sent,
            state=ReferralState.COMPLETED if case.closed_on else ReferralState.ACCEPTED,
            answered=answered,
            closed=case.closed_on,
            outcome=ACCEPTED_TEXT.format(date=answered.strftime("%d.%m.%Y")),
            after=after,
        )

    def _started(self, case, start, end):
        """A course start (accepted referral) in the quarter, if this case can have one there."""
        if case.pk in self.started:
            return None
        after = start >= self.dates.in_force_from
        last = min(end, self._last_day(case))
        for _attempt in range(4):
            low_lead, high_lead, likely = self._leads(after)
            wait, to_send = self._waits(after)
            # the leads that put the course start into the quarter
            low = max(low_lead, (start - case.opened_on).days - to_send - wait)
            high = min(high_lead, (last - case.opened_on).days - to_send - wait)
            if low > high:
                continue
            proposed = case.opened_on + datetime.timedelta(days=self._pick(likely, low, high))
            sent = proposed + datetime.timedelta(days=to_send)
            if after and sent < self.dates.in_force_from:
                continue
            course = self._accepted(
                case, proposed, sent, sent + datetime.timedelta(days=wait), after
            )
            if self._fits(course):
                return course
        return None

    def _sent(self, case, start, end):
        """A referral sent in the quarter and decided: after the date in force mostly accepted
        within the time, before it mostly declined, not taken up or accepted late."""
        rng = self.rng
        after = start >= self.dates.in_force_from
        if after and case.pk in self.started:
            return None
        low_lead, high_lead, likely = self._leads(after)
        wait, to_send = self._waits(after)
        last = self._last_day(case)
        # the leads that put the sending into the quarter
        low = max(low_lead, (start - case.opened_on).days - to_send)
        high = min(high_lead, (min(end, last) - case.opened_on).days - to_send)
        if low > high:
            return None
        proposed = case.opened_on + datetime.timedelta(days=self._pick(likely, low, high))
        sent = proposed + datetime.timedelta(days=to_send)
        roll = rng.random()
        if case.pk not in self.started and roll < (0.85 if after else 0.25):
            course = self._accepted(
                case, proposed, sent, sent + datetime.timedelta(days=wait), after
            )
        elif after or roll < 0.6:
            course = _Course(
                case=case,
                proposed=proposed,
                sent=sent,
                state=ReferralState.DECLINED,
                answered=sent + datetime.timedelta(days=rng.randint(10, 45)),
                outcome=DECLINED_AFTER if after else rng.choice(DECLINED_BEFORE),
                after=after,
            )
        else:
            course = _Course(
                case=case,
                proposed=proposed,
                sent=sent,
                state=ReferralState.WITHDRAWN,
                closed=sent + datetime.timedelta(days=rng.randint(20, 60)),
                outcome=WITHDRAWN_TEXT,
                after=after,
            )
        if (course.answered or course.closed) > last or not self._fits(course):
            return None
        return course

    def _save(self, courses):
        referrals, contacts, waivers = [], [], []
        first_proposed = {}
        for course in courses:
            case = course.case
            office_id, service_id, org_id = self.targets[case.client.municipality_id]
            referrals.append(
                Referral(
                    case=case,
                    office_id=office_id,
                    service_id=service_id,
                    life_domain=self.language,
                    reason=COURSE_REASON,
                    state=course.state,
                    proposed_on=course.proposed,
                    sent_on=course.sent,
                    answered_on=course.answered,
                    closed_on=course.closed,
                    outcome=course.outcome,
                    created_by=case.case_manager,
                )
            )
            contacts.append(
                Contact(
                    case=case,
                    contact_on=course.proposed,
                    duration_minutes=45,
                    channel=ContactChannel.IN_PERSON,
                    interpreter_used=case.client.interpreter_needed,
                    note=NOTE_AFTER if course.after else NOTE_BEFORE,
                    by=case.case_manager,
                )
            )
            key = (case.pk, org_id)
            first_proposed[key] = min(first_proposed.get(key, course.proposed), course.proposed)
        organisations = {
            o.pk: o for o in Organisation.objects.filter(pk__in=[k[1] for k in first_proposed])
        }
        cases = {course.case.pk: course.case for course in courses}
        for (case_id, org_id), given_on in sorted(first_proposed.items()):
            case = cases[case_id]
            waivers.append(
                (
                    Consent(
                        client=case.client,
                        kind=ConsentKind.WAIVER,
                        given_on=given_on,
                        scope=(
                            f"Austausch mit der {organisations[org_id].name} zur Anmeldung zum "
                            "Integrationskurs: Teilnahmeberechtigung, Einstufung, Kursplatz und "
                            "Kursbeginn."
                        ),
                        valid_until=case.closed_on,
                        recorded_by=case.case_manager,
                    ),
                    org_id,
                )
            )
        Referral.objects.bulk_create(referrals)
        Contact.objects.bulk_create(contacts)
        Contact.life_domains.through.objects.bulk_create(
            Contact.life_domains.through(contact_id=c.pk, lifedomain_id=self.language.pk)
            for c in contacts
        )
        Consent.objects.bulk_create([w for w, _org in waivers])
        Consent.organisations.through.objects.bulk_create(
            Consent.organisations.through(consent_id=w.pk, organisation_id=org)
            for w, org in waivers
        )
