"""Initial content of the maintained lists: life domains (DOMAIN.md § 3), residence statuses
(issue: Aufenthaltsgestattung … sonstiger), and the languages most often needed in advice."""

from django.db import migrations

LIFE_DOMAINS = [
    ("residence", "Aufenthalt"),
    ("language", "Sprache"),
    ("education", "Bildung/Schule"),
    ("work", "Ausbildung/Arbeit"),
    ("housing", "Wohnen"),
    ("health", "Gesundheit"),
    ("family", "Familie/Kinderbetreuung"),
    ("finances", "Finanzen/Leistungen"),
    ("participation", "Soziale Teilhabe"),
]

RESIDENCE_STATUSES = [
    ("gestattung", "Aufenthaltsgestattung", False, "asylum"),
    ("duldung", "Duldung", False, "asylum"),
    ("aufenthaltserlaubnis", "Aufenthaltserlaubnis", True, "temporary"),
    ("niederlassungserlaubnis", "Niederlassungserlaubnis", True, "permanent"),
    ("daueraufenthalt-eu", "Erlaubnis zum Daueraufenthalt-EU", False, "permanent"),
    ("eu-freizuegigkeit", "EU-Freizügigkeit", False, "eu"),
    ("deutsch", "deutsche Staatsangehörigkeit", False, "german"),
    ("sonstiger", "sonstiger Status", False, "other"),
]

LANGUAGES = [
    ("ar", "Arabisch"),
    ("sq", "Albanisch"),
    ("bg", "Bulgarisch"),
    ("prs", "Dari"),
    ("de", "Deutsch"),
    ("en", "Englisch"),
    ("fa", "Farsi"),
    ("fr", "Französisch"),
    ("el", "Griechisch"),
    ("it", "Italienisch"),
    ("kmr", "Kurdisch (Kurmandschi)"),
    ("ckb", "Kurdisch (Sorani)"),
    ("ps", "Paschtu"),
    ("pl", "Polnisch"),
    ("ro", "Rumänisch"),
    ("ru", "Russisch"),
    ("sr", "Serbisch"),
    ("so", "Somali"),
    ("es", "Spanisch"),
    ("ta", "Tamil"),
    ("ti", "Tigrinya"),
    ("tr", "Türkisch"),
    ("uk", "Ukrainisch"),
    ("ur", "Urdu"),
]


def load(apps, schema_editor):
    LifeDomain = apps.get_model("cases", "LifeDomain")
    ResidenceStatus = apps.get_model("cases", "ResidenceStatus")
    Language = apps.get_model("cases", "Language")
    for i, (code, name) in enumerate(LIFE_DOMAINS):
        LifeDomain.objects.get_or_create(
            code=code, defaults={"name": name, "ordering": (i + 1) * 10}
        )
    for i, (code, name, needs_section, group) in enumerate(RESIDENCE_STATUSES):
        ResidenceStatus.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "needs_section": needs_section,
                "group": group,
                "ordering": (i + 1) * 10,
            },
        )
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
