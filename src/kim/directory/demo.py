"""Demo and initial data of the directory: the Märkischer Kreis as concept § 2.4 describes it.

Institutions and catchment areas come from the concept (§ 2.4, § 3.5-3.7) and the public facts in
DOMAIN.md § 1. Where neither says who serves a municipality, the responsibility is recorded as
"unbekannt" with a note instead of being invented. Addresses and opening hours are not in the
sources and are left empty. Every person named here is fictitious.

``load()`` is idempotent: every row is looked up by its natural key first.
"""

from django.db import transaction

from .models import (
    ContactPerson,
    ContactRole,
    District,
    LegalDomain,
    Municipality,
    Office,
    Organisation,
    OrganisationType,
    Responsibility,
    ResponsibilityStatus,
    Service,
    ServiceType,
)

CONCEPT = "Handlungskonzept KIM Märkischer Kreis, § 2.4"
PRESS_2020 = "Pressemitteilung Märkischer Kreis vom 25.03.2020"

DISTRICT = ("Märkischer Kreis", "05962")

# name, AGS, kind of local authority
MUNICIPALITIES = [
    ("Altena", "05962004", "Stadt"),
    ("Balve", "05962008", "Stadt"),
    ("Halver", "05962012", "Stadt"),
    ("Hemer", "05962016", "Stadt"),
    ("Herscheid", "05962020", "Gemeinde"),
    ("Iserlohn", "05962024", "Stadt"),
    ("Kierspe", "05962028", "Stadt"),
    ("Lüdenscheid", "05962032", "Stadt"),
    ("Meinerzhagen", "05962036", "Stadt"),
    ("Menden (Sauerland)", "05962040", "Stadt"),
    ("Nachrodt-Wiblingwerde", "05962044", "Gemeinde"),
    ("Neuenrade", "05962048", "Stadt"),
    ("Plettenberg", "05962052", "Stadt"),
    ("Schalksmühle", "05962056", "Gemeinde"),
    ("Werdohl", "05962060", "Stadt"),
]
ALL = [name for name, _ags, _kind in MUNICIPALITIES]

# DOMAIN.md § 1: seven municipalities with their own youth office, the Kreisjugendamt for the rest
OWN_YOUTH_OFFICE = [
    "Altena",
    "Hemer",
    "Iserlohn",
    "Lüdenscheid",
    "Menden (Sauerland)",
    "Plettenberg",
    "Werdohl",
]

LEGAL_DOMAINS = [
    ("SGB II", "Grundsicherung für Arbeitsuchende (Jobcenter)", 10),
    ("SGB III", "Arbeitsförderung (Agentur für Arbeit)", 20),
    ("SGB VIII", "Kinder- und Jugendhilfe (Jugendamt)", 30),
    ("SGB XII", "Sozialhilfe (Sozialamt)", 40),
    ("AsylbLG", "Asylbewerberleistungsgesetz", 50),
    ("AufenthG", "Aufenthaltsrecht (Ausländerbehörde)", 60),
    ("StAG", "Staatsangehörigkeitsrecht (Einbürgerungsbehörde)", 70),
]

SERVICE_TYPES = [
    ("MBE", "Migrationsberatung für erwachsene Zuwanderer (MBE)"),
    ("JMD", "Jugendmigrationsdienst (JMD)"),
    ("IA", "Integrationsagentur"),
    ("FB", "Flüchtlingsberatung"),
    ("IK", "Integrationskurs"),
    ("EB-KI", "Erstberatung neu zugewanderter Familien (KI)"),
    ("KIM-CM", "KIM-Case-Management"),
    ("JC", "Grundsicherung und Arbeitsvermittlung (Jobcenter)"),
]

# Fictitious integration officers, one per municipality (§ 2.4: every municipality names one)
INTEGRATION_OFFICERS = {
    "Altena": ("Miriam", "Albers"),
    "Balve": ("Jan", "Brinkmann"),
    "Halver": ("Carla", "Dietz"),
    "Hemer": ("Tobias", "Engel"),
    "Herscheid": ("Nadine", "Fuchs"),
    "Iserlohn": ("Sven", "Gerlach"),
    "Kierspe": ("Ines", "Hartung"),
    "Lüdenscheid": ("Markus", "Imhof"),
    "Meinerzhagen": ("Laura", "Jansen"),
    "Menden (Sauerland)": ("Felix", "Kaiser"),
    "Nachrodt-Wiblingwerde": ("Svenja", "Lorenz"),
    "Neuenrade": ("Oliver", "Martens"),
    "Plettenberg": ("Katrin", "Neumann"),
    "Schalksmühle": ("David", "Otto"),
    "Werdohl": ("Julia", "Peters"),
}


