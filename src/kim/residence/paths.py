"""The rule sets of Baustein 3 as data (concept § 3.7; DOMAIN.md § 6).

Three paths: the residence permit for well-integrated young people (§ 25a AufenthG), the
residence permit for sustainable integration (§ 25b AufenthG) and naturalisation by right
(§ 10 StAG). Each path has versions with the day from which that wording of the law applies;
a change of law is a new version beside the old one, never an edit, so that a check "on day X"
reads the law in force on X. Every criterion cites its paragraph and names the check of
``checks.py`` that evaluates it with its parameters. What only the authority can judge
(an integration prognosis, discretion) is listed as ``authority_notes`` and not evaluated.

Sources and doubts (as of November 2026; the wording should be checked against the official
text at gesetze-im-internet.de before relying on it):
- § 25a / § 25b AufenthG: in force since 1 August 2015 (Gesetz zur Neubestimmung des Bleiberechts
  und der Aufenthaltsbeendigung vom 27.07.2015, BGBl. I S. 1386); changed with effect from 31
  December 2022 by the Gesetz zur Einführung eines Chancen-Aufenthaltsrechts vom 21.12.2022
  (BGBl. I S. 2847): § 25a three instead of four years, application before 27 instead of 21, and
  a Duldung held for at least twelve months (or an Aufenthaltserlaubnis nach § 104c); § 25b six
  instead of eight years, four instead of six with a minor child, § 104c holders included.
  Not certain: whether the twelve-month Duldung sits in the opening words of § 25a Abs. 1 Satz 1
  (cited so here); the identity requirement is cited as § 5 Abs. 1 Nr. 1a AufenthG together with
  the refusal grounds of § 25a Abs. 1 Satz 3 and § 25b Abs. 2 Nr. 1.
- § 10 StAG: the version of the Drittes Gesetz zur Änderung des Staatsangehörigkeitsgesetzes
  vom 04.08.2019 (BGBl. I S. 1124; identity clarified) with eight years, seven after an
  integration course, six with special integration (Abs. 3); the Gesetz zur Modernisierung des
  Staatsangehörigkeitsrechts vom 22.03.2024 (BGBl. 2024 I Nr. 104), in force 27 June 2024: five
  years, three with special integration achievements, C1 and secured livelihood (§ 10 Abs. 3),
  multiple citizenship accepted, stricter livelihood with exceptions (Nr. 3 Buchst. a-c);
  the Gesetz zur Änderung des Staatsangehörigkeitsgesetzes (BGBl. 2025 I Nr. 256), in force
  30 October 2025, struck the three-year naturalisation (§ 10 Abs. 3). Earlier versions of § 10
  StAG are not held: a check before 9 August 2019 says that no version is on file.
  The excluded purposes of § 10 Abs. 1 Satz 1 Nr. 2 are taken in the numbering after 1 March 2020
  (Fachkräfteeinwanderungsgesetz) for every version.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .checks import Reduction, StatusRule

# residence statuses (codes of cases.ResidenceStatus) a stay "erlaubt, geduldet oder gestattet"
# is made of (§ 25a Abs. 1 Satz 1 Nr. 1, § 25b Abs. 1 Satz 2 Nr. 1 AufenthG)
PERMITTED_TOLERATED_OR_ALLOWED = (
    "gestattung",
    "duldung",
    "aufenthaltserlaubnis",
    "niederlassungserlaubnis",
    "daueraufenthalt-eu",
    "eu-freizuegigkeit",
)
# lawful habitual residence for naturalisation: a Duldung does not count; a Gestattung counts
# only when the asylum procedure ends in protection (§ 55 Abs. 3 AsylG) – see authority notes
LAWFUL = (
    "gestattung",
    "aufenthaltserlaubnis",
    "niederlassungserlaubnis",
    "daueraufenthalt-eu",
    "eu-freizuegigkeit",
)
PERMANENT = ("niederlassungserlaubnis", "daueraufenthalt-eu", "eu-freizuegigkeit")
# § 10 Abs. 1 Satz 1 Nr. 2 StAG: residence permits for these purposes do not suffice
EXCLUDED_PURPOSES = (
    ("16a", None),
    ("16b", None),
    ("16d", None),
    ("16e", None),
    ("16f", None),
    ("17", None),
    ("18d", None),
    ("18f", None),
    ("19", None),
    ("19b", None),
    ("19e", None),
    ("20", None),
    ("22", None),
    ("23", "1"),
    ("23a", None),
    ("24", None),
    ("25", "3"),
    ("25", "4"),
    ("25", "5"),
)
TOLERATED = StatusRule("duldung")
CHANCE_PERMIT = StatusRule("aufenthaltserlaubnis", paragraph="104c")


@dataclass(frozen=True)
class Criterion:
    key: str  # the same key in every version of a path
    label: str
    basis: str  # paragraph, Absatz, Satz, Nummer
    check: str  # key of checks.CHECKS
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PathVersion:
    valid_from: datetime.date
    source: str  # the amending law
    criteria: tuple[Criterion, ...]
    authority_notes: tuple[str, ...] = ()

    def criterion(self, key):
        return next(c for c in self.criteria if c.key == key)

    def changed(self, valid_from, source, *, authority_notes=None, **criteria):
        """The next version of the law: the same criteria, those named by key replaced."""
        kept = tuple(criteria.pop(c.key, c) for c in self.criteria)
        return replace(
            self,
            valid_from=valid_from,
            source=source,
            criteria=kept + tuple(criteria.values()),
            authority_notes=self.authority_notes if authority_notes is None else authority_notes,
        )


@dataclass(frozen=True)
class Path:
    code: str
    name: str
    short: str
    legal_domain: str  # directory.LegalDomain code of the authority to refer to
    authority: str
    versions: tuple[PathVersion, ...]

    def version_on(self, day) -> PathVersion | None:
        """The version in force on ``day`` (None before the first one)."""
        in_force = [v for v in self.versions if v.valid_from <= day]
        return max(in_force, key=lambda v: v.valid_from) if in_force else None

    def valid_until(self, version) -> datetime.date | None:
        later = [v.valid_from for v in self.versions if v.valid_from > version.valid_from]
        return min(later) - datetime.timedelta(days=1) if later else None


def _residence(basis, years, counting=PERMITTED_TOLERATED_OR_ALLOWED, reductions=(), label=None):
    return Criterion(
        "residence_period",
        label
        or format_lazy(
            _("Ununterbrochener Aufenthalt (erlaubt, geduldet oder gestattet) seit {years} Jahren"),
            years=years,
        ),
        basis,
        "residence_period",
        {"years": years, "counting": counting, "reductions": reductions},
    )


def _known(key, label, basis, field_name, expected):
    return Criterion(key, label, basis, "known_fact", {"field": field_name, "expected": expected})


def _identity(basis):
    return _known(
        "identity",
        _("Identität und Staatsangehörigkeit geklärt"),
        basis,
        "identity_clarified",
        "yes",
    )


NO_CONVICTION = _("Keine beachtliche Verurteilung wegen einer Straftat")


def _convictions(basis, label=NO_CONVICTION):
    return _known("convictions", label, basis, "relevant_convictions", "no")


# --- § 25a AufenthG -----------------------------------------------------------------------------

SECTION_25A_2015 = PathVersion(
    valid_from=datetime.date(2015, 8, 1),
    source=_(
        "Gesetz zur Neubestimmung des Bleiberechts und der Aufenthaltsbeendigung vom 27.07.2015 "
        "(BGBl. I S. 1386)"
    ),
    criteria=(
        Criterion(
            "status",
            _("Geduldet (Duldung)"),
            _("§ 25a Abs. 1 Satz 1 AufenthG"),
            "current_status",
            {"accepted": (TOLERATED,)},
        ),
        _residence(_("§ 25a Abs. 1 Satz 1 Nr. 1 AufenthG"), 4),
        Criterion(
            "schooling",
            _(
                "In der Regel seit 4 Jahren erfolgreicher Schulbesuch oder anerkannter Schul- "
                "oder Berufsabschluss in Deutschland"
            ),
            _("§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG"),
            "schooling",
            {"years": 4},
        ),
        Criterion(
            "age",
            _("Antrag ab 14 Jahren und vor Vollendung des 21. Lebensjahres"),
            _("§ 25a Abs. 1 Satz 1 AufenthG (Jugendliche und Heranwachsende), Nr. 3"),
            "age",
            {"min_age": 14, "limit_age": 21},
        ),
        _known(
            "commitment",
            _(
                "Keine Anhaltspunkte gegen das Bekenntnis zur freiheitlichen demokratischen "
                "Grundordnung"
            ),
            _("§ 25a Abs. 1 Satz 1 Nr. 5 AufenthG"),
            "commitment_declared",
            "yes",
        ),
        Criterion(
            "livelihood",
            _(
                "Lebensunterhalt gesichert; während Schule, Ausbildung oder Studium schließen "
                "Sozialleistungen nicht aus"
            ),
            _("§ 25a Abs. 1 Satz 2 AufenthG, § 5 Abs. 1 Nr. 1 AufenthG"),
            "livelihood",
            {"accepted": ("secured",), "education_exempt": True},
        ),
        _identity(_("§ 25a Abs. 1 Satz 3 AufenthG, § 5 Abs. 1 Nr. 1a AufenthG")),
        _convictions(_("§ 5 Abs. 1 Nr. 2 AufenthG (kein Ausweisungsinteresse)")),
    ),
    authority_notes=(
        _("Positive Integrationsprognose (§ 25a Abs. 1 Satz 1 Nr. 4 AufenthG)."),
        _("Erfolg und Regelmäßigkeit des Schulbesuchs (Zeugnisse, Fehlzeiten)."),
        _("Passpflicht (§ 5 Abs. 1 Nr. 4, § 3 AufenthG)."),
        _(
            "Versagung, wenn die Abschiebung wegen eigener Täuschung ausgesetzt ist "
            "(§ 25a Abs. 1 Satz 3 AufenthG)."
        ),
    ),
)

SECTION_25A_2022 = SECTION_25A_2015.changed(
    datetime.date(2022, 12, 31),
    _("Gesetz zur Einführung eines Chancen-Aufenthaltsrechts vom 21.12.2022 (BGBl. I S. 2847)"),
    status=Criterion(
        "status",
        _("Seit mindestens 12 Monaten geduldet oder Aufenthaltserlaubnis nach § 104c AufenthG"),
        _("§ 25a Abs. 1 Satz 1 AufenthG, § 104c AufenthG"),
        "current_status",
        {"accepted": (StatusRule("duldung", min_months=12), CHANCE_PERMIT)},
    ),
    residence_period=_residence(_("§ 25a Abs. 1 Satz 1 Nr. 1 AufenthG"), 3),
    schooling=Criterion(
        "schooling",
        _(
            "In der Regel seit 3 Jahren erfolgreicher Schulbesuch oder anerkannter Schul- oder "
            "Berufsabschluss in Deutschland"
        ),
        _("§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG"),
        "schooling",
        {"years": 3},
    ),
    age=Criterion(
        "age",
        _("Antrag ab 14 Jahren und vor Vollendung des 27. Lebensjahres"),
        _("§ 25a Abs. 1 Satz 1 AufenthG (Jugendliche und junge Volljährige), Nr. 3"),
        "age",
        {"min_age": 14, "limit_age": 27},
    ),
)

# --- § 25b AufenthG -----------------------------------------------------------------------------

MINOR_CHILD = _("mit einem minderjährigen ledigen Kind in häuslicher Gemeinschaft")


def _residence_25b(years, with_child):
    return _residence(
        _("§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG"),
        years,
        label=format_lazy(
            _(
                "Ununterbrochen geduldet, gestattet oder mit Aufenthaltserlaubnis seit {years} "
                "Jahren ({child} Jahren mit einem minderjährigen ledigen Kind)"
            ),
            years=years,
            child=with_child,
        ),
        reductions=(
            Reduction(
                with_child, "minor_child", MINOR_CHILD, _("§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG")
            ),
        ),
    )


SECTION_25B_2015 = PathVersion(
    valid_from=datetime.date(2015, 8, 1),
    source=SECTION_25A_2015.source,
    criteria=(
        Criterion(
            "status",
            _("Geduldet (Duldung)"),
            _("§ 25b Abs. 1 Satz 1 AufenthG"),
            "current_status",
            {"accepted": (TOLERATED,)},
        ),
        _residence_25b(8, 6),
        _known(
            "commitment",
            _("Bekenntnis zur freiheitlichen demokratischen Grundordnung"),
            _("§ 25b Abs. 1 Satz 2 Nr. 2 AufenthG"),
            "commitment_declared",
            "yes",
        ),
        Criterion(
            "knowledge",
            _("Grundkenntnisse der Rechts- und Gesellschaftsordnung und der Lebensverhältnisse"),
            _("§ 25b Abs. 1 Satz 2 Nr. 2 AufenthG"),
            "knowledge",
            {"proofs": ("orientation_test", "integration_course")},
        ),
        Criterion(
            "livelihood",
            _("Lebensunterhalt überwiegend durch Erwerbstätigkeit gesichert"),
            _("§ 25b Abs. 1 Satz 2 Nr. 3 AufenthG"),
            "livelihood",
            {"accepted": ("secured", "mostly_by_work")},
        ),
        Criterion(
            "german",
            _("Hinreichende mündliche Deutschkenntnisse (A2)"),
            _("§ 25b Abs. 1 Satz 2 Nr. 4 AufenthG"),
            "german",
            {"level": "A2", "oral_enough": True},
        ),
        Criterion(
            "children_at_school",
            _("Tatsächlicher Schulbesuch der Kinder im schulpflichtigen Alter"),
            _("§ 25b Abs. 1 Satz 2 Nr. 5 AufenthG"),
            "children_at_school",
        ),
        _identity(_("§ 5 Abs. 1 Nr. 1a AufenthG, § 25b Abs. 2 Nr. 1 AufenthG")),
        _convictions(
            _(
                "§ 25b Abs. 2 Nr. 2 AufenthG (Ausweisungsinteresse nach § 54 Abs. 1 oder "
                "Abs. 2 Nr. 1 und 2)"
            ),
            _("Kein schweres Ausweisungsinteresse (Verurteilung wegen einer Straftat)"),
        ),
    ),
    authority_notes=(
        _(
            "Die Voraussetzungen gelten „regelmäßig“: besondere Integrationsleistungen können "
            "einzelne Lücken ausgleichen (§ 25b Abs. 1 Satz 2 AufenthG)."
        ),
        _(
            "Prognose der Lebensunterhaltssicherung und unschädlicher vorübergehender "
            "Leistungsbezug, z. B. in Ausbildung, bei Alleinerziehenden oder Pflege "
            "(§ 25b Abs. 1 Satz 2 Nr. 3, Satz 3 AufenthG)."
        ),
        _(
            "Absehen von Lebensunterhalt und Sprache bei Krankheit, Behinderung oder Alter "
            "(§ 25b Abs. 3 AufenthG)."
        ),
        _(
            "Versagung bei Täuschung oder fehlender Mitwirkung an der Passbeschaffung "
            "(§ 25b Abs. 2 Nr. 1 AufenthG)."
        ),
    ),
)

SECTION_25B_2022 = SECTION_25B_2015.changed(
    SECTION_25A_2022.valid_from,
    SECTION_25A_2022.source,
    status=Criterion(
        "status",
        _("Geduldet oder Aufenthaltserlaubnis nach § 104c AufenthG"),
        _("§ 25b Abs. 1 Satz 1 AufenthG, § 104c AufenthG"),
        "current_status",
        {"accepted": (TOLERATED, CHANCE_PERMIT)},
    ),
    residence_period=_residence_25b(6, 4),
)

# --- § 10 StAG ----------------------------------------------------------------------------------


GESTATTUNG_NOTE = _(
    "Zeiten der Aufenthaltsgestattung zählen nur, wenn das Asylverfahren mit einem Schutzstatus "
    "endet (§ 55 Abs. 3 AsylG)."
)
NATURALISATION_2024_NOTES = (
    _(
        "Mehrstaatigkeit wird hingenommen: die bisherige Staatsangehörigkeit muss nicht "
        "aufgegeben werden."
    ),
    _(
        "Weitere Ausnahmen beim Lebensunterhalt: Gastarbeiter- und Vertragsarbeitnehmer-"
        "generation, Ehegatt:innen mit Kind (§ 10 Abs. 1 Satz 1 Nr. 3 Buchst. a und c StAG)."
    ),
    _(
        "Keine Mehrehe und keine Missachtung der Gleichberechtigung von Mann und Frau "
        "(§ 10 Abs. 1 StAG)."
    ),
    GESTATTUNG_NOTE,
)


def _naturalisation_residence(years, reductions):
    return _residence(
        _("§ 10 Abs. 1 Satz 1 StAG"),
        years,
        counting=LAWFUL,
        reductions=reductions,
        label=format_lazy(
            _("Seit {years} Jahren rechtmäßiger gewöhnlicher Aufenthalt in Deutschland"),
            years=years,
        ),
    )


SECTION_10_2019 = PathVersion(
    valid_from=datetime.date(2019, 8, 9),
    source=_(
        "Drittes Gesetz zur Änderung des Staatsangehörigkeitsgesetzes vom 04.08.2019 "
        "(BGBl. I S. 1124)"
    ),
    criteria=(
        _naturalisation_residence(
            8,
            (
                Reduction(
                    7,
                    "integration_course",
                    _("nach erfolgreichem Integrationskurs"),
                    _("§ 10 Abs. 3 Satz 1 StAG"),
                ),
                Reduction(
                    6,
                    "german_above_b1",
                    _("bei besonderen Integrationsleistungen, z. B. Deutsch über B1; Ermessen"),
                    _("§ 10 Abs. 3 Satz 2 StAG"),
                ),
            ),
        ),
        _identity(_("§ 10 Abs. 1 Satz 1 StAG")),
        _known(
            "commitment",
            _("Bekenntnis zur freiheitlichen demokratischen Grundordnung und Loyalitätserklärung"),
            _("§ 10 Abs. 1 Satz 1 Nr. 1 StAG"),
            "commitment_declared",
            "yes",
        ),
        Criterion(
            "title",
            _(
                "Unbefristetes Aufenthaltsrecht oder Aufenthaltserlaubnis zu einem "
                "Daueraufenthalt ermöglichenden Zweck"
            ),
            _("§ 10 Abs. 1 Satz 1 Nr. 2 StAG"),
            "naturalisation_title",
            {"permanent": PERMANENT, "excluded": EXCLUDED_PURPOSES},
        ),
        Criterion(
            "livelihood",
            _("Lebensunterhalt ohne Leistungen nach SGB II oder SGB XII gesichert"),
            _("§ 10 Abs. 1 Satz 1 Nr. 3 StAG"),
            "livelihood",
            {"accepted": ("secured",)},
        ),
        _convictions(_("§ 10 Abs. 1 Satz 1 Nr. 5, § 12a StAG")),
        Criterion(
            "german",
            _("Ausreichende Deutschkenntnisse in Wort und Schrift (B1)"),
            _("§ 10 Abs. 1 Satz 1 Nr. 6, Abs. 4 StAG"),
            "german",
            {"level": "B1", "school_certificate_counts": True},
        ),
        Criterion(
            "knowledge",
            _("Kenntnisse der Rechts- und Gesellschaftsordnung (Einbürgerungstest)"),
            _("§ 10 Abs. 1 Satz 1 Nr. 7, Abs. 5 StAG"),
            "knowledge",
            {"proofs": ("naturalisation_test",), "school_certificate_counts": True},
        ),
    ),
    authority_notes=(
        _(
            "Aufgabe oder Verlust der bisherigen Staatsangehörigkeit, Ausnahmen nach § 12 StAG "
            "(§ 10 Abs. 1 Satz 1 Nr. 4 StAG)."
        ),
        _(
            "Leistungsbezug, den die Person nicht zu vertreten hat, ist unschädlich "
            "(§ 10 Abs. 1 Satz 1 Nr. 3 StAG)."
        ),
        _(
            "Einordnung in die deutschen Lebensverhältnisse, u. a. keine Mehrehe "
            "(§ 10 Abs. 1 Satz 1 Nr. 7 StAG)."
        ),
        GESTATTUNG_NOTE,
    ),
)

SECTION_10_2024 = SECTION_10_2019.changed(
    datetime.date(2024, 6, 27),
    _(
        "Gesetz zur Modernisierung des Staatsangehörigkeitsrechts (StARModG) vom 22.03.2024 "
        "(BGBl. 2024 I Nr. 104)"
    ),
    authority_notes=(
        *NATURALISATION_2024_NOTES,
        _("Besondere Integrationsleistungen für die Verkürzung auf 3 Jahre (§ 10 Abs. 3 StAG)."),
    ),
    residence_period=_naturalisation_residence(
        5,
        (
            Reduction(
                3,
                "german_c1_and_livelihood",
                _(
                    "bei besonderen Integrationsleistungen mit Deutsch C1 und gesichertem "
                    "Lebensunterhalt; Ermessen"
                ),
                _("§ 10 Abs. 3 StAG (Fassung 2024)"),
            ),
        ),
    ),
    commitment=_known(
        "commitment",
        _(
            "Bekenntnis zur freiheitlichen demokratischen Grundordnung und zur besonderen "
            "historischen Verantwortung Deutschlands; Loyalitätserklärung"
        ),
        _("§ 10 Abs. 1 Satz 1 Nr. 1 StAG"),
        "commitment_declared",
        "yes",
    ),
    livelihood=Criterion(
        "livelihood",
        _(
            "Lebensunterhalt ohne Leistungen nach SGB II oder SGB XII gesichert, oder seit 20 "
            "der letzten 24 Monate in Vollzeit erwerbstätig"
        ),
        _("§ 10 Abs. 1 Satz 1 Nr. 3 StAG (mit Buchst. b)"),
        "livelihood",
        {"accepted": ("secured",), "full_time_exception": True},
    ),
    convictions=_convictions(
        _(
            "§ 10 Abs. 1 Satz 1 Nr. 5, § 12a StAG (antisemitisch, rassistisch oder sonst "
            "menschenverachtend motivierte Taten sind stets beachtlich)"
        ),
    ),
)
SECTION_10_2025 = SECTION_10_2024.changed(
    datetime.date(2025, 10, 30),
    _(
        "Gesetz zur Änderung des Staatsangehörigkeitsgesetzes (BGBl. 2025 I Nr. 256): "
        "Einbürgerung nach 3 Jahren gestrichen"
    ),
    residence_period=_naturalisation_residence(5, ()),
    authority_notes=NATURALISATION_2024_NOTES,
)

PATHS = {
    path.code: path
    for path in (
        Path(
            code="25a",
            name=_(
                "Aufenthaltserlaubnis für gut integrierte Jugendliche und junge Volljährige "
                "(§ 25a AufenthG)"
            ),
            short=_("§ 25a AufenthG"),
            legal_domain="AufenthG",
            authority=_("Ausländerbehörde"),
            versions=(SECTION_25A_2015, SECTION_25A_2022),
        ),
        Path(
            code="25b",
            name=_("Aufenthaltserlaubnis bei nachhaltiger Integration (§ 25b AufenthG)"),
            short=_("§ 25b AufenthG"),
            legal_domain="AufenthG",
            authority=_("Ausländerbehörde"),
            versions=(SECTION_25B_2015, SECTION_25B_2022),
        ),
        Path(
            code="10",
            name=_("Einbürgerung (§ 10 StAG)"),
            short=_("§ 10 StAG"),
            legal_domain="StAG",
            authority=_("Einbürgerungsbehörde"),
            versions=(SECTION_10_2019, SECTION_10_2024, SECTION_10_2025),
        ),
    )
}
