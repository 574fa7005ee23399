"""Reading the indicator file: every problem names its row and column; nothing half-imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kim.directory import demo
from kim.directory.models import Municipality, PopulationFigures
from kim.staffing import services
from kim.staffing.importers import parse_indicators, read_table

pytestmark = pytest.mark.django_db

HEADER = (
    "AGS;Kommune;Einwohner;ohne deutsche Staatsangehörigkeit;ohne EU-Staatsangehörigkeit;"
    "Zuzüge;Asylanträge"
)


def _csv(rows):
    return SimpleUploadedFile("kennzahlen.csv", ("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))


def _good_rows():
    return [
        f"{m.ags};{m.name};10.000;1.500;900;300;40" for m in Municipality.objects.order_by("ags")
    ]


@pytest.fixture
def district(db):
    demo.load()


def test_good_file_imports_every_municipality(district, coordinator):
    assert services.import_indicators(_csv(_good_rows()), year=2025, by=coordinator) == 15
    figures = PopulationFigures.objects.get(municipality__name="Balve", year=2025)
    assert (figures.inhabitants, figures.without_eu_citizenship, figures.immigration) == (
        10000,
        900,
        300,
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rows: rows.__setitem__(3, rows[3].replace(";300;", ";abc;")), "Zeile 5, Zuzüge"),
        (lambda rows: rows.__setitem__(0, "99999999;X;1;1;1;1;1"), "Unbekannter AGS"),
        (lambda rows: rows.pop(), "fehlt in der Datei"),
        (lambda rows: rows.append(rows[0]), "steht doppelt"),
        (lambda rows: rows.__setitem__(2, rows[2].replace(";40", ";-4")), "nicht negativ"),
        (
            lambda rows: rows.__setitem__(1, rows[1].replace(";900;", ";2000;")),
            "Mehr als ohne deutsche",
        ),
    ],
)
def test_bad_file_saves_nothing(district, coordinator, change, expected):
    rows = _good_rows()
    change(rows)
    with pytest.raises(services.StaffingError) as error:
        services.import_indicators(_csv(rows), year=2025, by=coordinator)
    assert any(expected in str(p) for p in error.value.problems), [
        str(p) for p in error.value.problems
    ]
    assert not PopulationFigures.objects.filter(year=2025).exists()


def test_missing_column_is_named(district):
    rows = read_table(SimpleUploadedFile("k.csv", b"AGS;Einwohner\n05962004;1000\n"))
    _values, problems = parse_indicators(rows, list(Municipality.objects.all()))
    assert "Zuzüge" in " ".join(str(p) for p in problems) or "zuzüge" in " ".join(
        str(p) for p in problems
    )


def test_names_instead_of_ags_and_windows_encoding(district, coordinator):
    header = HEADER.removeprefix("AGS;")
    rows = [f"{m.name};5000;500;300;100;10" for m in Municipality.objects.all()]
    upload = SimpleUploadedFile("k.csv", ("\n".join([header, *rows])).encode("cp1252"))
    assert services.import_indicators(upload, year=2024, by=coordinator) == 15


def test_other_file_types_are_refused(district, coordinator):
    with pytest.raises(services.StaffingError, match="CSV- oder XLSX"):
        services.import_indicators(SimpleUploadedFile("k.pdf", b"%PDF"), year=2025, by=coordinator)


@pytest.mark.parametrize(
    ("cell", "value"), [("12.345", 12345), ("300", 300), ("300.0", 300), ("1.234.567", 1234567)]
)
def test_whole_numbers_as_written_in_german_tables_or_xlsx(cell, value):
    from kim.staffing.importers import parse_count

    assert parse_count(cell) == value


@pytest.mark.parametrize("cell", ["1234.5", "12,5", "abc", "1.23", ""])
def test_fractions_and_text_are_not_counts(cell):
    from kim.staffing.importers import parse_count

    with pytest.raises(ValueError):
        parse_count(cell)
