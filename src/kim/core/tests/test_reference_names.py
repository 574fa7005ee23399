"""The names the reference lists start with (life domains, residence statuses and languages of the
data migration cases 0002; legal domains and service types of the directory's initial data) are
marked for translation in ``<app>/reference_names.py`` and each has English in the catalogue: a
new seeded name without English fails here. The database keeps the German name; the models show
``display_name``, the English for a seeded name and a name the district added itself as entered.
"""

import importlib

import pytest
from django.utils import translation

from kim.cases import reference_names as case_names
from kim.cases.models import Language, LifeDomain, ResidenceStatus
from kim.core import catalogs
from kim.directory import demo as directory_data
from kim.directory import reference_names as directory_names
from kim.directory.models import LegalDomain, ServiceType

MIGRATION = importlib.import_module("kim.cases.migrations.0002_reference_lists")

SEEDED = {
    "Lebensbereiche": [name for _code, name in MIGRATION.LIFE_DOMAINS],
    "Aufenthaltsstatus": [name for _code, name, *_rest in MIGRATION.RESIDENCE_STATUSES],
    "Sprachen": [name for _code, name in MIGRATION.LANGUAGES],
    "Rechtskreise": [name for _code, name, _ordering in directory_data.LEGAL_DOMAINS],
    "Angebotsarten": [name for _code, name in directory_data.SERVICE_TYPES],
}


def test_the_marked_names_are_the_seeded_ones():
    assert list(case_names.LIFE_DOMAINS) == SEEDED["Lebensbereiche"]
    assert list(case_names.RESIDENCE_STATUSES) == SEEDED["Aufenthaltsstatus"]
    assert list(case_names.LANGUAGES) == SEEDED["Sprachen"]
    assert list(directory_names.LEGAL_DOMAINS) == SEEDED["Rechtskreise"]
    assert list(directory_names.SERVICE_TYPES) == SEEDED["Angebotsarten"]


def test_every_seeded_name_has_english_in_the_catalogue():
    english = {
        entry.msgid: entry.msgstr
        for entry in catalogs.load_catalog("en")
        if not entry.msgctxt and not entry.obsolete
    }
    for kind, names in SEEDED.items():
        missing = [name for name in names if not english.get(name)]
        assert not missing, f"{kind} ohne Englisch (reference_names.py, make messages): {missing}"


@pytest.mark.django_db
def test_display_name_follows_the_language_and_the_database_keeps_german():
    work = LifeDomain.objects.get(code="work")
    with translation.override("en"):
        assert str(work) == work.display_name == "Training/work"
        assert str(ResidenceStatus.objects.get(code="duldung")) == "Toleration (Duldung)"
        assert str(Language.objects.get(code="ar")) == "Arabic"
    with translation.override("de"):
        assert str(work) == "Ausbildung/Arbeit"
    assert LifeDomain.objects.filter(name="Ausbildung/Arbeit").exists()


@pytest.mark.django_db
def test_a_name_the_district_added_is_shown_as_entered():
    own = LifeDomain.objects.create(code="neighbourhood", name="Nachbarschaft im Quartier")
    legal = LegalDomain.objects.create(code="WoGG", name="Wohngeld (Wohngeldstelle)")
    kind = ServiceType.objects.create(code="SB", name="Schuldnerberatung im Kreis")
    with translation.override("en"):
        assert str(own) == "Nachbarschaft im Quartier"
        assert str(legal) == "WoGG – Wohngeld (Wohngeldstelle)"
        assert str(kind) == "Schuldnerberatung im Kreis"
