"""The names of the lists the data migration ``cases/migrations/0002_reference_lists.py`` fills
(life domains, residence statuses, languages), marked for translation so that ``makemessages``
extracts them and the English catalogue carries their English (``locale_src/en/cases*.py``).

The database keeps the German name (ordering, filters and exports for the state work on it);
``display_name`` of the models shows ``gettext(name)``: the English for these names, and a name
the district added itself as it was entered. Written from the migration's data by a small script;
``core/tests/test_reference_names.py`` checks that these lists are the migration's and that each
name has English.
"""

from django.utils.translation import gettext_noop

LIFE_DOMAINS = (
    gettext_noop("Aufenthalt"),
    gettext_noop("Sprache"),
    gettext_noop("Bildung/Schule"),
    gettext_noop("Ausbildung/Arbeit"),
    gettext_noop("Wohnen"),
    gettext_noop("Gesundheit"),
    gettext_noop("Familie/Kinderbetreuung"),
    gettext_noop("Finanzen/Leistungen"),
    gettext_noop("Soziale Teilhabe"),
)

RESIDENCE_STATUSES = (
    gettext_noop("Aufenthaltsgestattung"),
    gettext_noop("Duldung"),
    gettext_noop("Aufenthaltserlaubnis"),
    gettext_noop("Niederlassungserlaubnis"),
    gettext_noop("Erlaubnis zum Daueraufenthalt-EU"),
    gettext_noop("EU-Freizügigkeit"),
    gettext_noop("deutsche Staatsangehörigkeit"),
    gettext_noop("sonstiger Status"),
)

LANGUAGES = (
    gettext_noop("Arabisch"),
    gettext_noop("Albanisch"),
    gettext_noop("Bulgarisch"),
    gettext_noop("Dari"),
    gettext_noop("Deutsch"),
    gettext_noop("Englisch"),
    gettext_noop("Farsi"),
    gettext_noop("Französisch"),
    gettext_noop("Griechisch"),
    gettext_noop("Italienisch"),
    gettext_noop("Kurdisch (Kurmandschi)"),
    gettext_noop("Kurdisch (Sorani)"),
    gettext_noop("Paschtu"),
    gettext_noop("Polnisch"),
    gettext_noop("Rumänisch"),
    gettext_noop("Russisch"),
    gettext_noop("Serbisch"),
    gettext_noop("Somali"),
    gettext_noop("Spanisch"),
    gettext_noop("Tamil"),
    gettext_noop("Tigrinya"),
    gettext_noop("Türkisch"),
    gettext_noop("Ukrainisch"),
    gettext_noop("Urdu"),
)
