"""The names of the legal domains and service types the directory starts with
(``LEGAL_DOMAINS`` and ``SERVICE_TYPES`` of ``directory/demo.py``, its initial data), marked for
translation so that ``makemessages`` extracts them and the English catalogue carries their English
(``locale_src/en/directory.py``).

The database keeps the German name; ``display_name`` of the models shows ``gettext(name)``: the
English for these names, and a name the district added itself as it was entered. Written from the
initial data by a small script; ``core/tests/test_reference_names.py`` checks that these lists are
the initial data's and that each name has English.
"""

from django.utils.translation import gettext_noop

LEGAL_DOMAINS = (
    gettext_noop("Grundsicherung für Arbeitsuchende (Jobcenter)"),
    gettext_noop("Arbeitsförderung (Agentur für Arbeit)"),
    gettext_noop("Kinder- und Jugendhilfe (Jugendamt)"),
    gettext_noop("Sozialhilfe (Sozialamt)"),
    gettext_noop("Asylbewerberleistungsgesetz"),
    gettext_noop("Aufenthaltsrecht (Ausländerbehörde)"),
    gettext_noop("Staatsangehörigkeitsrecht (Einbürgerungsbehörde)"),
)

SERVICE_TYPES = (
    gettext_noop("Migrationsberatung für erwachsene Zuwanderer (MBE)"),
    gettext_noop("Jugendmigrationsdienst (JMD)"),
    gettext_noop("Integrationsagentur"),
    gettext_noop("Flüchtlingsberatung"),
    gettext_noop("Integrationskurs"),
    gettext_noop("Erstberatung neu zugewanderter Familien (KI)"),
    gettext_noop("KIM-Case-Management"),
    gettext_noop("Grundsicherung und Arbeitsvermittlung (Jobcenter)"),
)
