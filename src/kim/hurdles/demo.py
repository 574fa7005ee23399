"""Demo data of the system level: 60 fictitious hurdle reports over nine topics, two case
reconstructions and three generative themes for the steering group.

The reports are invented but plausible for the Märkischer Kreis; they name institutions only
generically ("die Ausländerbehörde", "das Jobcenter", "die VHS") and hold no personal data: no
names, dates of birth, phone numbers, e-mail addresses or file numbers (a test checks every text
with ``personal_data.find_personal_data``). Within a topic every report tells another situation
in other words (no templates), while the words that name the topic recur as they do in real
reports: the topic suggestion learns from these texts (``bench/topic_suggestion.py``).

About two thirds come from KIM case management (the demo case managers, each from a case of their
own in the municipality of the report), one third from the demo external partner of the AWO. 45 are
assigned to their topic by the demo coordinator, 8 are received, 4 triaged and 3 rejected with a
reason. Dates are relative to today.

``load()`` is deterministic (``random.Random(2026)``) and idempotent: when any hurdle report exists,
it does nothing. It needs the directory demo, the demo users and the case demo first.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.demo import AREAS
from kim.cases.models import Case, LifeDomain
from kim.directory import demo as directory_demo
from kim.directory.models import LegalDomain, Municipality, Organisation

from .models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReconstructionStep,
    ReportSource,
    ReportState,
    ReportStateChange,
    ThemeState,
    ThemeStateChange,
    Topic,
)

SEED = 2026
COORDINATOR = "jonas.keller"
EXTERNAL_PARTNER = "lea.hoffmann"
CM, EXT = ReportSource.CASE_MANAGEMENT, ReportSource.EXTERNAL

# which VHS serves which town (directory demo); elsewhere the VHS is not recorded
VHS_BY_TOWN = {
    "Iserlohn": "Volkshochschule Iserlohn",
    "Lüdenscheid": "Volkshochschule Lüdenscheid",
    "Hemer": "Volkshochschule Hemer-Menden-Balve",
    "Menden (Sauerland)": "Volkshochschule Hemer-Menden-Balve",
    "Balve": "Volkshochschule Hemer-Menden-Balve",
}


@dataclass(frozen=True)
class R:
    """One demo report: who reports (CM or EXT), the three texts, and what it involves beyond
    the defaults of its topic (organisation keys, legal domain codes, life domain codes)."""

    source: str
    description: str
    consequence: str
    attempts: str
    orgs: tuple = ()
    laws: tuple = ()
    lives: tuple = ()


@dataclass(frozen=True)
class T:
    key: str
    name: str
    description: str
    orgs: tuple
    laws: tuple
    lives: tuple
    reporter_phrases: tuple  # what reporters write into "suggested topic"
    reports: tuple  # the first five are assigned, the rest received or triaged


TOPICS = [
    T(
        "abh",
        "Wartezeiten bei der Ausländerbehörde",
        "Termine, Bearbeitungszeiten und Erreichbarkeit der Ausländerbehörden im Kreis.",
        ("abh",),
        ("AufenthG",),
        ("residence",),
        ("Terminvergabe Ausländerbehörde", "Wartezeit Aufenthaltstitel", "ABH nicht erreichbar"),
        (
            R(
                CM,
                "Für die Verlängerung der Aufenthaltserlaubnis bot das Terminsystem der "
                "Ausländerbehörde erst einen Termin in knapp fünf Monaten an, also nach Ablauf der "
                "alten Erlaubnis. Eine Fiktionsbescheinigung schickte die Behörde erst nach "
                "mehrfachem Nachfragen. Bis dahin verlangte der Arbeitgeber eine Freistellung.",
                "Drei Wochen ohne Arbeit und ohne Lohn, weil der Aufenthaltstitel nicht "
                "rechtzeitig verlängert war; der Vertrag in der Probezeit stand auf der Kippe.",
                "Schriftlicher Antrag auf Fiktionsbescheinigung, wiederholte Anrufe bei der "
                "Ausländerbehörde, Bitte um einen früheren Termin.",
                orgs=("ba",),
                lives=("work",),
            ),
            R(
                EXT,
                "In unserer Migrationsberatung häufen sich Anfragen, weil die Ausländerbehörde "
                "telefonisch praktisch nicht erreichbar ist. Das Terminportal zeigt seit Wochen "
                "keine freien Termine an, nicht einmal für eine einfache Adressänderung im "
                "Aufenthaltstitel.",
                "Ratsuchende warten monatelang und kommen mehrfach in die Sprechstunde; "
                "Nachweisfristen gegenüber anderen Stellen verstreichen.",
                "Sammelanfrage an die Leitung der Ausländerbehörde, Thema im Arbeitskreis "
                "Migration angesprochen.",
            ),
            R(
                CM,
                "Nach dem positiven Bescheid des Bundesamts dauerte es über vier Monate, bis die "
                "Ausländerbehörde den elektronischen Aufenthaltstitel aushändigte. Solange lag nur "
                "ein Ausweisersatz aus Papier vor, den Banken und Vermieter nicht anerkannten.",
                "Ein Wohnungsangebot verfiel, weil der Aufenthaltstitel fehlte; die "
                "Kontoeröffnung verzögerte sich um Wochen.",
                "Nachfrage beim Sachgebiet der Ausländerbehörde, Bitte um eine Bestätigung für "
                "den Vermieter, auf die keine Antwort kam.",
                lives=("housing",),
            ),
            R(
                CM,
                "Die Agentur für Arbeit hatte der Beschäftigung zügig zugestimmt, danach lag die "
                "Beschäftigungserlaubnis sieben Wochen unbearbeitet bei der Ausländerbehörde. Der "
                "Ausbildungsbetrieb konnte nicht länger warten und vergab den Platz an jemand "
                "anderen.",
                "Wegen der Wartezeit verschiebt sich der Ausbildungsbeginn um ein Jahr, der "
                "Leistungsbezug geht weiter.",
                "Eilantrag bei der Ausländerbehörde mit einem Schreiben des Betriebs, "
                "Einschaltung der Integrationsbeauftragten der Kommune.",
                orgs=("ba", "jobcenter"),
                laws=("SGB II",),
                lives=("work",),
            ),
            R(
                EXT,
                "Wer bei der Ausländerbehörde eine Niederlassungserlaubnis beantragen möchte, "
                "hört am Schalter, man solle erst alle Unterlagen vollständig einreichen; eine "
                "Liste der nötigen Nachweise gibt es nicht. Jede Nachreichung schiebt den Antrag "
                "in der Bearbeitung wieder nach hinten.",
                "Die Bearbeitung dauert mehr als ein halbes Jahr; die Familien warten mit "
                "befristeten Aufenthaltstiteln, Gebühren und Unsicherheit.",
                "Eigene Checkliste erstellt, bei der Sachgebietsleitung der Ausländerbehörde nach "
                "einer offiziellen Liste gefragt.",
            ),
            R(
                CM,
                "Nach einem Umzug innerhalb des Kreises dauert die Umschreibung des "
                "Aufenthaltstitels bei der Ausländerbehörde derzeit rund drei Monate. Bis dahin "
                "weicht die Anschrift im Titel von der Meldeadresse ab, was bei jedem Behördengang "
                "Rückfragen auslöst.",
                "Jobcenter und Familienkasse forderten zusätzliche Nachweise an, Zahlungen kamen "
                "verspätet.",
                "Meldebescheinigung beigelegt, erklärendes Schreiben für die Leistungsstellen "
                "verfasst.",
                orgs=("jobcenter",),
                laws=("SGB II",),
                lives=("finances",),
            ),
            R(
                EXT,
                "Eine Ratsuchende versucht seit dem Frühjahr, bei der Ausländerbehörde einen "
                "Termin für die Verlängerung ihrer Aufenthaltserlaubnis zu bekommen. Das Portal "
                "bietet nur Termine weit nach dem Ablaufdatum, Nachrichten an das Postfach der "
                "Behörde bleiben unbeantwortet.",
                "Sie fürchtet, ihre Stelle zu verlieren, und traut sich nicht, den Arbeitgeber zu "
                "informieren.",
                "Bescheinigung über die rechtzeitige Antragstellung angefragt.",
                lives=("work",),
            ),
        ),
    ),
    T(
        "anerkennung",
        "Anerkennung ausländischer Berufsabschlüsse",
        "Gleichwertigkeitsprüfung, Zeugnisbewertung, Ausgleichsmaßnahmen und ihre Kosten.",
        ("jobcenter",),
        ("SGB II",),
        ("work",),
        ("Anerkennung Berufsabschluss", "Anerkennungsverfahren dauert zu lange"),
        (
            R(
                CM,
                "Eine im Ausland ausgebildete Pflegefachkraft wartet seit über acht Monaten auf "
                "den Bescheid über die Anerkennung ihres Berufsabschlusses. Verlangt werden "
                "beglaubigte Übersetzungen aller Zeugnisse und Fächerübersichten, deren Kosten "
                "keine Stelle übernehmen wollte.",
                "Bis zur Anerkennung arbeitet sie als ungelernte Hilfskraft in einer "
                "Pflegeeinrichtung, die dringend Fachkräfte sucht.",
                "Antrag auf Übernahme der Übersetzungskosten beim Jobcenter, Termin bei der "
                "Anerkennungsberatung, Suche nach Förderprogrammen.",
                lives=("health",),
            ),
            R(
                EXT,
                "Ingenieurinnen und Ingenieure mit einem Hochschulabschluss aus Drittstaaten "
                "erfahren oft erst nach Monaten in unserer Beratung, dass sie für die Anerkennung "
                "ihres Abschlusses eine Zeugnisbewertung der Zentralstelle brauchen. Die "
                "Vermittlung hatte ihnen bis dahin nur Helfertätigkeiten angeboten.",
                "Hoch qualifizierte Fachkräfte bleiben lange unterhalb ihres Abschlusses "
                "beschäftigt oder im Leistungsbezug.",
                "Merkblatt zu Anerkennung und Zeugnisbewertung geschrieben, Gespräch mit dem "
                "Arbeitgeberservice angefragt.",
                orgs=("ba",),
                laws=("SGB III",),
            ),
            R(
                CM,
                "Für die Anerkennung als Erzieherin verlangt die zuständige Stelle eine "
                "Anpassungsqualifizierung, doch im Märkischen Kreis gibt es dafür keinen Platz. "
                "Der nächste Lehrgang liegt in einer Nachbarstadt, mit langer Fahrt und Beginn "
                "erst im Herbst.",
                "Ohne volle Anerkennung des Berufsabschlusses musste die Kita vor Ort die "
                "angebotene Stelle anderweitig besetzen.",
                "Nach Teilzeit- oder Onlineformaten gefragt, Übernahme der Fahrtkosten beim "
                "Jobcenter beantragt.",
            ),
            R(
                CM,
                "Ein Elektriker mit langer Berufserfahrung kann für die Anerkennung seines "
                "Berufsabschlusses keine Originalzeugnisse vorlegen, weil seine Berufsschule im "
                "Herkunftsland zerstört wurde. Die Handwerkskammer bietet eine "
                "Qualifikationsanalyse an, darauf wartet man aber mehr als ein halbes Jahr.",
                "Er ist als Lagerhelfer tätig, zu einem Bruchteil des Lohns einer anerkannten "
                "Fachkraft.",
                "Arbeitsproben dokumentiert, Kontakt zur Handwerkskammer, Termin bei der "
                "Anerkennungsberatung des IQ-Netzwerks vermittelt.",
            ),
            R(
                CM,
                "Eine Ärztin mit ausländischem Abschluss wartet auf den Termin für die "
                "Kenntnisprüfung zur Approbation schon länger als ein Jahr. Eine Berufserlaubnis "
                "für die Zwischenzeit gibt es nur mit Stellenzusage einer Klinik, und die Kliniken "
                "verlangen umgekehrt zuerst die Erlaubnis.",
                "Bis zur Anerkennung liegt die fachärztliche Qualifikation brach, sie verliert "
                "ihre Routine.",
                "Hospitationen organisiert, Gespräch mit der Personalabteilung eines Krankenhauses "
                "geführt.",
                lives=("health",),
            ),
            R(
                CM,
                "Die Gleichwertigkeit eines kaufmännischen Berufsabschlusses wurde verneint, weil "
                "das Zeugnis keine Praxisanteile ausweist. Dass eine teilweise Anerkennung mit "
                "Ausgleichsmaßnahme möglich wäre, stand nicht im Bescheid.",
                "Die Person hat den Wunsch, im erlernten Beruf zu arbeiten, vorerst aufgegeben.",
                "Widerspruch gegen den Bescheid gemeinsam mit der Anerkennungsberatung "
                "vorbereitet.",
            ),
            R(
                EXT,
                "Wer ein Lehramtsstudium aus dem Ausland anerkennen lassen will, muss Deutsch auf "
                "C1-Niveau nachweisen, doch berufsbezogene Kurse auf dieser Stufe gibt es im Kreis "
                "kaum. Die Bezirksregierung verweist auf die Kursträger, die Kursträger verweisen "
                "auf das Jobcenter.",
                "Der Antrag auf Anerkennung ruht, die Lehrkraft arbeitet fachfremd.",
                "Nach Berufssprachkursen in benachbarten Städten recherchiert.",
                lives=("language",),
            ),
        ),
    ),
    T(
        "kita",
        "Kinderbetreuung während des Integrationskurses",
        "Betreuungsplätze, Kurszeiten und Kurse mit Kinderbetreuung für Eltern im "
        "Integrationskurs.",
        ("vhs", "youth"),
        ("SGB VIII", "AufenthG"),
        ("family", "language"),
        ("Kinderbetreuung Integrationskurs", "Kita-Platz fehlt für Sprachkurs"),
        (
            R(
                CM,
                "Eine alleinerziehende Mutter wurde zum Integrationskurs verpflichtet, findet für "
                "ihr zweijähriges Kind aber keinen Betreuungsplatz. Der Kurs der VHS läuft "
                "vormittags, die Kita-Warteliste ist bis zum nächsten Kindergartenjahr voll.",
                "Ohne Kinderbetreuung musste sie den Kurs nach wenigen Wochen abbrechen; das "
                "Jobcenter kündigte eine Minderung an.",
                "Anmeldung im Kita-Portal, Anfragen bei Tagesmüttern, Gespräch mit dem Jobcenter "
                "über die Verpflichtung.",
                orgs=("jobcenter",),
                laws=("SGB II",),
            ),
            R(
                EXT,
                "Integrationskurse mit begleitender Kinderbetreuung gibt es im Kreis kaum noch, "
                "seit die Bundesförderung dafür ausgelaufen ist. Frauen mit kleinen Kindern "
                "bleiben auf Wartelisten oder melden sich gar nicht erst an.",
                "Der Spracherwerb verzögert sich um Jahre, die Familien bleiben isoliert.",
                "Bedarfsliste an die Kursträger weitergegeben, Ehrenamtliche für eine "
                "Kinderbetreuung gesucht.",
            ),
            R(
                CM,
                "Die Eltern eines Säuglings könnten den Integrationskurs abwechselnd besuchen, "
                "wenn ein Elternteil vormittags und der andere abends lernt. Den passenden "
                "Kursabschnitt bietet die VHS aber nur vormittags an, und eine andere "
                "Kinderbetreuung durch Großeltern oder Nachbarn gibt es nicht.",
                "Nur ein Elternteil lernt Deutsch, der andere bleibt vom Kurs ausgeschlossen.",
                "Wechsel zu einem anderen Kursträger geprüft, Antrag auf Kindertagespflege beim "
                "Jugendamt gestellt.",
            ),
            R(
                CM,
                "Das Jugendamt vergibt Plätze in der Kindertagespflege vorrangig an Eltern, die "
                "arbeiten oder eine Ausbildung machen. Die verpflichtende Teilnahme am "
                "Integrationskurs zählt bei der Vergabe der Betreuungsplätze nicht gleich viel.",
                "Ohne Kinderbetreuung wurde der Kursbeginn dreimal verschoben, die "
                "Teilnahmeberechtigung droht zu verfallen.",
                "Bescheinigung des Kursträgers vorgelegt, schriftlich nach den Vergabekriterien "
                "gefragt.",
            ),
            R(
                EXT,
                "In den kleineren Gemeinden fahren die Busse so selten, dass Eltern ihr Kind "
                "nicht in die Kita bringen und trotzdem pünktlich zum Integrationskurs kommen "
                "können. Sie kommen regelmäßig zu spät und werden als unentschuldigt fehlend "
                "geführt.",
                "Die Fehlzeiten gefährden die Kostenbefreiung und den Kursabschluss.",
                "Den Kursträger um einen späteren Beginn gebeten, Fahrgemeinschaften vermittelt.",
            ),
            R(
                CM,
                "In den Schulferien schließen Kita und Offene Ganztagsschule, der "
                "Integrationskurs geht aber weiter. Für Kinder im Grundschulalter gibt es in "
                "diesen Wochen keinerlei Betreuung.",
                "Mehrere Fehltage, die auf die zulässigen Fehlzeiten im Kurs angerechnet werden.",
                "Ferienangebote der Stadt abgefragt, die aber ausgebucht waren.",
                lives=("education",),
            ),
            R(
                CM,
                "Es gibt zwar einen Integrationskurs mit Kinderbetreuung, doch die Betreuung nimmt "
                "nur Kinder ab drei Jahren. Für Eltern von Kleinkindern findet sich an keinem "
                "erreichbaren Kursort eine Lösung.",
                "Die Mutter verschiebt den Kursbeginn, bis das Kind einen Kita-Platz hat.",
                "Bei zwei Kursträgern und beim Familienbüro der Stadt nachgefragt.",
            ),
        ),
    ),
    T(
        "duldung",
        "Zugang zu Sprachkursen bei Duldung",
        "Geduldete und Gestattete ohne Zugang zu geförderten Sprach- und Integrationskursen.",
        ("abh", "vhs"),
        ("AufenthG", "AsylbLG"),
        ("language", "residence"),
        ("Sprachkurs bei Duldung", "Kein Kurszugang für Geduldete"),
        (
            R(
                CM,
                "Ein junger Mann mit Duldung möchte Deutsch lernen, wird aber nicht zum "
                "Integrationskurs zugelassen, weil Geduldete nicht zum berechtigten Personenkreis "
                "gehören. Im laufenden Sprachkurs wären Plätze frei.",
                "Er bleibt ohne Sprachkurs und damit ohne Aussicht auf eine Ausbildungsduldung.",
                "Antrag auf Zulassung zum Kurs beim Bundesamt gestellt, nach ehrenamtlichen "
                "Sprachcafés gesucht.",
            ),
            R(
                EXT,
                "Geduldete, die schon mehrere Jahre hier leben, fallen in unserer Beratung durch "
                "alle Förderraster: Für den Integrationskurs fehlt die Berechtigung, für "
                "Berufssprachkurse die Nähe zum Arbeitsmarkt. Zugang haben sie nur zu "
                "niedrigschwelligen Sprachangeboten von Ehrenamtlichen.",
                "Ohne Deutschkenntnisse rückt ein Bleiberecht nach § 25b AufenthG in weite Ferne.",
                "Liste offener Sprachkurse gepflegt, einzelne Anfragen zur Zulassung an das "
                "Bundesamt gerichtet.",
            ),
            R(
                CM,
                "Für eine Beschäftigungsduldung wird Deutsch auf A2-Niveau verlangt, während der "
                "Zugang zu einem geförderten Sprachkurs wegen der Duldung versperrt ist. Private "
                "Kurse kosten mehrere hundert Euro.",
                "Die Voraussetzungen für einen gesicherten Aufenthalt sind so kaum zu erreichen.",
                "Stiftungsmittel für die Kursgebühr beantragt, Gespräch mit der zuständigen "
                "Behörde geführt.",
                lives=("work",),
            ),
            R(
                EXT,
                "Legt jemand eine Duldung mit dem Zusatz zur ungeklärten Identität vor, lehnt der "
                "Kursträger die Anmeldung zum Sprachkurs ab. Dass eine Zulassung zum "
                "Integrationskurs im Rahmen freier Plätze trotzdem möglich ist, weiß vor Ort "
                "niemand.",
                "Monatelanges Warten ohne jeden Deutschunterricht.",
                "Rechtliche Einschätzung der Flüchtlingsberatung eingeholt und dem Kursträger "
                "weitergeleitet.",
            ),
            R(
                CM,
                "Geduldete junge Erwachsene, die nicht mehr schulpflichtig sind, finden keinen "
                "Sprachkurs. Für den Jugendintegrationskurs fehlt wegen der Duldung die "
                "Berechtigung, und die Volkshochschule verweist auf die fehlende Finanzierung "
                "freier Plätze.",
                "Die jungen Menschen sitzen ohne Deutschkurs und ohne Tagesstruktur in der "
                "Unterkunft.",
                "Gespräche mit der VHS und dem Jugendmigrationsdienst über eine Zulassung zum "
                "Kurs.",
                lives=("education",),
            ),
            R(
                EXT,
                "Seit die Förderrichtlinie geändert wurde, übernimmt das Sozialamt die Kosten "
                "eines Sprachkurses für Menschen mit Duldung nicht mehr. Das trifft auch "
                "Geduldete, denen schon eine Arbeitsstelle in Aussicht gestellt ist.",
                "Die Arbeitsaufnahme scheitert am fehlenden Sprachnachweis.",
                "Widerspruch gegen die Ablehnung, Anfrage an den Integrationsrat.",
                orgs=("town",),
            ),
        ),
    ),
    T(
        "wohnen",
        "Wohnsitzanmeldung und Wohnungssuche",
        "Meldeadresse, Wohnungsgeberbestätigung, Wohnsitzauflage, Mietobergrenzen und "
        "Vorbehalte auf dem Wohnungsmarkt.",
        ("town", "jobcenter"),
        ("SGB II",),
        ("housing",),
        ("Wohnungssuche", "Anmeldung ohne Wohnung"),
        (
            R(
                CM,
                "Ohne Meldeadresse lehnt das Jobcenter den Leistungsantrag ab, ohne Bescheid "
                "vermietet niemand eine Wohnung. Eine Familie lebt deshalb seit Monaten in einer "
                "Notunterkunft, wo sie sich nicht anmelden kann.",
                "Die Kinder können nicht eingeschult werden, weil die Schule eine "
                "Meldebescheinigung verlangt.",
                "Bescheinigung über die Unterbringung beim Ordnungsamt erbeten, "
                "Mietbescheinigung mit dem Jobcenter abgestimmt.",
                lives=("education", "finances"),
            ),
            R(
                EXT,
                "Untervermieter stellen die Wohnungsgeberbestätigung häufig nicht aus, weil sie "
                "steuerliche Nachteile befürchten. Ohne diese Bestätigung nimmt das Bürgeramt die "
                "Anmeldung der Wohnung nicht an.",
                "Ohne Anmeldung gibt es keine Steuer-Identifikationsnummer und damit keinen "
                "regulären Arbeitsvertrag.",
                "Vermieter über die Rechtslage informiert, Rücksprache mit dem Bürgeramt gehalten.",
                lives=("work",),
            ),
            R(
                CM,
                "Die Mietobergrenzen des Jobcenters liegen für große Familien deutlich unter den "
                "Mieten auf dem örtlichen Wohnungsmarkt. Eine Wohnung mit fünf Zimmern zu diesen "
                "Bedingungen gibt es in der Kommune praktisch nicht.",
                "Die siebenköpfige Familie bleibt in einer beengten Zweizimmerwohnung.",
                "Zustimmung zu einer teureren Wohnung beantragt, Kontakt zu Vermietern und zur "
                "Wohnungsbaugesellschaft aufgenommen.",
            ),
            R(
                CM,
                "Die Wohnsitzauflage bindet anerkannte Geflüchtete an eine Kommune, in der sie "
                "seit einem Jahr vergeblich eine Wohnung suchen. In der Nachbarstadt wäre eine "
                "Wohnung frei, doch umziehen und sich dort anmelden dürfen sie erst, wenn die "
                "Auflage aufgehoben ist.",
                "Weiter Leben in der Gemeinschaftsunterkunft; Arbeitsangebote in anderen Orten "
                "können nicht angenommen werden.",
                "Antrag auf Streichung der Wohnsitzauflage gestellt, den Vermieter um Geduld "
                "gebeten.",
                orgs=("abh",),
                laws=("AufenthG",),
                lives=("residence",),
            ),
            R(
                EXT,
                "Bei der Wohnungssuche werden Menschen mit Aufenthaltsgestattung oft abgewiesen, "
                "sobald sie bei der Besichtigung ihren Ausweis zeigen. Vermieter fürchten, die "
                "Mieter müssten kurzfristig wieder ausziehen.",
                "Die Suche nach einer Wohnung dauert mehr als doppelt so lange wie bei anderen "
                "Haushalten.",
                "Bürgschaftsmodell mit einem Wohlfahrtsverband angefragt, Gespräch mit dem "
                "örtlichen Haus- und Grundbesitzerverein.",
            ),
            R(
                CM,
                "Beim Auszug aus der Unterkunft meldet die Kommune die Familie von Amts wegen ab, "
                "bevor die neue Wohnung bezogen ist. In dieser Lücke gibt es keine Anschrift für "
                "Post von Ämtern und Schule.",
                "Ein Bescheid ging verloren, die Widerspruchsfrist verstrich ungenutzt.",
                "Postvollmacht für die Beratungsstelle, Nachsendeauftrag eingerichtet.",
            ),
        ),
    ),
    T(
        "schule_beruf",
        "Übergang Schule–Beruf für Seiteneinsteiger",
        "Neu zugewanderte Jugendliche zwischen Sprachförderung, Berufskolleg und Ausbildung.",
        ("ba",),
        ("SGB III",),
        ("education", "work"),
        ("Übergang Schule Beruf", "Seiteneinsteiger ohne Abschluss"),
        (
            R(
                CM,
                "Jugendliche, die mit sechzehn als Seiteneinsteiger zugewandert sind, verlassen "
                "die Schule nach zwei Jahren in der Sprachfördergruppe ohne Schulabschluss. Für "
                "eine Ausbildung fehlen Abschluss und Fachsprache, weitere Schuljahre am "
                "Berufskolleg werden nicht angeboten.",
                "Der junge Mann jobbt als Aushilfe, an eine Ausbildung ist vorerst nicht zu "
                "denken.",
                "Anmeldung am Berufskolleg versucht, Termin bei der Berufsberatung vermittelt.",
            ),
            R(
                EXT,
                "Im Jugendmigrationsdienst sehen wir, dass Seiteneinsteigerinnen und "
                "Seiteneinsteiger von der schulischen Berufsorientierung kaum erreicht werden. "
                "Praktikumsbörsen und Berufsfelderkundungen laufen in den Regelklassen, in denen "
                "sie noch nicht sitzen.",
                "Berufswahl ohne Praxiserfahrung, gehäufte Abbrüche der Ausbildung im ersten "
                "Lehrjahr.",
                "Eigene Praktikumsvermittlung aufgebaut, Kontakt zur kommunalen Koordinierung "
                "des Übergangs von der Schule in den Beruf hergestellt.",
                orgs=("awo",),
            ),
            R(
                CM,
                "Das Berufskolleg hat nur eine internationale Förderklasse für Seiteneinsteiger, "
                "und die ist zu Beginn des Schuljahres schon belegt. Wer danach mit über sechzehn "
                "Jahren zuzieht, bekommt keinen Schulplatz mehr.",
                "Ein halbes Jahr ohne Schule und ohne Sprachförderung.",
                "Anfrage bei der Schulaufsicht, Nachfrage an benachbarten Berufskollegs.",
                lives=("language",),
            ),
            R(
                CM,
                "Betriebe wären bereit, Seiteneinsteiger auszubilden, doch in der Berufsschule "
                "setzt der Fachunterricht Sprachkenntnisse voraus, die in so kurzer Zeit nicht "
                "erreichbar sind. Die ausbildungsbegleitenden Hilfen sind voll belegt.",
                "Abbruch der Ausbildung im ersten Lehrjahr.",
                "Assistierte Ausbildung beantragt, Nachhilfe durch Ehrenamtliche organisiert.",
            ),
            R(
                EXT,
                "Schulzeugnisse von Seiteneinsteigern aus dem Herkunftsland können "
                "Ausbildungsbetriebe bei Bewerbungen nicht einordnen, weil keine Bewertung des "
                "Abschlusses vorliegt. Die Gleichstellung des Schulabschlusses durch die "
                "Bezirksregierung braucht viele Wochen.",
                "Die Bewerbungsfristen für eine Ausbildung laufen vorher ab.",
                "Vorläufige Bescheinigung der Schule über den Leistungsstand erbeten.",
            ),
            R(
                CM,
                "Eine junge Frau hat in der Seiteneinsteigerklasse große Fortschritte gemacht, "
                "verliert mit achtzehn aber den Anspruch auf einen Schulplatz. Weder Jobcenter "
                "noch Berufskolleg sehen sich für ihren weiteren Bildungsweg zuständig.",
                "Der angestrebte mittlere Schulabschluss ist ohne Schulplatz nicht erreichbar.",
                "Abendrealschule angefragt, Gespräch mit der Schulsozialarbeit.",
                orgs=("jobcenter",),
                laws=("SGB II",),
            ),
        ),
    ),
    T(
        "dolmetschen",
        "Dolmetschen in Behörden und Gesundheitswesen",
        "Sprachmittlung bei Ämtern, in Schulen, Praxen und Krankenhäusern und wer sie bezahlt.",
        (),
        (),
        ("health", "language"),
        ("Dolmetscher fehlt", "Sprachmittlung Arztpraxis"),
        (
            R(
                CM,
                "Bei einem Aufklärungsgespräch im Krankenhaus übersetzte die minderjährige "
                "Tochter, weil weder ein Dolmetscher noch ein Sprachmittlungsdienst verfügbar "
                "war. Es ging um eine schwere Diagnose der Mutter.",
                "Das Kind war sehr belastet, und es ist unklar, ob die Patientin die Aufklärung "
                "verstanden hat.",
                "Beim Krankenhaus nach Videodolmetschen gefragt, Liste ehrenamtlicher "
                "Sprachmittler weitergegeben.",
                lives=("family",),
            ),
            R(
                EXT,
                "Das Jobcenter lädt zu Gesprächen über den Kooperationsplan ein, ohne eine "
                "Sprachmittlung zu stellen, und erwartet, dass die Leute selbst jemanden "
                "mitbringen. Die Inhalte werden dann von Bekannten übersetzt.",
                "Pflichten werden missverstanden, es folgen Leistungsminderungen.",
                "Auf die Kostenübernahme für Dolmetschende hingewiesen, Beschwerde an die "
                "Teamleitung geschrieben.",
                orgs=("jobcenter",),
                laws=("SGB II",),
                lives=("finances",),
            ),
            R(
                CM,
                "Für eine Psychotherapie übernimmt die Krankenkasse keine Kosten für "
                "Sprachmittlung. Die traumatisierte Person hat zwar einen Therapieplatz, kann ihn "
                "ohne Übersetzerin aber nicht nutzen.",
                "Die Behandlung hat nicht begonnen, die Beschwerden nehmen zu.",
                "Antrag auf Übernahme der Dolmetscherkosten beim Sozialamt, Kontakt zum "
                "Psychosozialen Zentrum.",
                orgs=("town",),
                laws=("AsylbLG",),
            ),
            R(
                CM,
                "Für das Elterngespräch in der Schule und den Termin im Jugendamt war jeweils eine "
                "Sprachmittlung vorgesehen, der Dolmetscherpool hatte für Tigrinya aber niemanden. "
                "Verständigt wurde sich mit Gesten und einer Übersetzungs-App.",
                "Absprachen zur Hilfe zur Erziehung wurden nur teilweise verstanden.",
                "In Nachbarkreisen nach Dolmetschenden gesucht, telefonische Sprachmittlung "
                "angefragt.",
                orgs=("youth",),
                laws=("SGB VIII",),
                lives=("family", "education"),
            ),
            R(
                EXT,
                "Arztpraxen schicken Patientinnen ohne Deutschkenntnisse weg und bitten sie, mit "
                "Übersetzung wiederzukommen. Wer eine professionelle Sprachmittlung in der "
                "ambulanten Versorgung bezahlt, ist nicht geregelt.",
                "Vorsorgeuntersuchungen in der Schwangerschaft fanden nicht statt.",
                "Begleitung durch Ehrenamtliche organisiert, Praxen auf Telefondolmetschdienste "
                "hingewiesen.",
            ),
            R(
                CM,
                "In der Ausländerbehörde werden Belehrungen zur Mitwirkungspflicht nur auf Deutsch "
                "vorgelesen und dann unterschrieben. Eine Übersetzung gibt es nicht, auch wenn "
                "erkennbar ist, dass der Inhalt nicht verstanden wurde.",
                "Unterschrieben wurde eine Erklärung, deren Folgen unbekannt waren.",
                "Inhalt nachträglich im Case Management erläutert, nach übersetzten Merkblättern "
                "gefragt.",
                orgs=("abh",),
                laws=("AufenthG",),
                lives=("residence",),
            ),
        ),
    ),
    T(
        "konto",
        "Kontoeröffnung und Leistungsbezug",
        "Basiskonto, Zahlungslücken beim Wechsel der Leistungsträger und Anrechnung von Einkommen.",
        ("jobcenter",),
        ("SGB II",),
        ("finances",),
        ("Kontoeröffnung", "Zahlungslücke Leistungen"),
        (
            R(
                CM,
                "Banken lehnen die Eröffnung eines Basiskontos ab, weil sie den vorgelegten "
                "Ausweisersatz nicht als Legitimation anerkennen. Das Jobcenter überweist die "
                "Leistungen aber nur auf ein Konto.",
                "Auszahlung per Barcode an der Supermarktkasse mit Wartezeiten, die Miete ging "
                "verspätet ein.",
                "Auf den gesetzlichen Anspruch auf ein Basiskonto hingewiesen, Beschwerde bei der "
                "Finanzaufsicht vorbereitet.",
                lives=("residence",),
            ),
            R(
                EXT,
                "Beim Wechsel vom Asylbewerberleistungsgesetz in die Grundsicherung entsteht "
                "regelmäßig eine Lücke von mehreren Wochen, in der weder Sozialamt noch Jobcenter "
                "Leistungen zahlen. Das eine Amt stellt ein, bevor das andere bewilligt hat.",
                "Familien leihen sich Geld bei Bekannten oder gehen zur Tafel; Mietschulden "
                "entstehen.",
                "Vorschuss beim Jobcenter beantragt, Einstellungsbescheid des Sozialamts "
                "angefordert.",
                orgs=("town",),
                laws=("AsylbLG",),
            ),
            R(
                CM,
                "Das Jobcenter verlangt für die Bewilligung der Leistungen Kontoauszüge der "
                "letzten drei Monate, obwohl das Konto erst vor wenigen Wochen bei der Bank "
                "eröffnet wurde. Eine Erklärung zur fehlenden Kontohistorie genügt nicht.",
                "Die erste Zahlung kam sechs Wochen zu spät.",
                "Bestätigung der Bank über den Tag der Kontoeröffnung eingereicht.",
            ),
            R(
                CM,
                "Nach der Arbeitsaufnahme kommt der erste Lohn erst am Monatsende, das Jobcenter "
                "stellt die Zahlung der Leistungen aber schon zum Monatsanfang ein. Für die "
                "Überbrückung gibt es nur ein Darlehen, dessen Antrag ohne Hilfe nicht zu "
                "verstehen ist.",
                "Die Lastschrift für die Miete platzte, die Bank berechnete Gebühren.",
                "Darlehensantrag gemeinsam ausgefüllt, mit dem Vermieter eine Ratenzahlung "
                "vereinbart.",
                lives=("work", "housing"),
            ),
            R(
                EXT,
                "Familienkasse und Jobcenter stimmen sich beim Kindergeld nicht ab: Das Jobcenter "
                "rechnet Kindergeld als Einkommen an, dessen Zahlung noch gar nicht eingegangen "
                "ist. Haushalte mit mehreren Kindern fehlt dadurch Geld für laufende Kosten.",
                "Der Strom wurde gesperrt, weil Abschläge nicht bezahlt werden konnten.",
                "Überprüfungsantrag gestellt, Nachweis über die ausgebliebene Zahlung eingereicht.",
                lives=("family",),
            ),
            R(
                CM,
                "Eine Direktbank eröffnet ein Konto nur per Video-Identifikation, die mit dem "
                "vorhandenen Aufenthaltsdokument scheitert. Die Filialbanken vor Ort vergeben "
                "Beratungstermine erst nach Wochen.",
                "Ohne Konto kann das Arbeitsverhältnis nicht beginnen, weil der Arbeitgeber nicht "
                "bar auszahlt.",
                "Sparkasse um ein Basiskonto gebeten, Schreiben mit Verweis auf das "
                "Zahlungskontengesetz.",
                lives=("work",),
            ),
        ),
    ),
    T(
        "digital",
        "Digitale Antragswege ohne Sprachkenntnisse",
        "Onlineportale, Apps und digitale Identität als Hürde für Menschen ohne Deutsch- oder "
        "Technikkenntnisse.",
        (),
        (),
        ("participation", "language"),
        ("Online-Antrag nur auf Deutsch", "Digitalisierung als Hürde"),
        (
            R(
                CM,
                "Weiterbewilligungsanträge sollen zunehmend online über ein Portal des "
                "Jobcenters gestellt werden, das fast nur auf Deutsch bedienbar ist. Ohne "
                "Smartphone mit genug Datenvolumen und ohne Sprachkenntnisse gelingt schon die "
                "Registrierung kaum.",
                "Der Antrag ging verspätet ein, für einen Monat wurde nichts gezahlt.",
                "Gemeinsam am Rechner ausgefüllt, auf die Formulare in Papierform hingewiesen.",
                orgs=("jobcenter",),
                laws=("SGB II",),
                lives=("finances",),
            ),
            R(
                EXT,
                "Für das Online-Terminportal der Stadtverwaltung braucht man ein eigenes "
                "Postfach, muss ein Captcha lösen und sich durch mehrere Seiten Formular mit "
                "Fachbegriffen klicken. Viele scheitern schon an der Registrierung und kommen mit "
                "dem Smartphone in die Sprechstunde.",
                "Die Beratungsstelle bucht stellvertretend online, andere Beratung bleibt liegen.",
                "Bebilderte Anleitung in fünf Sprachen erstellt, um eine mehrsprachige "
                "Oberfläche des Portals gebeten.",
                orgs=("town",),
            ),
            R(
                CM,
                "Der Kinderzuschlag lässt sich praktisch nur noch digital mit einer BundID "
                "beantragen. Die BundID einzurichten scheitert an der nicht freigeschalteten "
                "Online-Ausweisfunktion oder an der vergessenen PIN.",
                "Der Anspruch auf Kinderzuschlag bleibt über Monate ungenutzt.",
                "Brief zum Zurücksetzen der PIN bestellt, Antrag in Papierform bei der "
                "Familienkasse angefordert.",
                orgs=("ba",),  # the Familienkasse belongs to the Bundesagentur für Arbeit
                lives=("finances", "family"),
            ),
            R(
                CM,
                "Kita-Plätze werden in der Kommune nur online über ein Portal vergeben, dessen "
                "Pflichtfelder in Amtsdeutsch formuliert sind. Hilfe vor Ort gibt es nur nach "
                "vorheriger Online-Terminbuchung.",
                "Familien stehen gar nicht erst auf der Warteliste und gehen bei der Vergabe leer "
                "aus.",
                "Anmeldung gemeinsam am Laptop, bei der Stadt um ein Formular auf Papier gebeten.",
                orgs=("town",),
                laws=("SGB VIII",),
                lives=("family",),
            ),
            R(
                CM,
                "Schreiben der Ämter landen immer öfter nur noch im digitalen Postfach einer App. "
                "Wer die App auf dem Smartphone nicht bedienen kann, bemerkt Aufforderungen und "
                "Fristen nicht; Bescheide auf Papier gibt es nur auf ausdrücklichen Wunsch.",
                "Versäumte Mitwirkungsfristen führen zur Versagung von Leistungen.",
                "Umstellung auf Briefpost beantragt, eine Einweisung in die App angeboten.",
                orgs=("jobcenter",),
                laws=("SGB II",),
            ),
            R(
                CM,
                "Das Online-Formular zur Anmeldung für den Integrationskurs lässt sich auf dem "
                "Smartphone nicht zu Ende ausfüllen, der Upload der Nachweise bricht ab. "
                "Anmeldungen auf Papier nimmt der Träger nicht mehr entgegen.",
                "Der Kursplatz ging an andere.",
                "Anmeldung am Rechner der Beratungsstelle, Fehler im Portal an den Träger "
                "gemeldet.",
                orgs=("vhs",),
                laws=("AufenthG",),
            ),
        ),
    ),
]

# positions in a topic's list that are triaged but not yet assigned; positions from 5 on are
# received otherwise
TRIAGED = {("abh", 5), ("duldung", 5), ("dolmetschen", 5), ("digital", 5)}
ASSIGNED_PER_TOPIC = 5

# rejected reports: (report, reason); "{duplicate}" is the number of the earlier report
REJECTED = [
    (
        R(
            CM,
            "Die Person hat einen Termin beim Jobcenter verpasst, weil an diesem Morgen der Bus "
            "ausfiel. Noch am selben Tag wurde telefonisch ein neuer Termin vereinbart.",
            "Keine weiteren Folgen.",
            "Telefonat mit der Arbeitsvermittlung.",
            orgs=("jobcenter",),
            laws=("SGB II",),
            lives=("work",),
        ),
        "Einzelfall ohne strukturellen Bezug: Der Termin wurde sofort neu vergeben.",
    ),
    (
        R(
            EXT,
            "Die Ausländerbehörde ist am Telefon kaum zu erreichen, und im Terminportal sind keine "
            "Termine frei. Ratsuchende kommen deshalb immer wieder zu uns in die Beratung.",
            "Fristen gegenüber anderen Stellen verstreichen.",
            "Anfrage an die Leitung der Behörde.",
            orgs=("abh",),
            laws=("AufenthG",),
            lives=("residence",),
        ),
        "Doppelmeldung: Derselbe Sachverhalt ist bereits als {duplicate} erfasst.",
    ),
    (
        R(
            CM,
            "Ein Sachbearbeiter soll im Gespräch unfreundlich gewesen sein und die Person "
            "mehrfach unterbrochen haben. Das Anliegen selbst wurde bearbeitet.",
            "Die Person fühlte sich nicht ernst genommen.",
            "Gespräch im Case Management.",
            orgs=("town",),
            laws=("SGB XII",),
            lives=("finances",),
        ),
        "Einzelfall ohne strukturellen Bezug; die Beschwerde wurde an das Beschwerdemanagement "
        "der Stelle verwiesen.",
    ),
]


# the reconstructed path of the done reconstruction: (organisation, other actor, what,
# days ago, waiting days since the previous step, break point, note)
DONE_RECONSTRUCTION_STEPS = [
    (
        "kreis",
        "",
        "Erstgespräch im KIM-Case-Management: Arbeitsangebot liegt vor, "
        "Aufenthaltserlaubnis läuft in sechs Wochen ab",
        150,
        None,
        False,
        "",
    ),
    (
        None,
        "die Person selbst",
        "Versucht online einen Termin zur Verlängerung zu buchen; der "
        "früheste freie Termin liegt nach Ablauf der Erlaubnis",
        148,
        2,
        True,
        "Im Terminportal lässt sich keine Dringlichkeit angeben.",
    ),
    (
        "kreis",
        "",
        "Ausländerbehörde: schriftlicher Verlängerungsantrag per Post, keine Eingangsbestätigung",
        127,
        21,
        True,
        "Ohne Eingangsbestätigung fehlt dem Arbeitgeber jeder Nachweis.",
    ),
    ("agency", "", "Zustimmung der Bundesagentur für Arbeit zur Beschäftigung", 118, 9, False, ""),
    (
        "kreis",
        "",
        "Ausländerbehörde stellt eine Fiktionsbescheinigung aus",
        92,
        26,
        False,
        "Erst nach drei Nachfragen durch das Case Management.",
    ),
    (
        "jobcenter",
        "",
        "Jobcenter bewilligt Leistungen für die Zeit ohne Arbeit weiter und "
        "fordert die Nachweise erneut an",
        82,
        10,
        True,
        "Jobcenter und Ausländerbehörde tauschen sich nicht über den Stand aus.",
    ),
    (
        None,
        "Arbeitgeber",
        "Arbeitsaufnahme nach Vorlage der Fiktionsbescheinigung",
        75,
        7,
        False,
        "",
    ),
]


def _demo_exists():
    return HurdleReport.objects.exists()


@transaction.atomic
def load():
    """Create the demo of the system level unless any report exists; returns the counts created:
    {"reports", "topics", "reconstructions", "themes"} (all 0 if nothing was done)."""
    if _demo_exists():
        return {"reports": 0, "topics": 0, "reconstructions": 0, "themes": 0}
    return _Builder(random.Random(SEED), timezone.localdate()).build()


class _Builder:
    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        names = [*AREAS, COORDINATOR, EXTERNAL_PARTNER]
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        missing = [name for name in names if name not in self.users]
        if missing:
            raise RuntimeError(
                f"Demo-Logins fehlen ({', '.join(missing)}); "
                "bitte zuerst accounts.demo.load() ausführen."
            )
        self.coordinator = self.users[COORDINATOR]
        self.partner = self.users[EXTERNAL_PARTNER]
        self.municipalities = {m.name: m for m in Municipality.objects.all()}
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.laws = {d.code: d for d in LegalDomain.objects.all()}
        self.lives = {d.code: d for d in LifeDomain.objects.all()}
        self.manager_of_town = {town: user for user, towns in AREAS.items() for town in towns}
        self.town_org = {
            name: f"{kind} {name}" for name, _ags, kind in directory_demo.MUNICIPALITIES
        }
        self.cases = {}
        for case in Case.objects.filter(
            case_manager__username__in=AREAS, closed_on__isnull=True
        ).select_related("client", "case_manager"):
            key = (case.case_manager.username, case.client.municipality_id)
            self.cases.setdefault(key, []).append(case)
            self.cases.setdefault((case.case_manager.username, None), []).append(case)

    # --- helpers ------------------------------------------------------------------------------

    def _at(self, day, hour=None):
        hour = self.rng.randint(8, 15) if hour is None else hour
        moment = datetime.datetime.combine(day, datetime.time(hour, self.rng.choice([0, 15, 30])))
        return min(timezone.make_aware(moment), timezone.now())

    def _organisation(self, key, town):
        name = {
            "abh": "Stadt Iserlohn" if town == "Iserlohn" else "Märkischer Kreis",
            "jobcenter": "Jobcenter Märkischer Kreis",
            "ba": "Bundesagentur für Arbeit",
            "vhs": VHS_BY_TOWN.get(town),
            "youth": (
                self.town_org[town]
                if town in directory_demo.OWN_YOUTH_OFFICE
                else "Märkischer Kreis"
            ),
            "town": self.town_org[town],
            "awo": "AWO Unterbezirk Hagen/Märkischer Kreis",
        }[key]
        return self.organisations.get(name) if name else None

    def _case_for(self, manager, municipality):
        candidates = self.cases.get((manager.username, municipality.pk)) or self.cases.get(
            (manager.username, None)
        )
        return self.rng.choice(candidates) if candidates else None

    # --- the whole data set ---------------------------------------------------------------------

    def build(self):
        topics = self._topics()
        towns = sorted(self.municipalities) * 4
        self.rng.shuffle(towns)
        towns = iter(towns)
        by_topic = {}
        for spec in TOPICS:
            topic = topics[spec.key]
            for position, item in enumerate(spec.reports):
                if position < ASSIGNED_PER_TOPIC:
                    state = ReportState.ASSIGNED
                elif (spec.key, position) in TRIAGED:
                    state = ReportState.TRIAGED
                else:
                    state = ReportState.RECEIVED
                report = self._report(spec, item, next(towns), state, topic)
                by_topic.setdefault(spec.key, []).append(report)
        original = by_topic["abh"][1]
        for item, reason in REJECTED:
            reported_on = None
            if "{duplicate}" in reason:  # reported after the report it duplicates
                reported_on = min(
                    original.reported_on + datetime.timedelta(days=self.rng.randint(5, 30)),
                    self.today - datetime.timedelta(days=12),
                )
            report = self._report(
                None, item, next(towns), ReportState.RECEIVED, None, reported_on=reported_on
            )
            self._reject(report, reason.format(duplicate=original.number))
        reconstructions = self._reconstructions(by_topic)
        themes = self._themes(by_topic, reconstructions)
        return {
            "reports": HurdleReport.objects.count(),
            "topics": len(topics),
            "reconstructions": len(reconstructions),
            "themes": len(themes),
        }

    def _topics(self):
        topics = {}
        for spec in TOPICS:
            topics[spec.key], _ = Topic.objects.get_or_create(
                name=spec.name,
                defaults={"description": spec.description, "created_by": self.coordinator},
            )
        return topics

    def _report(self, spec, item, town, state, topic, reported_on=None):
        municipality = self.municipalities[town]
        if reported_on is None:
            # assigned: the past year; triaged and received: the last weeks
            if state == ReportState.ASSIGNED:
                days = self.rng.randint(30, 360)
            elif state == ReportState.TRIAGED:
                days = self.rng.randint(8, 40)
            elif topic is None:  # to be rejected
                days = self.rng.randint(20, 200)
            else:
                days = self.rng.randint(1, 20)
            reported_on = self.today - datetime.timedelta(days=days)
        if item.source == EXT:
            reporter, organisation, case = self.partner, self.partner.organisation, None
        else:
            reporter = self.users[self.manager_of_town[town]]
            organisation = reporter.organisation
            case = self._case_for(reporter, municipality)
        phrases = spec.reporter_phrases if spec else ()
        report = HurdleReport.objects.create(
            reported_on=reported_on,
            municipality=municipality,
            description=item.description,
            consequence=item.consequence,
            attempts=item.attempts,
            suggested_topic=(
                self.rng.choice(phrases) if phrases and self.rng.random() < 0.35 else ""
            ),
            source=item.source,
            reporter=reporter,
            reporter_organisation=organisation,
            case=case,
            state=state,
            topic=topic if state == ReportState.ASSIGNED else None,
        )
        orgs = [*(spec.orgs if spec else ()), *item.orgs]
        report.organisations.set(
            {o for o in (self._organisation(key, town) for key in orgs) if o is not None}
        )
        laws = [*(spec.laws if spec else ()), *item.laws]
        report.legal_domains.set({self.laws[code] for code in laws})
        lives = [*(spec.lives if spec else ()), *item.lives]
        report.life_domains.set({self.lives[code] for code in lives})
        # history: received by the reporter, then triaged and/or assigned by coordination
        received_at = self._at(reported_on)
        ReportStateChange.objects.create(
            report=report, from_state="", to_state=ReportState.RECEIVED, by=reporter, at=received_at
        )
        previous, moment = ReportState.RECEIVED, received_at
        steps = []
        if state == ReportState.TRIAGED or (
            state == ReportState.ASSIGNED and self.rng.random() < 0.4
        ):
            steps.append(ReportState.TRIAGED)
        if state == ReportState.ASSIGNED:
            steps.append(ReportState.ASSIGNED)
        for target in steps:
            moment = self._at(moment.date() + datetime.timedelta(days=self.rng.randint(1, 9)))
            ReportStateChange.objects.create(
                report=report,
                from_state=previous,
                to_state=target,
                topic=topic if target == ReportState.ASSIGNED else None,
                by=self.coordinator,
                at=moment,
            )
            previous = target
        return report

    def _reject(self, report, reason):
        moment = self._at(report.reported_on + datetime.timedelta(days=self.rng.randint(2, 10)))
        report.state = ReportState.REJECTED
        report.rejection_reason = reason
        report.save()
        ReportStateChange.objects.create(
            report=report,
            from_state=ReportState.RECEIVED,
            to_state=ReportState.REJECTED,
            by=self.coordinator,
            at=moment,
            note=reason,
        )

    # --- reconstructions and themes ----------------------------------------------------------

    def _day(self, days_ago):
        return self.today - datetime.timedelta(days=days_ago)

    def _reconstruction(self, title, reports, **fields):
        reconstruction = CaseReconstruction.objects.create(
            title=title,
            moderator=self.coordinator,
            created_by=self.coordinator,
            **fields,
        )
        reconstruction.reports.set(reports)
        reconstruction.participants.set(
            {r.reporter for r in reports if r.source == ReportSource.CASE_MANAGEMENT}
        )
        reconstruction.external_organisations.set(
            {r.reporter_organisation for r in reports if r.source == ReportSource.EXTERNAL}
        )
        return reconstruction

    def _selection(self, internal, external, before):
        """Two internal reports, from different case managers where possible, and one external;
        each reported (and triaged) at least three weeks ``before`` the reconstruction."""
        chosen = [internal[0]]
        others = [r for r in internal[1:] if r.reporter_id != internal[0].reporter_id]
        chosen.append(others[0] if others else internal[1])
        chosen.append(external)
        latest = before - datetime.timedelta(days=21)
        for report in chosen:
            changes = list(report.state_changes.all())
            shift = max(change.at.date() for change in changes) - latest
            if shift.days > 0:
                report.reported_on -= shift
                report.save(update_fields=["reported_on"])
                for change in changes:
                    change.at -= shift
                    change.save(update_fields=["at"])
        return chosen

    def _reconstructions(self, by_topic):
        kreis = self.organisations["Märkischer Kreis"]  # its Ausländerbehörde
        jobcenter = self.organisations["Jobcenter Märkischer Kreis"]
        agency = self.organisations["Bundesagentur für Arbeit"]
        abh = by_topic["abh"]
        held_on = self._day(62)
        done = self._reconstruction(
            "Verlängerung des Aufenthaltstitels und Arbeitsaufnahme",
            self._selection([abh[0], abh[3], abh[2], abh[5]], abh[1], before=held_on),
            planned_for=self._at(held_on, hour=10),
            place="Kreishaus Lüdenscheid, Sitzungsraum des Fachdienstes",
            state=ReconstructionState.DONE,
            held_on=held_on,
            findings=(
                "Die Terminvergabe der Ausländerbehörde kennt keine Dringlichkeit: Wer eine "
                "Arbeitsstelle in Aussicht hat oder dessen Titel bald abläuft, wartet genauso "
                "lange wie alle anderen. Die Fiktionsbescheinigung, die Arbeitgebern Sicherheit "
                "gäbe, wird nicht von sich aus ausgestellt. Jobcenter und Ausländerbehörde wissen "
                "nicht voneinander, wo ein Verfahren steht, und fordern dieselben Nachweise "
                "doppelt an. Zwischen Arbeitsangebot und Arbeitsbeginn vergingen rund "
                "zweieinhalb Monate, an drei Stellen brach der Weg ab."
            ),
        )
        organisations = {"kreis": kreis, "jobcenter": jobcenter, "agency": agency, None: None}
        for position, step in enumerate(DONE_RECONSTRUCTION_STEPS, start=1):
            org, actor, what, days_ago, waiting, break_point, note = step
            ReconstructionStep.objects.create(
                reconstruction=done,
                position=position,
                organisation=organisations[org],
                actor=actor,
                what=what,
                happened_on=self._day(days_ago),
                waiting_days=waiting,
                is_break_point=break_point,
                note=note,
            )
        kita = by_topic["kita"]
        planned = self._reconstruction(
            "Integrationskurs und Kinderbetreuung",
            self._selection([kita[0], kita[3], kita[2]], kita[1], before=self.today),
            planned_for=timezone.make_aware(
                datetime.datetime.combine(self._day(-21), datetime.time(14, 0))
            ),
            place="Kreishaus Lüdenscheid, Besprechungsraum",
        )
        return [done, planned]

    def _theme(self, title, cluster, summary, reports, reconstructions, developed_on):
        theme = GenerativeTheme.objects.create(
            title=title,
            cluster=cluster,
            summary=summary,
            state=ThemeState.DEVELOPED,
            created_by=self.coordinator,
        )
        theme.reports.set(reports)
        theme.reconstructions.set(reconstructions)
        for reconstruction in reconstructions:
            theme.reports.add(*reconstruction.reports.all())
        ThemeStateChange.objects.create(
            theme=theme,
            from_state="",
            to_state=ThemeState.DEVELOPED,
            by=self.coordinator,
            at=self._at(developed_on),
        )
        return theme

    def _themes(self, by_topic, reconstructions):
        done, _planned = reconstructions

        def assigned(key):
            return [r for r in by_topic[key] if r.state == ReportState.ASSIGNED]

        residence = self._theme(
            "Wartezeiten im Aufenthaltsrecht gefährden Arbeitsaufnahmen",
            "Aufenthalt und Verwaltung",
            "Menschen mit einem Arbeits- oder Ausbildungsangebot warten mehrere Monate auf einen "
            "Termin zur Verlängerung ihres Aufenthaltstitels oder auf eine "
            "Beschäftigungserlaubnis. "
            "Die Terminvergabe unterscheidet nicht nach Dringlichkeit, eine "
            "Fiktionsbescheinigung wird nur auf Nachfrage ausgestellt, und Jobcenter und "
            "Ausländerbehörde stimmen sich nicht ab. Folgen sind verlorene Arbeits- und "
            "Ausbildungsplätze und ein längerer Leistungsbezug. Gemeldet aus mehreren Kommunen, "
            "von KIM-Case-Management und einer Migrationsberatung.",
            assigned("abh"),
            [done],
            self._day(55),
        )
        moment = self._at(self._day(40))
        residence.state = ThemeState.BEFORE_STEERING_GROUP
        residence.save()
        ThemeStateChange.objects.create(
            theme=residence,
            from_state=ThemeState.DEVELOPED,
            to_state=ThemeState.BEFORE_STEERING_GROUP,
            by=self.coordinator,
            at=moment,
            note="Vorlage für die nächste Sitzung der Lenkungsgruppe.",
        )
        language = self._theme(
            "Ohne Kinderbetreuung kein Integrationskurs",
            "Sprache und Bildung",
            "Eltern kleiner Kinder, vor allem Alleinerziehende, können verpflichtende "
            "Integrationskurse nicht besuchen oder brechen sie ab, weil Betreuungsplätze fehlen, "
            "Kursangebote mit Kinderbetreuung ausgelaufen sind und die Vergabe von "
            "Tagespflegeplätzen den Kursbesuch nicht berücksichtigt. In ländlichen Gemeinden "
            "passen Busverbindungen, Kita- und Kurszeiten nicht zusammen. Der Spracherwerb "
            "verzögert sich um Jahre.",
            assigned("kita"),
            [],
            self._day(30),
        )
        work = self._theme(
            "Lange Anerkennungsverfahren führen zu unterwertiger Beschäftigung",
            "Arbeit und Anerkennung",
            "Fachkräfte mit ausländischen Abschlüssen, etwa aus Pflege, Technik, Medizin und "
            "Pädagogik, warten viele Monate auf Bescheide, Prüfungstermine oder Plätze in "
            "Anpassungsqualifizierungen. Übersetzungskosten sind ungeklärt, Hinweise auf "
            "Teilanerkennung fehlen, und die Vermittlung bietet in der Zwischenzeit "
            "Helfertätigkeiten an. Qualifikationen, die im Kreis dringend gebraucht werden, "
            "bleiben ungenutzt.",
            assigned("anerkennung"),
            [],
            self._day(20),
        )
        return [residence, language, work]