def _org(name, type_, short_name=""):
    org, _ = Organisation.objects.get_or_create(
        name=name, defaults={"type": type_, "short_name": short_name}
    )
    return org


def _office(org, name, municipality=None, **extra):
    office, _ = Office.objects.get_or_create(
        organisation=org, name=name, defaults={"municipality": municipality, **extra}
    )
    return office


def _service(provider, type_code, name, legal_domain=None, min_age=None, max_age=None, target=""):
    service, _ = Service.objects.get_or_create(
        provider=provider,
        name=name,
        defaults={
            "type": ServiceType.objects.get(code=type_code),
            "legal_domain": legal_domain,
            "min_age": min_age,
            "max_age": max_age,
            "target_group": target,
        },
    )
    return service


def _responsible(
    municipality, *, office=None, legal_domain=None, service=None, note="", source=CONCEPT
):
    status = ResponsibilityStatus.KNOWN if office else ResponsibilityStatus.UNKNOWN
    Responsibility.objects.get_or_create(
        municipality=municipality,
        legal_domain=legal_domain,
        service=service,
        office=office,
        status=status,
        defaults={"note": note, "source": source},
    )


@transaction.atomic
def load():
    district, _ = District.objects.get_or_create(name=DISTRICT[0], defaults={"key": DISTRICT[1]})
    m = {}
    for name, ags, _kind in MUNICIPALITIES:
        m[name], _ = Municipality.objects.get_or_create(
            ags=ags, defaults={"name": name, "district": district}
        )
    ld = {}
    for code, name, ordering in LEGAL_DOMAINS:
        ld[code], _ = LegalDomain.objects.get_or_create(
            code=code, defaults={"name": name, "ordering": ordering}
        )
    for code, name in SERVICE_TYPES:
        ServiceType.objects.get_or_create(code=code, defaults={"name": name})

    # --- the district's own authorities (concept § 2.4, § 3.5-3.7) -------------------------
    kreis = _org("Märkischer Kreis", OrganisationType.AUTHORITY, "MK")
    kreishaus = {"municipality": m["Lüdenscheid"], "city": "Lüdenscheid"}
    kreisjugendamt = _office(kreis, "Kreisjugendamt Märkischer Kreis")
    abh_mk = _office(
        kreis, "Ausländerbehörde Märkischer Kreis (Kreishaus Lüdenscheid)", **kreishaus
    )
    ebh_mk = _office(
        kreis, "Einbürgerungsbehörde Märkischer Kreis (Kreishaus Lüdenscheid)", **kreishaus
    )
    ki = _office(
        kreis,
        "Kommunales Integrationszentrum / KIM, Fachdienst Bildung und Integration",
        **kreishaus,
    )

    # --- municipalities: social offices, youth offices, Iserlohn's and Lüdenscheid's authorities
    town_org = {}
    for name, _ags, kind in MUNICIPALITIES:
        town_org[name] = _org(f"{kind} {name}", OrganisationType.AUTHORITY)
        sozialamt = _office(town_org[name], f"Sozialamt {name}", m[name])
        _responsible(m[name], legal_domain=ld["SGB XII"], office=sozialamt)
        if name in OWN_YOUTH_OFFICE:
            youth = _office(town_org[name], f"Jugendamt {name}", m[name])
            _responsible(m[name], legal_domain=ld["SGB VIII"], office=youth, source=PRESS_2020)
        else:
            _responsible(
                m[name], legal_domain=ld["SGB VIII"], office=kreisjugendamt, source=PRESS_2020
            )
        first, last = INTEGRATION_OFFICERS[name]
        ContactPerson.objects.get_or_create(
            municipality=m[name],
            role=ContactRole.INTEGRATION_OFFICER,
            defaults={
                "organisation": town_org[name],
                "first_name": first,
                "last_name": last,
                "job_title": "Integrationsbeauftragte:r (fiktiv)",
            },
        )
        _responsible(
            m[name],
            legal_domain=ld["AsylbLG"],
            note="Die Quellen sagen nicht, welche Stelle Leistungen nach dem AsylbLG erbringt.",
        )

    abh_is = _office(town_org["Iserlohn"], "Ausländerbehörde Iserlohn", m["Iserlohn"])
    ebh_is = _office(town_org["Iserlohn"], "Einbürgerungsbehörde Iserlohn", m["Iserlohn"])
    ebh_lued = _office(
        town_org["Lüdenscheid"], "Einbürgerungsbehörde Lüdenscheid", m["Lüdenscheid"]
    )
    for name in ALL:
        _responsible(
            m[name], legal_domain=ld["AufenthG"], office=abh_is if name == "Iserlohn" else abh_mk
        )
        ebh = {"Iserlohn": ebh_is, "Lüdenscheid": ebh_lued}.get(name, ebh_mk)
        _responsible(m[name], legal_domain=ld["StAG"], office=ebh)

    # --- Jobcenter (SGB II) and employment agency (SGB III) ---------------------------------
    jobcenter = _org("Jobcenter Märkischer Kreis", OrganisationType.JOBCENTER, "Jobcenter MK")
    for name in ALL:
        _responsible(
            m[name],
            legal_domain=ld["SGB II"],
            note="Zuständig ist das Jobcenter Märkischer Kreis; es hat Dienststellen in neun der "
            "15 Kommunen. Welche Dienststelle diese Kommune versorgt, ist nicht hinterlegt.",
        )
    # the sources name the Jobcenter but not its nine offices: a referral goes to its service
    _service(
        jobcenter,
        "JC",
        "Grundsicherung für Arbeitsuchende und Arbeitsvermittlung",
        legal_domain=ld["SGB II"],
        target="Erwerbsfähige Leistungsberechtigte und ihre Bedarfsgemeinschaften",
    )
    ba = _org("Bundesagentur für Arbeit", OrganisationType.EMPLOYMENT_AGENCY, "BA")
    agency_towns = ["Iserlohn", "Lüdenscheid", "Menden (Sauerland)", "Werdohl"]
    agency = {
        name: _office(ba, f"Agentur für Arbeit, Geschäftsstelle {name}", m[name])
        for name in agency_towns
    }
    for name in ALL:
        if name in agency:
            _responsible(m[name], legal_domain=ld["SGB III"], office=agency[name])
        else:
            _responsible(
                m[name],
                legal_domain=ld["SGB III"],
                note="Geschäftsstellen der Agentur für Arbeit gibt es in Iserlohn, Lüdenscheid, "
                "Menden und Werdohl. Welche diese Kommune versorgt, ist nicht hinterlegt.",
            )

    # --- welfare organisations: MBE, JMD, Integrationsagenturen, Flüchtlingsberatung ---------
    caritas = _org("Caritasverband Iserlohn", OrganisationType.WELFARE, "Caritas Iserlohn")
    diakonie_mr = _org("Diakonie Mark Ruhr", OrganisationType.WELFARE)
    drk = _org("DRK Kreisverband Altena-Lüdenscheid e.V.", OrganisationType.WELFARE, "DRK")
    awo = _org(
        "AWO Unterbezirk Hagen/Märkischer Kreis", OrganisationType.WELFARE, "AWO UB Hagen/MK"
    )
    dw_lp = _org(
        "Diakonisches Werk Ev. Kirchenkreis Lüdenscheid-Plettenberg",
        OrganisationType.WELFARE,
        "Diakonisches Werk Lüdenscheid/Plettenberg",
    )
    isi = _org("Integrative Sozialarbeit Iserlohn e.V.", OrganisationType.WELFARE, "isi e.V.")

    awo_lued = _office(awo, "AWO Beratungsstelle Lüdenscheid", m["Lüdenscheid"])
    awo_is = _office(awo, "AWO Beratungsstelle Iserlohn", m["Iserlohn"])

    mbe = {
        caritas: (
            _office(caritas, "Caritas Iserlohn – Migrationsberatung"),
            ["Iserlohn", "Hemer", "Menden (Sauerland)", "Balve"],
        ),
        diakonie_mr: (
            _office(diakonie_mr, "Diakonie Mark Ruhr – Migrationsberatung"),
            ["Iserlohn"],
        ),
        drk: (_office(drk, "DRK – Migrationsberatung"), ["Iserlohn"]),
        dw_lp: (
            _office(dw_lp, "Diakonisches Werk – Migrationsberatung"),
            ["Lüdenscheid", "Werdohl", "Plettenberg"],
        ),
    }
    adults = "Erwachsene Zugewanderte ab 27 Jahren"
    for provider, (office, towns) in mbe.items():
        service = _service(
            provider,
            "MBE",
            "Migrationsberatung für erwachsene Zuwanderer",
            min_age=27,
            target=adults,
        )
        for name in towns:
            _responsible(m[name], service=service, office=office)
    awo_mbe = _service(
        awo, "MBE", "Migrationsberatung für erwachsene Zuwanderer", min_age=27, target=adults
    )
    for name in ALL:
        for office in (awo_lued, awo_is):
            _responsible(
                m[name],
                service=awo_mbe,
                office=office,
                note="Die AWO berät für den gesamten Märkischen Kreis in Lüdenscheid und Iserlohn.",
            )

    youth = "Junge Zugewanderte von 12 bis 27 Jahren"
    jmd_sued = _service(
        awo,
        "JMD",
        "Jugendmigrationsdienst Lüdenscheid (südlicher Kreis)",
        min_age=12,
        max_age=27,
        target=youth,
    )
    jmd_nord = _service(
        isi,
        "JMD",
        "Jugendmigrationsdienst Nord (nördlicher Kreis)",
        min_age=12,
        max_age=27,
        target=youth,
    )
    isi_office = _office(isi, "isi e.V. – Jugendmigrationsdienst Nord")
    _responsible(m["Lüdenscheid"], service=jmd_sued, office=awo_lued)
    _responsible(m["Iserlohn"], service=jmd_nord, office=isi_office)
    for name in ALL:
        if name not in ("Lüdenscheid", "Iserlohn"):
            _responsible(
                m[name],
                service=jmd_nord,
                note="JMD Lüdenscheid (AWO) für den südlichen, JMD Nord (isi e.V.) für den "
                "nördlichen Kreis. Welchem Teil diese Kommune zugeordnet ist, ist nicht "
                "hinterlegt.",
            )

    ia = [
        (awo, awo_lued, "Lüdenscheid"),
        (dw_lp, _office(dw_lp, "Integrationsagentur Werdohl", m["Werdohl"]), "Werdohl"),
        (awo, awo_is, "Iserlohn"),
    ]
    for provider, office, town in ia:
        service = _service(provider, "IA", f"Integrationsagentur {town}")
        _responsible(m[town], service=service, office=office)

    fb_note = (
        "Regionale Flüchtlingsberatung bieten das DRK Altena-Lüdenscheid, die Diakonie Mark Ruhr "
        "(Nordkreis) und das Diakonische Werk Lüdenscheid/Plettenberg in mehreren Kommunen an. "
        "Welche Stelle diese Kommune versorgt, ist nicht hinterlegt."
    )
    fb_services = [_service(p, "FB", "Flüchtlingsberatung") for p in (drk, diakonie_mr, dw_lp)]
    for name in ALL:
        _responsible(m[name], service=fb_services[0], note=fb_note)

    # --- adult education: the five VHS and the integration course -------------------------
    vhs_areas = {
        "VHS Iserlohn": ["Iserlohn"],
        "VHS Lüdenscheid": ["Lüdenscheid"],
        "VHS Hemer-Menden-Balve": ["Hemer", "Menden (Sauerland)", "Balve"],
        "VHS Volmetal": [],
        "VHS Lennetal": [],
    }
    served = set()
    vhs_courses = []
    for vhs_name, towns in vhs_areas.items():
        vhs = _org(
            f"Volkshochschule {vhs_name.removeprefix('VHS ')}", OrganisationType.EDUCATION, vhs_name
        )
        office = _office(vhs, vhs_name)
        course = _service(
            vhs,
            "IK",
            "Integrationskurs",
            legal_domain=ld["AufenthG"],
            target="Zugewanderte mit Teilnahmeberechtigung oder -verpflichtung",
        )
        vhs_courses.append(course)
        for name in towns:
            _responsible(m[name], service=course, office=office)
            served.add(name)
    for name in ALL:
        if name not in served:
            _responsible(
                m[name],
                service=vhs_courses[-1],
                note="Im Kreis gibt es außerdem die VHS Volmetal und die VHS Lennetal; welche "
                "VHS diese Kommune versorgt, ist nicht hinterlegt.",
            )

    # --- the KI's first advice for families and KIM case management: whole district ---------
    erstberatung = _service(
        kreis,
        "EB-KI",
        "Erstberatung neu zugewanderter Familien mit schulpflichtigen Kindern",
        target="Neu zugewanderte Familien mit schulpflichtigen Kindern",
    )
    kim_cm = _service(
        kreis,
        "KIM-CM",
        "KIM-Case-Management",
        target="Menschen mit Einwanderungsgeschichte und Beratungsbedarf (§ 3.4)",
    )
    for name in ALL:
        _responsible(m[name], service=erstberatung, office=ki, source="Handlungskonzept KIM, § 4")
        _responsible(
            m[name],
            service=kim_cm,
            office=ki,
            note="Beratung vor Ort nach Verteilungsschlüssel (§ 3.6).",
            source="Handlungskonzept KIM, § 3.6",
        )
    return district
