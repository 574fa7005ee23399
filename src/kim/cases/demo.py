"""Demo data of case management: about 200 fictitious clients and their cases.

Every person here is invented; names are common names of the countries people come from, phone
numbers are of the form "02351 000-xxxx", addresses are left empty. The data is spread over the 15
municipalities of the directory demo, over all phases (also closed cases with their reason), access
channels and four demo case managers, with assessments, goals, actions (some overdue), consents
(waivers naming e.g. the Jobcenter Märkischer Kreis), referrals to the offices and services of the
directory demo, contacts and appointments. Dates are relative to today.

``load()`` is deterministic (``random.Random(2026)``) and idempotent: when the demo case managers
already have clients, it does nothing. It needs the directory demo and the demo users first.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kim.accounts.models import User
from kim.directory.models import Municipality, Organisation, Responsibility

from .models import (
    AccessChannel,
    Action,
    ActionResponsible,
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
    Gender,
    Goal,
    GoalOutcome,
    Language,
    LifeDomain,
    NeedLevel,
    PhaseTransition,
    Referral,
    ReferralState,
    ResidenceStatus,
    Substitution,
)
from .names import name_key

SEED = 2026
CLIENT_COUNT = 200
CLIENTS_WITHOUT_CASE = 8  # household members (children) who have no case of their own
EARLIER_CLOSED_CASES = 12  # clients who come back: an earlier, closed case
COORDINATOR = "jonas.keller"

# case manager -> municipalities they serve (Einsatzgebiete of the demo)
AREAS = {
    "anna.berger": ["Lüdenscheid", "Nachrodt-Wiblingwerde"],
    "mara.schulte": ["Iserlohn", "Hemer"],
    "deniz.yilmaz": [
        "Menden (Sauerland)",
        "Balve",
        "Neuenrade",
        "Plettenberg",
        "Herscheid",
        "Werdohl",
    ],
    "katrin.vogel": ["Altena", "Halver", "Kierspe", "Meinerzhagen", "Schalksmühle"],
}
CASE_MANAGERS = list(AREAS)

# where clients live (roughly by size of the towns); every municipality gets clients
MUNICIPALITY_WEIGHTS = {
    "Iserlohn": 20,
    "Lüdenscheid": 18,
    "Menden (Sauerland)": 10,
    "Hemer": 8,
    "Plettenberg": 6,
    "Werdohl": 6,
    "Altena": 5,
    "Meinerzhagen": 5,
    "Halver": 4,
    "Kierspe": 4,
    "Neuenrade": 3,
    "Balve": 3,
    "Schalksmühle": 3,
    "Herscheid": 2,
    "Nachrodt-Wiblingwerde": 2,
}

# --- names: (Latin spelling, original script or "") -------------------------------------------


@dataclass
class Origin:
    weight: int
    languages: list  # ISO 639 codes; the first is the main language
    statuses: list  # (residence status code, section)
    entered: tuple  # years of entry into Germany (from, to)
    male: str  # "Latin Original, …"
    female: str
    last: str  # "Latin Original, …"; gendered forms as "Ivanov Иванов / Ivanova Иванова"
    script_share: float = 0.0  # share of clients recorded with the original script
    extra_languages: list = field(default_factory=list)

    @staticmethod
    def _split(name):
        latin, _sep, original = name.strip().partition(" ")
        return latin, original

    def first_names(self, gender):
        names = self.female if gender == Gender.FEMALE else self.male
        return [self._split(n) for n in names.split(",")]

    def last_names(self, gender):
        """(Latin, original) of each family name, in the form for ``gender``."""
        result = []
        for entry in self.last.split(","):
            forms = entry.split("/")
            chosen = forms[1] if gender == Gender.FEMALE and len(forms) > 1 else forms[0]
            result.append(self._split(chosen))
        return result


ORIGINS = {
    "SY": Origin(
        24,
        ["ar"],
        [
            ("aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG"),
            ("aufenthaltserlaubnis", "§ 25 Abs. 1 AufenthG"),
            ("gestattung", ""),
            ("niederlassungserlaubnis", "§ 26 Abs. 3 AufenthG"),
        ],
        (2014, 2025),
        "Mohammed محمد, Ahmad أحمد, Khaled خالد, Omar عمر, Yousef يوسف, Mahmoud محمود, "
        "Hassan حسن, Rami رامي, Samer سامر, Bilal بلال",
        "Fatima فاطمة, Aisha عائشة, Layla ليلى, Rania رانيا, Noor نور, Amal أمل, Hiba هبة, "
        "Yasmin ياسمين, Salma سلمى, Reem ريم",
        "Al-Hassan الحسن, Haddad حداد, Khalil خليل, Al-Ahmad الأحمد, Mansour منصور, "
        "Darwish درويش, Hamdan حمدان, Al-Khatib الخطيب, Nasser ناصر, Saleh صالح, "
        "Ibrahim إبراهيم, Othman عثمان",
        script_share=0.5,
        extra_languages=["kmr", "en"],
    ),
    "UA": Origin(
        22,
        ["uk"],
        [("aufenthaltserlaubnis", "§ 24 AufenthG")],
        (2022, 2025),
        "Oleksandr Олександр, Andrii Андрій, Dmytro Дмитро, Mykola Микола, Serhii Сергій, "
        "Bohdan Богдан, Yurii Юрій, Taras Тарас",
        "Olena Олена, Iryna Ірина, Kateryna Катерина, Nataliia Наталія, Oksana Оксана, "
        "Tetiana Тетяна, Yuliia Юлія, Anastasiia Анастасія, Sofiia Софія",
        "Shevchenko Шевченко, Kovalenko Коваленко, Bondarenko Бондаренко, Tkachenko Ткаченко, "
        "Melnyk Мельник, Kravchenko Кравченко, Oliinyk Олійник, Polishchuk Поліщук, "
        "Savchuk Савчук, Lysenko Лисенко, Moroz Мороз, Marchenko Марченко",
        script_share=0.6,
        extra_languages=["ru", "en"],
    ),
    "TR": Origin(
        14,
        ["tr"],
        [
            ("niederlassungserlaubnis", "§ 9 AufenthG"),
            ("aufenthaltserlaubnis", "§ 28 AufenthG"),
            ("aufenthaltserlaubnis", "§ 30 AufenthG"),
            ("gestattung", ""),
            ("daueraufenthalt-eu", ""),
        ],
        (1998, 2025),
        "Mehmet, Mustafa, Ahmet, Hüseyin, Emre, Murat, Kemal, Yusuf",
        "Ayşe, Emine, Fatma, Zeynep, Elif, Hatice, Merve, Sibel",
        "Yıldız, Kaya, Demir, Şahin, Çelik, Öztürk, Aydın, Arslan, Doğan, Kılıç, Aslan, Koç",
        extra_languages=["kmr", "de"],
    ),
    "AF": Origin(
        14,
        ["prs"],
        [
            ("gestattung", ""),
            ("duldung", ""),
            ("aufenthaltserlaubnis", "§ 25 Abs. 3 AufenthG"),
            ("aufenthaltserlaubnis", "§ 22 AufenthG"),
        ],
        (2015, 2025),
        "Ahmad احمد, Farid فرید, Hamid حمید, Mohammad محمد, Naweed نوید, Jawad جواد, "
        "Rahim رحیم, Sohail سهیل",
        "Zahra زهرا, Mariam مریم, Soraya ثریا, Fereshta فرشته, Nilofar نیلوفر, "
        "Parwana پروانه, Shabnam شبنم",
        "Ahmadi احمدی, Rahimi رحیمی, Hakimi حکیمی, Noori نوری, Sultani سلطانی, "
        "Karimi کریمی, Haidari حیدری, Sharifi شریفی, Amiri امیری, Azizi عزیزی",
        script_share=0.4,
        extra_languages=["ps", "fa"],
    ),
    "RO": Origin(
        10,
        ["ro"],
        [("eu-freizuegigkeit", "")],
        (2012, 2025),
        "Andrei, Ionuț, Gheorghe, Mihai, Florin, Cristian, Vasile, Adrian",
        "Maria, Elena, Ioana, Andreea, Mihaela, Gabriela, Florentina",
        "Popescu, Ionescu, Popa, Stoica, Dumitru, Constantin, Stan, Lungu, Munteanu, Moldovan",
        extra_languages=["en"],
    ),
    "BG": Origin(
        8,
        ["bg"],
        [("eu-freizuegigkeit", "")],
        (2012, 2025),
        "Georgi Георги, Ivan Иван, Dimitar Димитър, Nikolai Николай, Stoyan Стоян, Hristo Христо",
        "Desislava Десислава, Petya Петя, Mariya Мария, Elena Елена, Tsvetelina Цветелина, "
        "Radostina Радостина",
        "Ivanov Иванов / Ivanova Иванова, Petrov Петров / Petrova Петрова, "
        "Georgiev Георгиев / Georgieva Георгиева, Dimitrov Димитров / Dimitrova Димитрова, "
        "Nikolov Николов / Nikolova Николова, Stoyanov Стоянов / Stoyanova Стоянова, "
        "Mehmedov Мехмедов / Mehmedova Мехмедова",
        script_share=0.4,
        extra_languages=["tr"],
    ),
    "IQ": Origin(
        5,
        ["ar"],
        [
            ("aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG"),
            ("gestattung", ""),
            ("duldung", ""),
        ],
        (2015, 2025),
        "Haider حيدر, Mustafa مصطفى, Karwan كاروان, Ahmed أحمد",
        "Zainab زينب, Shirin شيرين, Maryam مريم, Huda هدى",
        "Kareem كريم, Hussein حسين, Rashid رشيد, Aziz عزيز",
        script_share=0.4,
        extra_languages=["ckb", "kmr"],
    ),
    "ER": Origin(
        3,
        ["ti"],
        [("aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG"), ("gestattung", "")],
        (2015, 2025),
        "Yonas ዮናስ, Tesfay ተስፋይ, Dawit ዳዊት",
        "Selam ሰላም, Tsega ጸጋ, Senait ሰናይት",
        "Tekle ተኽለ, Haile ሃይለ, Berhane በርሃነ, Kidane ኪዳነ",
        script_share=0.3,
        extra_languages=["en", "ar"],
    ),
}

# --- cases -------------------------------------------------------------------------------------

OPEN_PATH = [
    CasePhase.INTAKE,
    CasePhase.ASSESSMENT,
    CasePhase.PLANNING,
    CasePhase.IMPLEMENTATION,
    CasePhase.MONITORING,
    CasePhase.EVALUATION,
]
# phase of the current case -> (weight, opened between so many days ago)
PHASES = {
    CasePhase.INTAKE: (12, (1, 35)),
    CasePhase.ASSESSMENT: (13, (14, 90)),
    CasePhase.PLANNING: (13, (30, 160)),
    CasePhase.IMPLEMENTATION: (24, (60, 420)),
    CasePhase.MONITORING: (13, (150, 520)),
    CasePhase.EVALUATION: (7, (200, 620)),
    CasePhase.CLOSED: (18, (150, 800)),
}
ACCESS_CHANNELS = {
    AccessChannel.SELF: 14,
    AccessChannel.KI_FIRST_ADVICE: 10,
    AccessChannel.FOREIGNERS_AUTHORITY: 16,
    AccessChannel.JOBCENTER: 14,
    AccessChannel.EMPLOYMENT_AGENCY: 4,
    AccessChannel.MBE: 8,
    AccessChannel.JMD: 4,
    AccessChannel.YOUTH_OFFICE: 4,
    AccessChannel.SOCIAL_OFFICE: 5,
    AccessChannel.MUNICIPALITY: 8,
    AccessChannel.SCHOOL: 5,
    AccessChannel.VOLUNTEER: 5,
    AccessChannel.OTHER: 2,
}
CLOSURES = {
    ClosureReason.GOALS_ACHIEVED: ("Die vereinbarten Ziele wurden erreicht.", 8),
    ClosureReason.REGULAR_SERVICES: (
        "Die Begleitung wurde an die Regelsysteme (Jobcenter, MBE) übergeben.",
        6,
    ),
    ClosureReason.NO_NEED: ("Nach dem Clearing besteht kein weiterer Bedarf.", 3),
    ClosureReason.MOVED_AWAY: ("Umzug in einen anderen Kreis; Kontaktdaten weitergegeben.", 3),
    ClosureReason.CONTACT_ENDED: ("Mehrere Terminangebote blieben unbeantwortet.", 3),
    ClosureReason.CLIENT_WISH: ("Die Begleitung wurde auf eigenen Wunsch beendet.", 2),
}

SITUATIONS = {
    "residence": "Aufenthaltsstatus und Fristen besprochen; Unterlagen zur Verlängerung fehlen.",
    "language": "Verständigung im Alltag schwierig; bisher kein Sprachkurs abgeschlossen.",
    "education": "Schulische Unterlagen aus dem Herkunftsland liegen vor, keine Anerkennung.",
    "work": "Berufserfahrung vorhanden, bisher keine Beschäftigung in Deutschland.",
    "housing": "Wohnung zu klein für den Haushalt, Suche nach größerer Wohnung.",
    "health": "Behandlung begonnen, Termine bei Fachärzt:innen schwer zu bekommen.",
    "family": "Kinderbetreuung für den Sprachkurs nicht gesichert.",
    "finances": "Leistungsbescheid unklar, Nachweise fehlen.",
    "participation": "Wenig Kontakte außerhalb der Familie, Interesse an Vereinen.",
}
RESOURCES = [
    "Hohe Motivation, verlässliche Terminwahrnehmung.",
    "Unterstützung durch Familie und Nachbarschaft.",
    "Gute Englischkenntnisse.",
    "Berufserfahrung im Handwerk.",
    "Ehrenamtliche Patin begleitet die Familie.",
    "Selbstständige Organisation von Terminen.",
]
GOALS = {
    "residence": ["Aufenthaltserlaubnis rechtzeitig verlängern", "Pass beschaffen"],
    "language": ["Integrationskurs bis B1 abschließen", "Berufssprachkurs B2 beginnen"],
    "education": ["Anerkennung des Schulabschlusses beantragen", "Schulplatz für Kinder sichern"],
    "work": ["Ausbildungsplatz finden", "Berufsabschluss anerkennen lassen", "Arbeit aufnehmen"],
    "housing": ["Größere Wohnung finden", "Mietschulden regeln"],
    "health": ["Hausärztliche Versorgung sichern", "Therapieplatz finden"],
    "family": ["Kitaplatz für das jüngste Kind finden", "Ganztagsbetreuung organisieren"],
    "finances": ["Leistungen vollständig beantragen", "Schulden regulieren"],
    "participation": ["Anschluss an einen Verein finden", "Ehrenamtliches Engagement beginnen"],
}
# life domain -> steps: (description, responsible, organisation name or "")
ACTIONS = {
    "residence": [
        ("Unterlagen für die Ausländerbehörde zusammenstellen", ActionResponsible.CLIENT, ""),
        ("Termin bei der Ausländerbehörde vereinbaren", ActionResponsible.CASE_MANAGER, ""),
    ],
    "language": [
        ("Anmeldung zum Integrationskurs", ActionResponsible.CLIENT, ""),
        (
            "Einstufungstest durchführen",
            ActionResponsible.ORGANISATION,
            "Volkshochschule Lüdenscheid",
        ),
    ],
    "education": [
        ("Zeugnisse übersetzen lassen", ActionResponsible.CLIENT, ""),
        ("Kontakt zur Schule aufnehmen", ActionResponsible.CASE_MANAGER, ""),
    ],
    "work": [
        ("Lebenslauf erstellen", ActionResponsible.CLIENT, ""),
        (
            "Beratungstermin im Jobcenter wahrnehmen",
            ActionResponsible.ORGANISATION,
            "Jobcenter Märkischer Kreis",
        ),
        ("Bewerbungen für Ausbildungsplätze schreiben", ActionResponsible.CLIENT, ""),
    ],
    "housing": [
        ("Wohnberechtigungsschein beantragen", ActionResponsible.CLIENT, ""),
        ("Wohnungsangebote gemeinsam prüfen", ActionResponsible.CASE_MANAGER, ""),
    ],
    "health": [
        ("Hausarztpraxis suchen", ActionResponsible.CLIENT, ""),
        ("Dolmetschung für den Arzttermin organisieren", ActionResponsible.CASE_MANAGER, ""),
    ],
    "family": [
        ("Kitaplatz über das Portal anfragen", ActionResponsible.CLIENT, ""),
        (
            "Beratung zur Kindertagesbetreuung",
            ActionResponsible.ORGANISATION,
            "Märkischer Kreis",
        ),
    ],
    "finances": [
        ("Kontoauszüge und Bescheide sortieren", ActionResponsible.CLIENT, ""),
        ("Antrag auf Leistungen prüfen", ActionResponsible.CASE_MANAGER, ""),
    ],
    "participation": [
        ("Schnuppertraining im Sportverein", ActionResponsible.CLIENT, ""),
        ("Kontakt zur Migrantenselbstorganisation herstellen", ActionResponsible.CASE_MANAGER, ""),
    ],
}
CONTACT_NOTES = [
    "",
    "",
    "Anliegen und nächste Schritte besprochen.",
    "Unterlagen gemeinsam durchgesehen.",
    "Rückfragen zum Bescheid geklärt.",
    "Begleitung zum Termin, Ergebnis im Hilfeplan vermerkt.",
    "Kurze Rückmeldung zum Stand.",
]
CONTACT_CHANNELS = {
    ContactChannel.IN_PERSON: 10,
    ContactChannel.PHONE: 6,
    ContactChannel.VIDEO: 1,
    ContactChannel.HOME_VISIT: 2,
    ContactChannel.ACCOMPANIMENT: 2,
    ContactChannel.WRITTEN: 2,
}

# life domain -> where the directory demo knows who is responsible: legal domain or service type
REFERRAL_TARGETS = {
    "language": [("service", "IK")],
    "work": [("legal", "SGB III"), ("service", "MBE"), ("service", "JMD")],
    "residence": [("legal", "AufenthG")],
    "finances": [("legal", "SGB XII")],
    "family": [("legal", "SGB VIII"), ("service", "EB-KI")],
    "education": [("service", "EB-KI"), ("service", "JMD")],
    "housing": [("service", "MBE"), ("service", "IA")],
    "health": [("service", "MBE")],
    "participation": [("service", "IA"), ("service", "MBE")],
}
REFERRAL_OUTCOMES = {
    ReferralState.COMPLETED: [
        "Integrationskurs begonnen am {date}.",
        "Beratung aufgenommen am {date}.",
        "Leistungen bewilligt am {date}.",
    ],
    ReferralState.DECLINED: ["Zurzeit keine freien Plätze; Warteliste angeboten."],
    ReferralState.WITHDRAWN: ["Die Klient:in hat sich selbst angemeldet."],
}

TIME_SLOTS = [(8, 30), (9, 0), (10, 0), (10, 30), (11, 30), (13, 0), (14, 0), (15, 0)]


def _pick(rng, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _between(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _demo_exists() -> bool:
    return Client.objects.filter(created_by__username__in=CASE_MANAGERS).exists()


@transaction.atomic
def load():
    """Create the demo clients and cases unless they exist; returns (clients, cases) created."""
    if _demo_exists():
        return 0, 0
    return _Builder(random.Random(SEED), timezone.localdate()).build()


class _Builder:
    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.users = {
            u.username: u for u in User.objects.filter(username__in=[*AREAS, COORDINATOR])
        }
        missing = [name for name in AREAS if name not in self.users]
        if missing:
            raise RuntimeError(
                f"Demo-Logins fehlen ({', '.join(missing)}); "
                "bitte zuerst accounts.demo.load() ausführen."
            )
        self.municipalities = {m.name: m for m in Municipality.objects.all()}
        self.domains = {d.code: d for d in LifeDomain.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.statuses = {s.code: s for s in ResidenceStatus.objects.all()}
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.manager_of_town = {town: user for user, towns in AREAS.items() for town in towns}
        self.targets = self._referral_targets()

    # --- directory: who is responsible for what, per municipality ------------------------------

    def _referral_targets(self):
        """(municipality id, kind, code) -> [(office id, service id, organisation id)]."""
        targets = {}
        rows = Responsibility.objects.select_related(
            "legal_domain", "service__type", "office", "service"
        )
        for r in rows:
            if r.office_id is None and r.service_id is None:
                continue
            if r.legal_domain_id:
                key = (r.municipality_id, "legal", r.legal_domain.code)
            else:
                key = (r.municipality_id, "service", r.service.type.code)
            org = r.office.organisation_id if r.office_id else r.service.provider_id
            ages = (r.service.min_age, r.service.max_age) if r.service_id else (None, None)
            targets.setdefault(key, []).append((r.office_id, r.service_id, org, ages))
        return targets

    # --- the whole data set ---------------------------------------------------------------------

    def build(self):
        people = self._people()
        clients = self._clients(people)
        cases = self._cases(people, clients)
        self._transitions(cases)
        self._assessments(cases)
        goals = self._goals(cases)
        self._actions(goals)
        referrals = self._referrals(cases)
        self._consents(cases, referrals)
        self._contacts(cases)
        self._appointments(cases)
        self._substitutions()
        return len(clients), len(cases)

    def _people(self):
        """The persons: name, origin, birth, municipality, household; deterministic."""
        rng = self.rng
        towns = list(MUNICIPALITY_WEIGHTS)
        origins = list(ORIGINS)
        used = set()
        people = []
        households = 0
        while len(people) < CLIENT_COUNT:
            # the first 15 live one in each municipality, so that every one has clients
            town = towns[len(people)] if len(people) < len(towns) else None
            town = town or _pick(rng, MUNICIPALITY_WEIGHTS)
            origin_code = rng.choices(origins, weights=[ORIGINS[o].weight for o in origins])[0]
            person = self._person(origin_code, town, used)
            people.append(person)
            # some live with a child who is a client too, without a case of their own
            if (
                households < CLIENTS_WITHOUT_CASE
                and person["birth_year"] < 1995
                and rng.random() < 0.15
            ):
                child = self._person(origin_code, town, used, last=person["last"], child=True)
                child["household_of"] = len(people) - 1
                child["without_case"] = True
                people.append(child)
                households += 1
        return people[:CLIENT_COUNT]

    def _person(self, origin_code, town, used, last=None, child=False):
        rng = self.rng
        origin = ORIGINS[origin_code]
        for _attempt in range(50):
            gender = rng.choices(
                [Gender.FEMALE, Gender.MALE, Gender.DIVERSE, Gender.NOT_STATED],
                weights=[48, 48, 1, 3],
            )[0]
            first = rng.choice(origin.first_names(gender))
            family = last or rng.choice(origin.last_names(gender))
            if (first[0], family[0]) not in used:
                break
        used.add((first[0], family[0]))
        if child:
            birth_year = rng.randint(2006, 2012)
        else:
            birth_year = min(2007, max(1950, int(rng.gauss(1985, 12))))
        return {
            "origin": origin_code,
            "gender": gender,
            "first": first,
            "last": family,
            "script": rng.random() < origin.script_share,
            "birth_year": birth_year,
            "town": town,
            "household_of": None,
            "without_case": False,
        }

    def _clients(self, people):
        rng = self.rng
        clients = []
        for i, p in enumerate(people):
            origin = ORIGINS[p["origin"]]
            manager = self._manager_for(p["town"])
            p["manager"] = manager
            exact = rng.random() < 0.75
            born = _between(
                rng, datetime.date(p["birth_year"], 1, 1), datetime.date(p["birth_year"], 12, 28)
            )
            status_code, section = rng.choice(origin.statuses)
            status = self.statuses[status_code]
            entry_from = max(origin.entered[0], p["birth_year"] + (0 if p["without_case"] else 1))
            entered = _between(
                rng,
                datetime.date(min(entry_from, origin.entered[1]), 1, 1),
                min(datetime.date(origin.entered[1], 12, 31), self.today - datetime.timedelta(60)),
            )
            entered = max(entered, born)
            moved_in = _between(
                rng,
                entered,
                min(entered + datetime.timedelta(400), self.today - datetime.timedelta(20)),
            )
            needs_interpreter = p["origin"] not in ("TR",) and rng.random() < 0.55
            client = Client(
                first_name=p["first"][0],
                last_name=p["last"][0],
                first_name_original=p["first"][1] if p["script"] else "",
                last_name_original=p["last"][1] if p["script"] else "",
                name_key=name_key(p["first"][0], p["last"][0]),
                date_of_birth=born if exact else None,
                year_of_birth=None if exact else p["birth_year"],
                gender=p["gender"],
                nationalities=[p["origin"]],
                interpreter_needed=needs_interpreter,
                interpreter_language=(
                    self.languages[origin.languages[0]] if needs_interpreter else None
                ),
                municipality=self.municipalities[p["town"]],
                residence_status=status,
                residence_section=section if status.needs_section else "",
                residence_valid_until=(
                    _between(rng, self.today, self.today + datetime.timedelta(900))
                    if status.group in ("temporary", "asylum")
                    else None
                ),
                entered_germany_on=entered,
                entered_district_on=moved_in,
                phone=f"02351 000-{1000 + i:04d}" if rng.random() < 0.7 else "",
                created_by=manager,
            )
            clients.append(client)
        Client.objects.bulk_create(clients)

        speaks = []
        for p, client in zip(people, clients, strict=True):
            origin = ORIGINS[p["origin"]]
            codes = [origin.languages[0]]
            if origin.extra_languages and rng.random() < 0.5:
                codes.append(rng.choice(origin.extra_languages))
            if rng.random() < 0.3:
                codes.append("de")
            for code in dict.fromkeys(codes):
                speaks.append(
                    Client.languages.through(
                        client_id=client.pk, language_id=self.languages[code].pk
                    )
                )
        Client.languages.through.objects.bulk_create(speaks)

        household = []
        for p, client in zip(people, clients, strict=True):
            if p["household_of"] is not None:
                other = clients[p["household_of"]]
                household += [
                    Client.household_members.through(
                        from_client_id=client.pk, to_client_id=other.pk
                    ),
                    Client.household_members.through(
                        from_client_id=other.pk, to_client_id=client.pk
                    ),
                ]
        Client.household_members.through.objects.bulk_create(household)
        return clients

    def _manager_for(self, town):
        if self.rng.random() < 0.1:  # some cases went to a colleague (caseload, language)
            return self.users[self.rng.choice(CASE_MANAGERS)]
        return self.users[self.manager_of_town[town]]

    def _cases(self, people, clients):
        rng = self.rng
        plans = []
        with_case = [(p, c) for p, c in zip(people, clients, strict=True) if not p["without_case"]]
        settled = [
            i
            for i, (_p, c) in enumerate(with_case)
            if c.entered_district_on <= self.today - datetime.timedelta(days=1200)
        ]
        returning = set(rng.sample(settled, min(EARLIER_CLOSED_CASES, len(settled))))
        for i, (p, client) in enumerate(with_case):
            if i in returning:
                plans.append(self._plan(p, client, CasePhase.CLOSED, earlier=True))
            phase = _pick(rng, {phase: w for phase, (w, _days) in PHASES.items()})
            # some of anna.berger's cases are surely far enough for overdue steps and
            # appointments (the start page of the demo shows them)
            if p["manager"].username == "anna.berger" and i % 5 == 0:
                phase = CasePhase.IMPLEMENTATION
            plans.append(self._plan(p, client, phase, earlier=False, returning=i in returning))
        cases = [
            Case(
                number=f"demo-{n}",
                client=plan.client,
                case_manager=plan.manager,
                access_channel=plan.access_channel,
                phase=plan.phase,
                opened_on=plan.opened_on,
                closed_on=plan.closed_on,
                closure_reason=plan.closure_reason,
                closure_outcome=plan.closure_outcome,
            )
            for n, plan in enumerate(plans)
        ]
        Case.objects.bulk_create(cases)
        for case, plan in zip(cases, plans, strict=True):
            case.number = f"{case.opened_on.year}-{case.pk:06d}"
            plan.case = case
        Case.objects.bulk_update(cases, ["number"])
        return plans

    def _plan(self, person, client, phase, *, earlier, returning=False):
        rng = self.rng
        today = self.today
        low, high = PHASES[phase][1]
        if earlier:
            low, high = 700, 1100
        elif returning:
            low, high = 5, min(high, 200)
        opened = today - datetime.timedelta(days=rng.randint(low, high))
        opened = max(opened, client.entered_district_on or opened)
        closed_on = None
        if phase == CasePhase.CLOSED:
            last_open = rng.choices(OPEN_PATH, weights=[2, 1, 1, 3, 4, 5])[0]
            path = [*OPEN_PATH[: OPEN_PATH.index(last_open) + 1], CasePhase.CLOSED]
            latest = today - datetime.timedelta(days=400 if earlier else 1)
            closed_on = _between(
                rng, min(opened + datetime.timedelta(days=30 * len(path)), latest), latest
            )
            end = closed_on
        else:
            path = OPEN_PATH[: OPEN_PATH.index(phase) + 1]
            end = today
        starts = {}
        span = max((end - opened).days, 0)
        previous = opened
        for k, step in enumerate(path):
            offset = 0 if k == 0 else int(span * k / len(path)) + rng.randint(-3, 3)
            day = min(end, max(opened + datetime.timedelta(days=offset), previous))
            starts[step] = previous = day
        if phase == CasePhase.CLOSED:
            starts[CasePhase.CLOSED] = closed_on
        reason = ""
        outcome = ""
        if phase == CasePhase.CLOSED:
            reason = _pick(rng, {r: w for r, (_text, w) in CLOSURES.items()})
            if len(path) <= 3 and reason == ClosureReason.GOALS_ACHIEVED:
                reason = ClosureReason.NO_NEED
            outcome = CLOSURES[reason][0]
        return _Plan(
            client=client,
            person=person,
            manager=person["manager"],
            access_channel=_pick(rng, ACCESS_CHANNELS),
            phase=phase,
            opened_on=opened,
            closed_on=closed_on,
            closure_reason=reason,
            closure_outcome=outcome,
            path=path,
            starts=starts,
            end=end,
            focus=self._focus(person),
        )

    def _focus(self, person):
        """The life domains with a need for this person (2 to 4), most pressing first."""
        rng = self.rng
        age = self.today.year - person["birth_year"]
        candidates = ["language", "housing", "finances", "health", "participation", "residence"]
        if age < 27:
            candidates += ["education", "education", "work"]
        elif age < 60:
            candidates += ["work", "work", "family"]
        if person["origin"] == "UA":
            candidates += ["language", "work"]
        rng.shuffle(candidates)
        return list(dict.fromkeys(candidates))[: rng.randint(2, 4)]

    # --- history and case file --------------------------------------------------------------

    def _transitions(self, plans):
        rows = []
        for plan in plans:
            previous = ""
            for step in plan.path:
                day = plan.starts[step]
                note = ""
                if not previous:
                    note = "Fall eröffnet."
                elif step == CasePhase.CLOSED:
                    note = plan.closure_outcome
                rows.append(
                    PhaseTransition(
                        case=plan.case,
                        from_phase=previous,
                        to_phase=step,
                        by=plan.manager,
                        at=_aware(day, 10, 0),
                        note=note,
                    )
                )
                previous = step
        PhaseTransition.objects.bulk_create(rows)

    def _assessments(self, plans):
        rng = self.rng
        assessments, entries = [], []
        for plan in plans:
            if CasePhase.ASSESSMENT not in plan.starts:
                continue
            start = plan.starts[CasePhase.ASSESSMENT]
            later = plan.starts.get(CasePhase.PLANNING)
            if later is None and plan.phase == CasePhase.ASSESSMENT and rng.random() < 0.4:
                continue  # assessment still to be done
            dates = [_between(rng, start, min(later or plan.end, start + datetime.timedelta(10)))]
            if CasePhase.MONITORING in plan.starts and rng.random() < 0.5:
                dates.append(plan.starts[CasePhase.MONITORING])
            for n, day in enumerate(dates):
                assessment = Assessment(
                    case=plan.case,
                    assessed_on=day,
                    by=plan.manager,
                    summary=(
                        "Erstes Assessment gemeinsam mit der Klient:in."
                        if n == 0
                        else "Re-Assessment: Bedarfe neu eingeschätzt."
                    ),
                )
                assessments.append(assessment)
                entries.append((assessment, plan, n))
        Assessment.objects.bulk_create(assessments)
        rows = []
        for assessment, plan, n in entries:
            for code, domain in self.domains.items():
                if code in plan.focus:
                    need = rng.choice([NeedLevel.MEDIUM, NeedLevel.HIGH])
                    if n:
                        need = rng.choice([NeedLevel.LOW, NeedLevel.MEDIUM])
                    situation = SITUATIONS.get(code, "")
                else:
                    need = rng.choices([NeedLevel.NONE, NeedLevel.LOW], weights=[4, 1])[0]
                    situation = ""
                rows.append(
                    AssessmentEntry(
                        assessment=assessment,
                        life_domain=domain,
                        need=need,
                        situation=situation,
                        resources=rng.choice(RESOURCES) if code == plan.focus[0] else "",
                    )
                )
        AssessmentEntry.objects.bulk_create(rows)

    def _goals(self, plans):
        rng = self.rng
        goals = []
        for plan in plans:
            if CasePhase.PLANNING not in plan.starts:
                continue
            agreed = plan.starts[CasePhase.PLANNING]
            for code in plan.focus[: rng.randint(1, 3)]:
                target = agreed + datetime.timedelta(days=rng.randint(90, 300))
                outcome = self._goal_outcome(plan)
                outcome_on = None
                if outcome != GoalOutcome.OPEN:
                    outcome_on = _between(rng, agreed + datetime.timedelta(20), plan.end)
                    outcome_on = min(outcome_on, self.today)
                goal = Goal(
                    case=plan.case,
                    life_domain=self.domains[code],
                    description=rng.choice(GOALS[code]),
                    agreed_on=agreed,
                    target_date=target,
                    outcome=outcome,
                    outcome_on=outcome_on,
                )
                goals.append((goal, plan))
        Goal.objects.bulk_create([g for g, _plan in goals])
        return goals

    def _goal_outcome(self, plan):
        rng = self.rng
        if plan.phase in (CasePhase.PLANNING, CasePhase.IMPLEMENTATION):
            return GoalOutcome.OPEN
        if plan.phase == CasePhase.MONITORING:
            return rng.choices(
                [GoalOutcome.OPEN, GoalOutcome.ACHIEVED, GoalOutcome.PARTLY], weights=[6, 2, 2]
            )[0]
        if plan.phase == CasePhase.EVALUATION:
            return rng.choice(
                [
                    GoalOutcome.OPEN,
                    GoalOutcome.ACHIEVED,
                    GoalOutcome.PARTLY,
                    GoalOutcome.NOT_ACHIEVED,
                ]
            )
        return rng.choices(
            [
                GoalOutcome.ACHIEVED,
                GoalOutcome.PARTLY,
                GoalOutcome.NOT_ACHIEVED,
                GoalOutcome.DROPPED,
            ],
            weights=[5, 3, 2, 2],
        )[0]

    def _actions(self, goals):
        rng = self.rng
        today = self.today
        actions, owners = [], []
        for goal, plan in goals:
            steps = ACTIONS[goal.life_domain.code]
            for description, responsible, org_name in rng.sample(steps, rng.randint(1, len(steps))):
                due = goal.agreed_on + datetime.timedelta(days=rng.randint(10, 120))
                done = None
                # steps long past their date are nearly all done; recent ones often not yet
                done_share = 0.97 if due < today - datetime.timedelta(days=45) else 0.6
                if (due < today and rng.random() < done_share) or plan.phase == CasePhase.CLOSED:
                    done = min(
                        _between(rng, goal.agreed_on, due + datetime.timedelta(10)), plan.end
                    )
                elif due >= today and rng.random() < 0.15:
                    done = _between(rng, goal.agreed_on, today)
                owners.append((goal, plan))
                actions.append(
                    Action(
                        goal=goal,
                        description=description,
                        responsible=responsible,
                        organisation=self.organisations.get(org_name) if org_name else None,
                        due_on=due,
                        done_on=done,
                    )
                )

        # the start page of anna.berger shows overdue steps: make sure there are some
        # the start page of anna.berger shows overdue steps: make sure there are some
        def anna_open(goal_plan):
            _goal, plan = goal_plan
            return plan.manager.username == "anna.berger" and plan.phase != CasePhase.CLOSED

        overdue = [
            a for a, gp in zip(actions, owners, strict=True) if anna_open(gp) and a.is_overdue
        ]
        cases_done = set()
        for goal, plan in filter(anna_open, goals):
            if len(overdue) >= 3 or goal.agreed_on >= today - datetime.timedelta(days=2):
                continue
            if plan.case.pk in cases_done:
                continue
            cases_done.add(plan.case.pk)
            action = Action(
                goal=goal,
                description="Nachweise beim Amt nachreichen",
                responsible=ActionResponsible.CLIENT,
                due_on=max(goal.agreed_on, today - datetime.timedelta(days=rng.randint(2, 20))),
            )
            actions.append(action)
            overdue.append(action)
        Action.objects.bulk_create(actions)

    def _referrals(self, plans):
        rng = self.rng
        referrals = []
        for plan in plans:
            if CasePhase.IMPLEMENTATION not in plan.starts:
                continue
            start = plan.starts[CasePhase.IMPLEMENTATION]
            municipality_id = plan.client.municipality_id
            age = self.today.year - plan.person["birth_year"]
            chosen = []
            for code in plan.focus:
                options = [
                    target
                    for kind, key in REFERRAL_TARGETS.get(code, [])
                    for target in self.targets.get((municipality_id, kind, key), [])
                    if (target[3][0] or 0) <= age <= (target[3][1] or 200)
                ]
                if options:
                    chosen.append((code, rng.choice(options)))
            for code, (office_id, service_id, org_id, _ages) in chosen[: rng.randint(1, 3)]:
                referral = self._referral(plan, start, code, office_id, service_id)
                referrals.append((referral, org_id))
        Referral.objects.bulk_create([r for r, _org in referrals])
        return referrals

    def _referral(self, plan, start, code, office_id, service_id):
        rng = self.rng
        end = plan.end
        proposed = _between(rng, start, min(end, start + datetime.timedelta(20)))
        state = rng.choices(
            [
                ReferralState.PROPOSED,
                ReferralState.SENT,
                ReferralState.ACCEPTED,
                ReferralState.DECLINED,
                ReferralState.COMPLETED,
                ReferralState.WITHDRAWN,
            ],
            weights=[1, 2, 3, 1, 4, 1],
        )[0]
        sent = answered = closed = None
        if state != ReferralState.PROPOSED:
            sent = proposed + datetime.timedelta(days=rng.randint(0, 7))
        if state in (ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.COMPLETED):
            answered = (sent or proposed) + datetime.timedelta(days=rng.randint(3, 30))
        if state in (ReferralState.COMPLETED, ReferralState.WITHDRAWN):
            closed = (answered or sent or proposed) + datetime.timedelta(days=rng.randint(20, 150))
        # nothing after the end of the case or after today: then the referral is not that far
        if closed and closed > end:
            closed, state = None, ReferralState.ACCEPTED if answered else ReferralState.SENT
        if answered and answered > end:
            answered, state = None, ReferralState.SENT
        if sent and sent > end:
            sent, state = None, ReferralState.PROPOSED
        outcome = ""
        if state in REFERRAL_OUTCOMES:
            template = rng.choice(REFERRAL_OUTCOMES[state])
            outcome = template.format(date=(closed or answered or proposed).strftime("%d.%m.%Y"))
        return Referral(
            case=plan.case,
            office_id=office_id,
            service_id=service_id,
            life_domain=self.domains[code],
            reason=f"Bedarf im Lebensbereich {self.domains[code].name}.",
            state=state,
            proposed_on=proposed,
            sent_on=sent,
            answered_on=answered,
            closed_on=closed,
            outcome=outcome,
            created_by=plan.manager,
        )

    def _consents(self, plans, referrals):
        """Consent to processing at the start of every case; a waiver for the organisations
        of the referrals (and the Jobcenter) from the start of support planning."""
        rng = self.rng
        orgs_of_case = {}
        for referral, org_id in referrals:
            orgs_of_case.setdefault(referral.case_id, set()).add(org_id)
        jobcenter = self.organisations.get("Jobcenter Märkischer Kreis")
        consents, named = [], []
        for plan in plans:
            consents.append(
                Consent(
                    client=plan.client,
                    kind=ConsentKind.PROCESSING,
                    given_on=plan.opened_on,
                    scope="Verarbeitung der Daten im KIM-Case-Management: Beratung, "
                    "Dokumentation und Statistik in anonymisierter Form.",
                    recorded_by=plan.manager,
                )
            )
            if CasePhase.PLANNING not in plan.starts:
                continue
            orgs = set(orgs_of_case.get(plan.case.pk, set()))
            if jobcenter and (
                "work" in plan.focus or plan.case.access_channel == AccessChannel.JOBCENTER
            ):
                orgs.add(jobcenter.pk)
            if not orgs:
                continue
            given = plan.starts[CasePhase.PLANNING]
            valid_until = None
            revoked = None
            note = ""
            if rng.random() < 0.5:
                valid_until = given + datetime.timedelta(days=730)
            if plan.phase == CasePhase.CLOSED and plan.closed_on < self.today:
                if rng.random() < 0.2:
                    revoked = plan.closed_on + datetime.timedelta(days=1)
                    note = "Widerruf mündlich in der Beratung, schriftlich bestätigt."
                elif valid_until is None and rng.random() < 0.3:
                    valid_until = plan.closed_on  # expired with the end of the case
            waiver = Consent(
                client=plan.client,
                kind=ConsentKind.WAIVER,
                given_on=given,
                scope="Austausch zu Leistungen, Vermittlungen und Terminen mit den genannten "
                "Stellen.",
                valid_until=valid_until,
                revoked_on=revoked,
                revocation_note=note,
                recorded_by=plan.manager,
            )
            consents.append(waiver)
            named.append((waiver, orgs))
        Consent.objects.bulk_create(consents)
        Consent.organisations.through.objects.bulk_create(
            Consent.organisations.through(consent_id=waiver.pk, organisation_id=org)
            for waiver, orgs in named
            for org in sorted(orgs)
        )

    def _contacts(self, plans):
        rng = self.rng
        contacts, topics = [], []
        counts = {
            CasePhase.INTAKE: (1, 2),
            CasePhase.ASSESSMENT: (2, 3),
            CasePhase.PLANNING: (2, 4),
            CasePhase.IMPLEMENTATION: (3, 7),
            CasePhase.MONITORING: (3, 8),
            CasePhase.EVALUATION: (4, 9),
            CasePhase.CLOSED: (2, 8),
        }
        for plan in plans:
            # the last contact of an open case was between today and three months ago
            last = plan.end
            if plan.phase != CasePhase.CLOSED:
                last = self.today - datetime.timedelta(days=int(rng.expovariate(1 / 14)) % 90)
            last = max(last, plan.opened_on)
            n = rng.randint(*counts[plan.phase])
            days = sorted(
                {plan.opened_on, *(_between(rng, plan.opened_on, last) for _ in range(n - 1))}
            )
            if n > 1:
                days = sorted({*days, last})
            for day in days:
                channel = _pick(rng, CONTACT_CHANNELS)
                contact = Contact(
                    case=plan.case,
                    contact_on=day,
                    duration_minutes=rng.choice([15, 20, 30, 45, 45, 60, 60, 90, 120]),
                    channel=channel,
                    interpreter_used=plan.client.interpreter_needed
                    and channel != ContactChannel.WRITTEN
                    and rng.random() < 0.8,
                    note="Erstgespräch: Anliegen aufgenommen."
                    if day == plan.opened_on
                    else rng.choice(CONTACT_NOTES),
                    by=plan.manager,
                )
                contacts.append(contact)
                topics.append(
                    (contact, rng.sample(plan.focus, rng.randint(1, min(2, len(plan.focus)))))
                )
        Contact.objects.bulk_create(contacts)
        Contact.life_domains.through.objects.bulk_create(
            Contact.life_domains.through(contact_id=contact.pk, lifedomain_id=self.domains[code].pk)
            for contact, codes in topics
            for code in codes
        )

    def _appointments(self, plans):
        rng = self.rng
        today = self.today
        week_start = today - datetime.timedelta(days=today.weekday())
        appointments = []
        anna_this_week = 0
        for plan in plans:
            if plan.phase == CasePhase.CLOSED:
                continue
            town = plan.client.municipality.name
            places = [
                f"Rathaus {town}, Beratungsraum",
                "Kreishaus Lüdenscheid, Raum 214",
                "telefonisch",
                "Hausbesuch",
            ]
            days = []
            if plan.manager.username == "anna.berger" and anna_this_week < 6:
                days.append(week_start + datetime.timedelta(days=anna_this_week % 5))
                anna_this_week += 1
            if rng.random() < 0.45:
                days.append(today + datetime.timedelta(days=rng.randint(1, 21)))
            if rng.random() < 0.2:
                days.append(today - datetime.timedelta(days=rng.randint(1, 14)))
            for day in days:
                if day.weekday() >= 5:
                    day -= datetime.timedelta(days=day.weekday() - 4)
                hour, minute = rng.choice(TIME_SLOTS)
                appointments.append(
                    Appointment(
                        case=plan.case,
                        starts_at=_aware(day, hour, minute),
                        duration_minutes=rng.choice([30, 45, 60, 60, 90]),
                        place=rng.choice(places),
                        note=rng.choice(
                            ["", "", "Dolmetschung angefragt", "Unterlagen mitbringen"]
                        ),
                        cancelled=rng.random() < 0.07,
                        case_manager=plan.manager,
                    )
                )
        Appointment.objects.bulk_create(appointments)

    def _substitutions(self):
        coordinator = self.users.get(COORDINATOR) or self.users["anna.berger"]
        today = self.today
        Substitution.objects.bulk_create(
            [
                # running: Deniz Yılmaz works the cases of Katrin Vogel
                Substitution(
                    absent=self.users["katrin.vogel"],
                    substitute=self.users["deniz.yilmaz"],
                    starts_on=today - datetime.timedelta(days=2),
                    ends_on=today + datetime.timedelta(days=9),
                    created_by=coordinator,
                ),
                # planned: Anna Berger stands in for Mara Schulte in a few weeks
                Substitution(
                    absent=self.users["mara.schulte"],
                    substitute=self.users["anna.berger"],
                    starts_on=today + datetime.timedelta(days=21),
                    ends_on=today + datetime.timedelta(days=35),
                    created_by=coordinator,
                ),
            ]
        )


@dataclass
class _Plan:
    """A case to be created, with the dates its phases began."""

    client: Client
    person: dict
    manager: User
    access_channel: str
    phase: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    closure_reason: str
    closure_outcome: str
    path: list
    starts: dict
    end: datetime.date
    focus: list
    case: Case | None = None
