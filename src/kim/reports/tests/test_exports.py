"""The exported files of the state controlling report: the stable column layout (the same in
XLSX and CSV), the sheets of the XLSX, CSV for German Excel/LibreOffice, the PDF."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kim.hurdles.tests.test_theme_overview import pdf_text
from kim.reports import exporters
from kim.reports.indicators import INDICATORS, evaluate_all
from kim.reports.scope import ReportScope

from .fixtures import END, START, reference_data_fixture  # noqa: F401

# the stable layout: a change here breaks everyone who reads the files – only add at the end
HEADER = [
    "indikator_code",
    "indikator",
    "merkmal",
    "auspraegung",
    "wert",
    "einheit",
    "zeitraum_von",
    "zeitraum_bis",
    "stand",
    "auspraegung_code",
    "filter",
]
MADE_AT = timezone.make_aware(datetime.datetime(2025, 7, 2, 9, 30))


@pytest.fixture
def scope():
    return ReportScope(start=START, end=END)


@pytest.fixture
def tables(reference_data, scope):
    return evaluate_all(scope)


def csv_lines(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_header_and_format(tables, scope):
    content = exporters.write_csv(tables, scope, MADE_AT)
    assert content.startswith(b"\xef\xbb\xbfindikator_code;indikator;merkmal;")  # BOM, ";"
    assert b"\r\n" in content
    lines = csv_lines(content)
    assert lines[0] == HEADER
    assert lines[1:3] == [
        [
            "beratene_personen",
            "Beratene Personen",
            "Kommune (Wohnort)",
            "Altstadt",
            "<5",
            "Personen",
            "2025-01-01",
            "2025-06-30",
            "2025-07-02 09:30",
            tables[0].rows[0].code,
            "keine",
        ],
        [
            "beratene_personen",
            "Beratene Personen",
            "Kommune (Wohnort)",
            "Neudorf",
            "<5",
            "Personen",
            "2025-01-01",
            "2025-06-30",
            "2025-07-02 09:30",
            tables[0].rows[1].code,
            "keine",
        ],
    ]
    # one line per indicator and Ausprägung, the total included
    assert len(lines) - 1 == sum(len(table.all_rows) for table in tables)


def test_the_xlsx_sheets_and_header_row(tables, scope):
    workbook = load_workbook(io.BytesIO(exporters.write_xlsx(tables, scope, MADE_AT)))
    assert workbook.sheetnames == ["Daten", "Definitionen", "Bericht"]
    data = list(workbook["Daten"].iter_rows(values_only=True))
    assert list(data[0]) == HEADER
    first = data[1]
    assert first[:4] == ("beratene_personen", "Beratene Personen", "Kommune (Wohnort)", "Altstadt")
    assert first[6].date() == START and first[7].date() == END  # real dates in the XLSX
    assert first[8] == "2025-07-02 09:30"

    definitions = list(workbook["Definitionen"].iter_rows(values_only=True))
    assert list(definitions[0]) == [
        "indikator_code",
        "indikator",
        "definition",
        "einheit",
        "merkmal",
    ]
    assert [line[0] for line in definitions[1:]] == [indicator.code for indicator in INDICATORS]
    assert "Datum des Kontakts" in definitions[1][2]

    report = {line[0]: line[1] for line in workbook["Bericht"].iter_rows(values_only=True) if line}
    assert report["Zeitraum von"] == "01.01.2025"
    assert report["Zeitraum bis"] == "30.06.2025"
    assert report["Filter"] == "keine"
    assert "<5" in report["Anonymisierung"]
    assert set(HEADER) <= set(report)  # every column is explained


def test_xlsx_and_csv_have_the_same_lines(tables, scope):
    lines = csv_lines(exporters.write_csv(tables, scope, MADE_AT))
    sheet = load_workbook(io.BytesIO(exporters.write_xlsx(tables, scope, MADE_AT)))["Daten"]

    def text(value):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else str(value)

    assert [[text(value) for value in row] for row in sheet.iter_rows(values_only=True)] == lines


def test_a_filter_is_named_in_every_line(reference_data):
    scope = ReportScope(start=START, end=END, municipality=reference_data.neudorf)
    lines = csv_lines(exporters.write_csv(evaluate_all(scope), scope, MADE_AT))
    assert {line[HEADER.index("filter")] for line in lines[1:]} == {"Neudorf"}


def test_the_pdf_has_the_tables_and_the_definitions(tables, scope):
    content = exporters.write_pdf(tables, scope, MADE_AT)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Landescontrolling des Kommunalen Integrationsmanagements" in text
    for number, indicator in enumerate(INDICATORS, start=1):
        assert f"{number}. {indicator.label}" in text
    assert "Datum des Kontakts" in text
    assert "ohne Rechtskreis" in text


def test_the_file_name_names_the_period(scope):
    assert exporters.filename(scope, "xlsx") == "landescontrolling_2025-01-01_2025-06-30.xlsx"
