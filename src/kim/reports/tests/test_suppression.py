"""Small-cell suppression of the state controlling report, on the page and in every exported
file, on the hand-built data set (fixtures.py): 1-4 persons "<5", 0 shown, 5 persons shown,
and the total that would reveal a single suppressed cell (secondary suppression)."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kim.hurdles.tests.test_theme_overview import pdf_text
from kim.reports import exporters
from kim.reports.indicators import TOTAL, evaluate_all
from kim.reports.scope import ReportScope

from .fixtures import END, START, reference_data_fixture  # noqa: F401

# (indicator, Ausprägung) -> what every output must show
EXPECTED = {
    ("kontakte", "phone"): "<5",  # 2 persons
    ("kontakte", "home_visit"): "<5",  # 1 person
    ("kontakte", "video"): "0",  # 0 is shown
    ("kontakte", "in_person"): "6",  # 6 contacts of 5 persons: shown
    ("kontakte", TOTAL): "9",
    # one cell suppressed (male, 3) and the total shown: female (5) is suppressed too
    ("personen_geschlecht", "male"): "<5",
    ("personen_geschlecht", "female"): "<5",
    ("personen_geschlecht", "diverse"): "0",
    ("personen_geschlecht", TOTAL): "8",
    # a total of 3 persons is suppressed itself
    ("abgeschlossene_faelle", TOTAL): "<5",
    # 6 goals of 5 persons
    ("ziele_vereinbart", TOTAL): "6",
    # not person-related: never suppressed
    ("meldungen_huerden", "ohne_thema"): "1",
    ("generative_themen", "developed"): "1",
}


@pytest.fixture
def tables(reference_data):
    return evaluate_all(ReportScope(start=START, end=END))


@pytest.fixture
def made_at():
    from django.utils import timezone

    return timezone.localtime()


def shown(tables):
    return {
        (table.indicator.code, row.code): str(row.shown)
        for table in tables
        for row in table.all_rows
    }


def expected_subset(values):
    return {key: values[key] for key in EXPECTED}


def test_suppression_in_the_report_tables(tables):
    assert expected_subset(shown(tables)) == EXPECTED


def test_only_the_altstadt_total_of_five_persons_is_shown(reference_data):
    scope = ReportScope(start=START, end=END, municipality=reference_data.altstadt)
    (gender,) = [t for t in evaluate_all(scope) if t.indicator.code == "personen_geschlecht"]
    assert [(row.code, row.shown) for row in gender.all_rows] == [
        ("female", "<5"),  # 3
        ("male", "<5"),  # 2
        ("diverse", 0),
        ("not_stated", 0),
        (TOTAL, 5),  # two cells hidden: the total reveals neither
    ]


def test_suppression_on_the_report_page(reference_data, as_user):
    response = as_user("coordinator").get(
        reverse("reports:state_report"), {"start": START.isoformat(), "end": END.isoformat()}
    )
    assert response.status_code == 200
    page_tables = [table for table, _definition in response.context["tables"]]
    assert expected_subset(shown(page_tables)) == EXPECTED
    html = response.content.decode()
    gender = html.split('id="indikator-personen_geschlecht"')[1].split("</section>")[0]
    cells = re.findall(r"<td[^>]*>(?:<strong>)?(.*?)(?:</strong>)?</td>", gender, re.S)
    values = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    assert values == ["&lt;5", "&lt;5", "0", "0", "8"]


def test_suppression_in_the_csv(tables, made_at):
    content = exporters.write_csv(tables, ReportScope(start=START, end=END), made_at)
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    values = {(row["indikator_code"], row["auspraegung_code"]): row["wert"] for row in reader}
    assert expected_subset(values) == EXPECTED


def test_suppression_in_the_xlsx(tables, made_at):
    content = exporters.write_xlsx(tables, ReportScope(start=START, end=END), made_at)
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Daten"]
    lines = list(sheet.iter_rows(values_only=True))
    header = list(lines[0])
    code, row_code, value = (
        header.index(name) for name in ("indikator_code", "auspraegung_code", "wert")
    )
    values = {(line[code], line[row_code]): str(line[value]) for line in lines[1:]}
    assert expected_subset(values) == EXPECTED


def test_suppression_in_the_pdf(tables, made_at):
    content = exporters.write_pdf(tables, ReportScope(start=START, end=END), made_at)
    assert content.startswith(b"%PDF")
    lines = pdf_text(content).splitlines()
    start = lines.index("weiblich")
    assert lines[start : start + 10] == [
        "weiblich",
        "<5",
        "männlich",
        "<5",
        "divers",
        "0",
        "keine Angabe",
        "0",
        "insgesamt",
        "8",
    ]
