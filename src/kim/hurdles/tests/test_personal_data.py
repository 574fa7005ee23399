"""Hints that the free text of a report holds personal data (kim.hurdles.personal_data): each kind
is found, ordinary wording of a report is not."""

import pytest

from kim.hurdles.personal_data import Finding, find_personal_data


def kinds(text, names=()):
    return {finding.kind for finding in find_personal_data(text, names)}


def excerpts(text, kind, names=()):
    return [f.excerpt for f in find_personal_data(text, names) if f.kind == kind]


@pytest.mark.parametrize(
    "text, excerpt",
    [
        ("Rückfragen bitte an beratung.kim@example.org richten.", "beratung.kim@example.org"),
        ("Kontakt: m.muster+kim@mail-anbieter.de", "m.muster+kim@mail-anbieter.de"),
    ],
)
def test_email_address_is_found(text, excerpt):
    assert excerpts(text, "email") == [excerpt]


@pytest.mark.parametrize(
    "text, excerpt",
    [
        ("geboren am 03.04.1990 in Aleppo", "03.04.1990"),
        ("geb. 3.4.90", "3.4.90"),
        ("Geburtsdatum 7. 11. 2001", "7. 11. 2001"),
        ("Einreise am 2019-08-14", "2019-08-14"),
    ],
)
def test_date_is_found(text, excerpt):
    assert excerpts(text, "date") == [excerpt]


@pytest.mark.parametrize(
    "text, excerpt",
    [
        ("Erreichbar unter 02351 123456.", "02351 123456"),
        ("Handy 0176/1234567", "0176/1234567"),
        ("Tel. +49 2351 9876543", "+49 2351 9876543"),
        ("Rückruf unter 02371-55443", "02371-55443"),
    ],
)
def test_phone_number_is_found(text, excerpt):
    assert excerpts(text, "phone") == [excerpt]


@pytest.mark.parametrize(
    "text, excerpt",
    [
        ("Der Bescheid mit Az. 123/45 ging verloren.", "Az. 123/45"),
        ("Aktenzeichen: 12-AB/3 beim Sozialamt", "Aktenzeichen: 12-AB/3"),
        ("Kd.-Nr. 123D456 beim Jobcenter", "Kd.-Nr. 123D456"),
        ("Kundennummer 98765 der Familienkasse", "Kundennummer 98765"),
        ("BG-Nr. 12345 im Bescheid", "BG-Nr. 12345"),
        ("Im Team besprochen, KIM-Nummer 2026-000123", "2026-000123"),
        ("BAMF-Aktenzeichen laut Bescheid 1234567-123", "1234567-123"),
        ("Fallnummer 2026-000042", "Fallnummer 2026-000042"),
    ],
)
def test_file_or_case_number_is_found(text, excerpt):
    assert excerpt in excerpts(text, "file_number")


def test_client_name_is_found_in_any_case_and_script():
    names = ["Amal", "Haddad", "أمل", "حداد"]
    assert set(excerpts("Frau HADDAD wartet seit Monaten.", "name", names)) == {"Haddad"}
    assert set(excerpts("أمل wartet auf den Termin.", "name", names)) == {"أمل"}


def test_client_name_only_as_a_whole_word_and_short_names_are_ignored():
    # "Al" is too short to check; "Haddadi" is another word than "Haddad"
    assert kinds("Haddadi und Al-Ahmad sind nicht gemeint.", ["Al", "Haddad"]) == set()
    assert kinds("Die Familie Al-Hassan wartet.", ["Al-Hassan"]) == {"name"}


def test_a_finding_names_its_kind_in_german():
    [finding] = find_personal_data("Erreichbar unter 02351 123456.")
    assert finding == Finding("phone", "Telefonnummer", "02351 123456")
    [finding] = find_personal_data("geboren am 03.04.1990")
    assert finding.label == "Datum (z. B. Geburtsdatum)"
    [finding] = find_personal_data("Frau Haddad", ["Haddad"])
    assert finding.label == "Name der Klientin/des Klienten"


def test_several_kinds_in_one_text_are_all_found():
    text = "Herr Khalil (geb. 01.02.1985, Tel. 0176 5556667, Az. 77/12) wartet."
    assert kinds(text, ["Khalil"]) == {"name", "date", "phone", "file_number"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Seit drei Monaten wartet die Familie auf einen Termin.",
        "Ein Bleiberecht nach § 25b AufenthG rückt in weite Ferne.",
        "Für die Duldung nach § 60a Abs. 2 Satz 4 AufenthG fehlt der Nachweis.",
        "Der B1-Kurs der VHS ist ausgebucht, der nächste C1-Kurs beginnt im Herbst.",
        "Private Kurse kosten 1.200 Euro, das sind 0,5 Monatsgehälter.",
        "Der Integrationskurs umfasst 600 Unterrichtseinheiten.",
        "Die Wartezeit lag im Jahr 2025 bei 14 Wochen.",
        "Sprechzeiten von 8 bis 12 Uhr, danach nur nach Termin.",
        "Die Kita hat 25 Plätze und eine Warteliste bis ins nächste Jahr.",
        "Die Beratungsstelle hat sich an das Jobcenter gewandt (SGB II).",
        "Die Fallkonferenz fand im Kreishaus statt; der Fall wurde besprochen.",
    ],
)
def test_ordinary_report_wording_is_not_flagged(text):
    assert find_personal_data(text) == []


def test_text_none_is_treated_as_empty():
    assert find_personal_data(None, ["Haddad"]) == []


def test_the_word_fall_before_an_ordinary_number_is_not_a_file_number():
    assert find_personal_data("In einem Fall 14 Wochen Wartezeit, im anderen drei.") == []
