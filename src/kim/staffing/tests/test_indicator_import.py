"""Importing the indicators through the page: a faulty file names row and column and saves
nothing; a good one (CSV or XLSX) saves all 15 municipalities."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.directory import demo
from kim.directory.models import Municipality, PopulationFigures

pytestmark = pytest.mark.django_db

URL = reverse("staffing:indicator_import")
HEADER = [
    "AGS",
    "Kommune",
    "Einwohner",
    "ohne deutsche Staatsangehörigkeit",
    "ohne EU-Staatsangehörigkeit",
    "Zuzüge",
    "Asylanträge",
]
# Test figures (invented, of a plausible size): inhabitants, without German citizenship,
# of whom without EU citizenship, immigration, asylum applications.
FIGURES = {
    "Altena": (16500, 2900, 1900, 980, 60),
    "Balve": (11100, 900, 520, 410, 12),
    "Halver": (16000, 1700, 1000, 640, 25),
    "Hemer": (34000, 4300, 2800, 1500, 95),
    "Herscheid": (6900, 500, 270, 210, 6),
    "Iserlohn": (91000, 14500, 9600, 4900, 410),
    "Kierspe": (16100, 2100, 1300, 700, 30),
    "Lüdenscheid": (72000, 14800, 10100, 4300, 380),
    "Meinerzhagen": (20700, 3300, 2200, 900, 44),
    "Menden (Sauerland)": (52000, 6000, 3800, 2100, 150),
    "Nachrodt-Wiblingwerde": (6400, 700, 420, 260, 9),
    "Neuenrade": (12000, 1500, 900, 480, 15),
    "Plettenberg": (25000, 5200, 3600, 1100, 70),
    "Schalksmühle": (10300, 1200, 700, 420, 14),
    "Werdohl": (17600, 4400, 3100, 950, 85),
}


@pytest.fixture
def district(db):
    demo.load()


def indicator_rows(figures=FIGURES):
    """The rows of a good file: AGS, name and the five figures of every municipality."""
    by_name = {m.name: m for m in Municipality.objects.all()}
    return [[by_name[name].ags, name, *map(str, values)] for name, values in figures.items()]


def make_figures(year, figures=FIGURES, skip=()):
    """Population figures of ``year`` through the ORM (for tests of the key)."""
    for municipality in Municipality.objects.all():
        if municipality.name in skip:
            continue
        inhabitants, non_german, non_eu, immigration, asylum = figures[municipality.name]
        PopulationFigures.objects.create(
            municipality=municipality,
            year=year,
            inhabitants=inhabitants,
            without_german_citizenship=non_german,
            without_eu_citizenship=non_eu,
            immigration=immigration,
            asylum_applications=asylum,
        )


def csv_upload(rows, name="kennzahlen.csv", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def import_file(client, upload, year=2024, source="Test"):
    return client.post(URL, {"year": year, "file": upload, "source": source})


def problems_of(response):
    return response.context["problems"]


# --- the worked example: a bad row, read the error, fix it -------------------------------------


def test_bad_row_names_row_and_column_and_saves_nothing(district, as_user):
    client = as_user("coordinator")
    rows = indicator_rows()
    rows[2][5] = "abc"  # Halver, Zuzüge; the header is row 1, so Halver is row 4
    response = import_file(client, csv_upload(rows))
    assert response.status_code == 200
    assert problems_of(response) == ["Zeile 4, Zuzüge: „abc“ ist keine ganze Zahl."]
    content = response.content.decode()
    assert "Zeile 4, Zuzüge: „abc“ ist keine ganze Zahl." in content
    assert "Die Datei enthält 1 Fehler. Es wurde nichts gespeichert." in content
    assert not PopulationFigures.objects.exists()
    # what the user entered is kept
    assert response.context["form"]["year"].value() == "2024"

    rows[2][5] = "640"
    response = import_file(client, csv_upload(rows))
    assert response.status_code == 302
    assert PopulationFigures.objects.filter(year=2024).count() == 15
    halver = PopulationFigures.objects.get(year=2024, municipality__name="Halver")
    assert (halver.immigration, halver.asylum_applications, halver.source) == (640, 25, "Test")
    page = client.get(URL).content.decode()
    assert "Die Kennzahlen 2024 von 15 Kommunen wurden gespeichert." in page
    assert "Kennzahlen 2024" in page


def test_faulty_file_keeps_existing_figures_of_that_year(district, as_user):
    client = as_user("coordinator")
    assert import_file(client, csv_upload(indicator_rows())).status_code == 302
    rows = indicator_rows()
    for row in rows:
        row[6] = "1"
    rows[0][3] = "-5"
    response = import_file(client, csv_upload(rows))
    assert "Zeile 2, ohne deutsche Staatsangehörigkeit: Die Zahl darf nicht negativ sein." in (
        problems_of(response)
    )
    assert (
        PopulationFigures.objects.get(year=2024, municipality__name="Altena").asylum_applications
        == 60
    )


# --- bad files ---------------------------------------------------------------------------------


def test_unknown_ags(district, as_user):
    rows = indicator_rows()
    rows[0][0] = "05962999"
    response = import_file(as_user("coordinator"), csv_upload(rows))
    assert "Zeile 2, AGS: Unbekannter AGS „05962999“." in problems_of(response)
    assert "Altena fehlt in der Datei." in " ".join(problems_of(response))
    assert not PopulationFigures.objects.exists()


def test_unknown_municipality_name(district, as_user):
    rows = [row[1:] for row in indicator_rows()]
    rows[7][0] = "Lüdenscheidt"
    response = import_file(as_user("coordinator"), csv_upload(rows, header=HEADER[1:]))
    assert "Zeile 9, Kommune: Unbekannte Kommune „Lüdenscheidt“." in problems_of(response)
    assert not PopulationFigures.objects.exists()


def test_missing_municipality(district, as_user):
    rows = indicator_rows()
    del rows[-1]  # Werdohl
    response = import_file(as_user("coordinator"), csv_upload(rows))
    assert problems_of(response) == ["Datei, Kommune: Werdohl fehlt in der Datei."]
    assert "Werdohl fehlt in der Datei." in response.content.decode()
    assert not PopulationFigures.objects.exists()


def test_duplicate_municipality(district, as_user):
    rows = indicator_rows()
    rows.append(list(rows[3]))  # Hemer twice, the second time in row 17
    response = import_file(as_user("coordinator"), csv_upload(rows))
    assert problems_of(response) == ["Zeile 17, Kommune: Hemer steht doppelt in der Datei."]
    assert not PopulationFigures.objects.exists()


def test_missing_column(district, as_user):
    rows = [row[:6] for row in indicator_rows()]
    response = import_file(as_user("coordinator"), csv_upload(rows, header=HEADER[:6]))
    assert problems_of(response) == ["Zeile 1, Asylanträge: Diese Spalte fehlt."]
    assert not PopulationFigures.objects.exists()


def test_wrong_file_type_is_refused(district, as_user):
    upload = SimpleUploadedFile("kennzahlen.pdf", b"%PDF-1.4")
    response = import_file(as_user("coordinator"), upload)
    assert response.context["form"].errors["file"] == [
        "Bitte laden Sie eine CSV- oder XLSX-Datei hoch."
    ]
    assert not PopulationFigures.objects.exists()


def test_file_over_two_megabytes_is_refused(district, as_user):
    upload = SimpleUploadedFile("kennzahlen.csv", b"AGS;Kommune\n" + b"x" * (2 * 1024 * 1024))
    response = import_file(as_user("coordinator"), upload)
    assert response.context["form"].errors["file"] == ["Die Datei ist größer als 2 MB."]
    assert not PopulationFigures.objects.exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("1999", "Bitte geben Sie ein Jahr ab 2000 an."),
        ("2101", "Bitte geben Sie ein Jahr bis 2100 an."),
        ("zwanzig", "Bitte geben Sie das Jahr als vierstellige Zahl an."),
        ("", "Bitte geben Sie das Jahr an."),
    ],
)
def test_bad_year(district, as_user, year, message):
    response = import_file(as_user("coordinator"), csv_upload(indicator_rows()), year=year)
    assert response.context["form"].errors["year"] == [message]
    assert not PopulationFigures.objects.exists()


def test_missing_file(district, as_user):
    response = as_user("coordinator").post(URL, {"year": 2024})
    assert response.context["form"].errors["file"] == ["Bitte wählen Sie eine Datei aus."]


# --- XLSX and names ----------------------------------------------------------------------------


def test_xlsx_import(district, as_user):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for ags, name, *values in indicator_rows():
        sheet.append([int(ags), name, *map(int, values)])  # Excel drops the leading zero
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("kennzahlen.xlsx", buffer.getvalue())
    response = import_file(as_user("coordinator"), upload, year=2023)
    assert response.status_code == 302
    assert PopulationFigures.objects.filter(year=2023).count() == 15
    figures = PopulationFigures.objects.get(year=2023, municipality__name="Lüdenscheid")
    assert (figures.inhabitants, figures.without_eu_citizenship, figures.immigration) == (
        72000,
        10100,
        4300,
    )


def test_xlsx_with_a_bad_cell_saves_nothing(district, as_user):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for i, (ags, name, *values) in enumerate(indicator_rows()):
        sheet.append([ags, name, *map(int, values[:4]), "viele" if i == 5 else int(values[4])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("kennzahlen.xlsx", buffer.getvalue())
    response = import_file(as_user("coordinator"), upload)
    assert problems_of(response) == ["Zeile 7, Asylanträge: „viele“ ist keine ganze Zahl."]
    assert not PopulationFigures.objects.exists()


# --- template and table ------------------------------------------------------------------------


def test_template_download_lists_the_fifteen_municipalities(district, as_user):
    response = as_user("coordinator").get(URL, {"template": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == HEADER
    assert len(rows) == 16
    assert rows[1] == ["05962004", "Altena", "", "", "", "", ""]
    assert {row[1] for row in rows[1:]} == set(FIGURES)


def test_filled_template_can_be_imported_again(district, as_user):
    client = as_user("coordinator")
    import_file(client, csv_upload(indicator_rows()), year=2024)
    response = client.get(URL, {"template": 1, "year": 2024})
    upload = SimpleUploadedFile("vorlage.csv", response.content)
    assert import_file(client, upload, year=2025).status_code == 302
    assert PopulationFigures.objects.filter(year=2025).count() == 15


def test_page_shows_the_figures_per_year(district, as_user):
    client = as_user("coordinator")
    import_file(client, csv_upload(indicator_rows()), year=2023)
    import_file(client, csv_upload(indicator_rows()), year=2024)
    response = client.get(URL)
    assert [y["year"] for y in response.context["years"]] == [2024, 2023]
    assert len(response.context["years"][0]["rows"]) == 15
    content = response.content.decode()
    assert "Kennzahlen 2024" in content and "Kennzahlen 2023" in content
    assert "Vorlage herunterladen" in content
