"""Demo data of staffing (concept § 3.5-3.7): funded positions, indicator figures, a distribution
key in force, rooms, assignments and consultation hours of the four demo case managers.

The positions follow the figures of the concept: Baustein 1 with 4.5 FTE coordination (1.0 of them
forwarded to the city of Iserlohn) and 0.5 FTE administrative assistance, Baustein 2 with 16.0 FTE
case management (2.0 of them at the foreigners' and naturalisation authority in the Kreishaus
Lüdenscheid), Baustein 3 with 1.0 FTE foreigners' authority and 2.0 FTE naturalisation authority.
Only the demo users hold positions; the other positions are shown as vacant.

The indicator figures are NOT real statistics: the sources do not contain them. They are invented,
roughly to the scale of the towns, and marked ``source="fiktive Demozahlen"``. Rooms carry no
street address, because the sources do not name one.

``load()`` is idempotent: when any position exists it does nothing. It needs the directory demo
and the demo users (kim.accounts.demo) first.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from kim.accounts.models import User
from kim.directory.models import Municipality, PopulationFigures

from . import services
from .models import (
    Assignment,
    ConsultationHours,
    FundingModule,
    Position,
    PositionType,
    Room,
    RoomKind,
    Weekday,
)

FIGURES_YEAR = 2025
FIGURES_SOURCE = "fiktive Demozahlen"
FUNDED_FROM = datetime.date(2021, 1, 1)
VALID_FROM = datetime.date(2025, 1, 1)
COORDINATOR = "jonas.keller"
KREISHAUS = "Kreishaus Lüdenscheid"
KREISHAUS_AUTHORITIES = "Kreishaus Lüdenscheid (Ausländer- und Einbürgerungsbehörde)"

D = Decimal

# funding module, type, title, FTE, forwarded FTE, location, holder (username or None)
POSITIONS = [
    (
        FundingModule.STRATEGIC,
        PositionType.COORDINATION,
        "Sachgebietsleitung KIM (inkl. Dienstaufsicht)",
        "1.0",
        "0",
        KREISHAUS,
        None,
    ),
    (
        FundingModule.STRATEGIC,
        PositionType.COORDINATION,
        "Koordination – Fachaufsicht KIM-Case Management",
        "1.0",
        "0",
        KREISHAUS,
        COORDINATOR,
    ),
    (
        FundingModule.STRATEGIC,
        PositionType.COORDINATION,
        "Koordination – Förderung, Controlling, Lenkungsgruppe",
        "1.0",
        "0",
        KREISHAUS,
        None,
    ),
    (
        FundingModule.STRATEGIC,
        PositionType.COORDINATION,
        "Koordination – Analysen und Arbeitsgruppen",
        "0.5",
        "0",
        KREISHAUS,
        None,
    ),
    (
        FundingModule.STRATEGIC,
        PositionType.COORDINATION,
        "Koordinierungsstelle der Stadt Iserlohn (Weiterleitung)",
        "1.0",
        "1.0",
        "Stadt Iserlohn",
        None,
    ),
    (
        FundingModule.STRATEGIC,
        PositionType.ADMINISTRATION,
        "Verwaltungsassistenz KIM",
        "0.5",
        "0",
        KREISHAUS,
        None,
    ),
    *[
        (
            FundingModule.CASE_MANAGEMENT,
            PositionType.CASE_MANAGEMENT,
            f"KIM-Case Management, Stelle {n:02d}",
            "1.0",
            "0",
            KREISHAUS,
            holder,
        )
        for n, holder in enumerate(
            ["anna.berger", "mara.schulte", "deniz.yilmaz", "katrin.vogel", *[None] * 10],
            start=1,
        )
    ],
    *[
        (
            FundingModule.CASE_MANAGEMENT,
            PositionType.CASE_MANAGEMENT,
            f"KIM-Case Management an der Ausländer- und Einbürgerungsbehörde, Stelle {n}",
            "1.0",
            "0",
            KREISHAUS_AUTHORITIES,
            None,
        )
        for n in (1, 2)
    ],
    (
        FundingModule.AUTHORITIES,
        PositionType.FOREIGNERS_AUTHORITY,
        "Ausländerbehörde MK – Bleiberechte (§§ 25a, 25b AufenthG)",
        "1.0",
        "0",
        KREISHAUS,
        None,
    ),
    *[
        (
            FundingModule.AUTHORITIES,
            PositionType.NATURALISATION_AUTHORITY,
            f"Einbürgerungsbehörde MK, Stelle {n}",
            "1.0",
            "0",
            KREISHAUS,
            None,
        )
        for n in (1, 2)
    ],
]

# FICTITIOUS figures (see the module docstring): inhabitants, without German citizenship,
# of them without EU citizenship, immigration (Zuzüge), asylum applications
FIGURES = {
    "Altena": (16_400, 2_500, 1_650, 820, 55),
    "Balve": (11_100, 900, 520, 380, 18),
    "Halver": (15_900, 1_700, 1_050, 610, 32),
    "Hemer": (34_200, 4_100, 2_600, 1_500, 95),
    "Herscheid": (6_900, 520, 300, 210, 9),
    "Iserlohn": (91_500, 14_800, 9_700, 4_600, 310),
    "Kierspe": (15_800, 1_900, 1_150, 640, 30),
    "Lüdenscheid": (71_800, 13_900, 8_900, 3_900, 285),
    "Meinerzhagen": (20_600, 3_100, 1_900, 860, 48),
    "Menden (Sauerland)": (52_300, 5_900, 3_700, 2_100, 140),
    "Nachrodt-Wiblingwerde": (6_400, 560, 330, 230, 12),
    "Neuenrade": (11_800, 1_300, 800, 420, 22),
    "Plettenberg": (25_100, 4_300, 2_700, 1_050, 70),
    "Schalksmühle": (10_300, 1_000, 600, 360, 15),
    "Werdohl": (17_600, 4_000, 2_650, 950, 75),
}

# case manager -> (municipality, FTE); the same areas as the case demo (kim/cases/demo.py)
ASSIGNMENTS = {
    "anna.berger": [("Lüdenscheid", "0.80"), ("Nachrodt-Wiblingwerde", "0.20")],
    "mara.schulte": [("Iserlohn", "0.70"), ("Hemer", "0.30")],
    "deniz.yilmaz": [
        ("Menden (Sauerland)", "0.35"),
        ("Balve", "0.10"),
        ("Neuenrade", "0.10"),
        ("Plettenberg", "0.20"),
        ("Herscheid", "0.10"),
        ("Werdohl", "0.15"),
    ],
    "katrin.vogel": [
        ("Altena", "0.25"),
        ("Halver", "0.20"),
        ("Kierspe", "0.20"),
        ("Meinerzhagen", "0.20"),
        ("Schalksmühle", "0.15"),
    ],
}

DISTRICT_ROOM = "Kreishaus Lüdenscheid, Beratungsraum KIM"
# municipality -> name of the town-hall room it offers
TOWN_HALL_ROOMS = {
    "Altena": "Rathaus Altena, Beratungsraum",
    "Balve": "Rathaus Balve, Beratungsraum",
    "Halver": "Rathaus Halver, Beratungsraum",
    "Hemer": "Rathaus Hemer, Beratungsraum",
    "Herscheid": "Rathaus Herscheid, Beratungsraum",
    "Iserlohn": "Rathaus Iserlohn, Beratungsraum",
    "Kierspe": "Rathaus Kierspe, Beratungsraum",
    "Lüdenscheid": "Rathaus Lüdenscheid, Beratungsraum",
    "Meinerzhagen": "Rathaus Meinerzhagen, Beratungsraum",
    "Menden (Sauerland)": "Rathaus Menden, Beratungsraum",
    "Nachrodt-Wiblingwerde": "Rathaus Nachrodt-Wiblingwerde, Beratungsraum",
    "Neuenrade": "Rathaus Neuenrade, Beratungsraum",
    "Plettenberg": "Rathaus Plettenberg, Beratungsraum",
    "Schalksmühle": "Rathaus Schalksmühle, Beratungsraum",
    "Werdohl": "Rathaus Werdohl, Beratungsraum",
}

MO, TU, WE, TH, FR = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.FRIDAY,
)
BY_APPOINTMENT = "nur nach Terminvereinbarung"

# case manager -> (municipality, room name or None for the town-hall room, weekday, from, to, note)
HOURS = {
    "anna.berger": [
        ("Lüdenscheid", None, MO, "09:00", "12:00", ""),
        ("Lüdenscheid", DISTRICT_ROOM, WE, "14:00", "16:00", ""),
        ("Lüdenscheid", DISTRICT_ROOM, FR, "09:00", "12:00", BY_APPOINTMENT),
        ("Nachrodt-Wiblingwerde", None, TH, "09:00", "11:00", ""),
    ],
    "mara.schulte": [
        ("Iserlohn", None, MO, "09:00", "12:00", ""),
        ("Iserlohn", None, TU, "14:00", "17:00", BY_APPOINTMENT),
        ("Iserlohn", None, TH, "09:00", "12:00", ""),
        ("Hemer", None, WE, "09:00", "12:00", ""),
    ],
    "deniz.yilmaz": [
        ("Menden (Sauerland)", None, MO, "09:00", "12:00", ""),
        ("Menden (Sauerland)", None, TH, "13:00", "15:00", BY_APPOINTMENT),
        ("Balve", None, TU, "09:00", "11:00", ""),
        ("Plettenberg", None, WE, "09:00", "12:00", ""),
        ("Werdohl", None, TH, "09:00", "12:00", ""),
        ("Neuenrade", None, FR, "09:00", "11:00", ""),
        ("Herscheid", None, FR, "13:00", "14:30", ""),
    ],
    "katrin.vogel": [
        ("Altena", None, MO, "09:00", "12:00", ""),
        ("Halver", None, TU, "09:00", "12:00", ""),
        ("Kierspe", None, WE, "09:00", "11:00", ""),
        ("Meinerzhagen", None, TH, "09:00", "12:00", ""),
        ("Schalksmühle", None, FR, "09:00", "11:00", ""),
    ],
}


def _time(value):
    return datetime.time.fromisoformat(value)


@transaction.atomic
def load():
    """Create the staffing demo; returns the number of positions created (0 if already there)."""
    if Position.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=[*HOURS, COORDINATOR])}
    municipalities = {m.name: m for m in Municipality.objects.select_related("district")}

    for module, kind, title, fte, forwarded, location, holder in POSITIONS:
        Position.objects.create(
            funding_module=module,
            type=kind,
            title=title,
            fte=D(fte),
            forwarded_fte=D(forwarded),
            location=location,
            funded_from=FUNDED_FROM,
            holder=users.get(holder) if holder else None,
        )

    for name, (inhabitants, non_german, non_eu, immigration, asylum) in FIGURES.items():
        PopulationFigures.objects.get_or_create(
            municipality=municipalities[name],
            year=FIGURES_YEAR,
            defaults={
                "inhabitants": inhabitants,
                "without_german_citizenship": non_german,
                "without_eu_citizenship": non_eu,
                "immigration": immigration,
                "asylum_applications": asylum,
                "source": FIGURES_SOURCE,
            },
        )
    coordinator = users[COORDINATOR]
    key = services.save_key(
        name=f"Verteilungsschlüssel {FIGURES_YEAR} (Demo, fiktive Zahlen)",
        year=FIGURES_YEAR,
        weights={
            "immigration": D("1"),
            "asylum_applications": D("1"),
            "without_eu_citizenship": D("1"),
        },
        fte_total=D("14.0"),
        step=D("0.05"),
        by=coordinator,
        note="Demo: berechnet aus fiktiven Kennzahlen, nicht aus der amtlichen Statistik.",
    )
    services.put_key_in_force(key, by=coordinator)

    rooms = {
        DISTRICT_ROOM: Room.objects.get_or_create(
            municipality=municipalities["Lüdenscheid"],
            name=DISTRICT_ROOM,
            defaults={"kind": RoomKind.DISTRICT},
        )[0]
    }
    for municipality, name in TOWN_HALL_ROOMS.items():
        rooms[name] = Room.objects.get_or_create(
            municipality=municipalities[municipality],
            name=name,
            defaults={"kind": RoomKind.TOWN_HALL},
        )[0]

    for username, areas in ASSIGNMENTS.items():
        for municipality, fte in areas:
            Assignment.objects.create(
                case_manager=users[username],
                municipality=municipalities[municipality],
                fte=D(fte),
                valid_from=VALID_FROM,
            )

    for username, entries in HOURS.items():
        for municipality, room, weekday, start, end, note in entries:
            hours = ConsultationHours(
                case_manager=users[username],
                municipality=municipalities[municipality],
                room=rooms[room or TOWN_HALL_ROOMS[municipality]],
                weekday=weekday,
                starts_at=_time(start),
                ends_at=_time(end),
                valid_from=VALID_FROM,
                note=note,
            )
            hours.full_clean()
            if ConsultationHours.objects.clashing_with(hours).exists():  # pragma: no cover
                raise ValueError(f"Demo hours clash: {hours}")
            hours.save()
    return len(POSITIONS)
