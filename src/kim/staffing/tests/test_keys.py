"""The distribution key through the pages: the worked example of issue 7 (import with one bad row,
fix, compute 14,0 VZÄ in steps of 0,05, save, put in force), bad input, and the list/detail."""

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from kim.directory.models import Municipality, PopulationFigures
from kim.staffing.distribution import distribute
from kim.staffing.models import DistributionKey, DistributionKeyLine

from .test_indicator_import import FIGURES, csv_upload, import_file, indicator_rows, make_figures

pytestmark = pytest.mark.django_db

COMPUTE = reverse("staffing:key_compute")


def key_data(**changes):
    data = {
        "name": "Verteilungsschlüssel 2025",
        "year": "2024",
        "weight_immigration": "1",
        "weight_asylum": "1",
        "weight_non_eu": "1",
        "fte_total": "14,0",
        "step": "0,05",
        "note": "",
        "action": "preview",
    }
    return data | changes


def figures_rows(year):
    """The rows ``distribute`` takes, read from the database."""
    return [
        (
            f.municipality.ags,
            f.municipality.name,
            {
                "immigration": f.immigration,
                "asylum_applications": f.asylum_applications,
                "without_eu_citizenship": f.without_eu_citizenship,
            },
        )
        for f in PopulationFigures.objects.filter(year=year).select_related("municipality")
    ]


def by_hand(figures, weights, fte_total, step):
    """Largest remainder computed independently, in exact fractions: {name: FTE}."""
    columns = {"immigration": 3, "asylum_applications": 4, "without_eu_citizenship": 2}
    steps = int(Fraction(fte_total) / Fraction(step))
    totals = {k: sum(values[i] for values in figures.values()) for k, i in columns.items()}
    weight_sum = sum(Fraction(w) for w in weights.values())
    quota = {
        name: steps
        * sum(Fraction(weights[k]) * Fraction(values[i], totals[k]) for k, i in columns.items())
        / weight_sum
        for name, values in figures.items()
    }
    whole = {name: int(q) for name, q in quota.items()}
    left = steps - sum(whole.values())
    ags = {m.name: m.ags for m in Municipality.objects.all()}
    order = sorted(quota, key=lambda n: (-(quota[n] - whole[n]), -quota[n], ags[n]))
    for name in order[:left]:
        whole[name] += 1
    return {name: Decimal(whole[name]) * Decimal(step) for name in figures}


# --- the worked example ------------------------------------------------------------------------


def test_worked_example_of_the_issue_through_the_pages(demo_directory, as_user):
    client = as_user("coordinator")

    # 1. an indicator file with one bad row: the message names row and column, nothing is saved
    rows = indicator_rows()
    rows[7][5] = "abc"  # Lüdenscheid, Zuzüge (row 9: the header is row 1)
    response = import_file(client, csv_upload(rows))
    assert "Zeile 9, Zuzüge: „abc“ ist keine ganze Zahl." in response.content.decode()
    assert not PopulationFigures.objects.exists()

    # 2. fixed: all 15 municipalities are saved
    rows[7][5] = "4300"
    assert import_file(client, csv_upload(rows)).status_code == 302
    assert PopulationFigures.objects.filter(year=2024).count() == 15

    # 3. the form offers the year with figures and the defaults of the concept
    form = client.get(COMPUTE).context["form"]
    assert form.fields["year"].choices[1:] == [(2024, "2024")]
    assert (form["fte_total"].value(), form["step"].value()) == (Decimal("14.00"), Decimal("0.05"))
    assert [form[f].value() for f in ("weight_immigration", "weight_asylum", "weight_non_eu")] == [
        Decimal("1")
    ] * 3

    # 4. "Berechnen": every intermediate figure, nothing saved
    response = client.post(COMPUTE, key_data())
    assert response.status_code == 200
    table = response.context["table"]
    assert len(table.rows) == 15
    assert sum(row.fte for row in table.rows) == Decimal("14.00")
    assert table.total_steps == 280
    expected = distribute(
        figures_rows(2024),
        {"immigration": 1, "asylum_applications": 1, "without_eu_citizenship": 1},
        Decimal("14.0"),
        Decimal("0.05"),
    )
    expected_fte = {line.name: expected.fte(line) for line in expected.lines}
    assert {row.name: row.fte for row in table.rows} == expected_fte
    weights = {"immigration": 1, "asylum_applications": 1, "without_eu_citizenship": 1}
    assert expected_fte == by_hand(FIGURES, weights, "14.0", "0.05")
    luedenscheid = next(row for row in table.rows if row.name == "Lüdenscheid")
    line = next(line for line in expected.lines if line.name == "Lüdenscheid")
    assert luedenscheid.quota == line.quota
    assert luedenscheid.whole_steps == int(line.quota.to_integral_value(rounding=ROUND_FLOOR))
    assert luedenscheid.pct_immigration == line.shares["immigration"] * 100
    content = response.content.decode()
    assert "Verfahren der größten Reste" in content
    assert "in Schritte von 0,05 VZÄ zerlegt: 280 Schritte" in content
    assert '<td class="kern-table__cell kern-table__cell--numeric" id="key-total-fte">' in content
    assert "<strong>14,00</strong>" in content
    assert not DistributionKey.objects.exists()

    # 5. "Speichern": saved with its inputs and every line
    response = client.post(COMPUTE, key_data(action="save", note="für den Kreisausschuss"))
    first = DistributionKey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:key_detail", args=[first.pk])
    assert (first.year, first.fte_total, first.step, first.note) == (
        2024,
        Decimal("14.00"),
        Decimal("0.05"),
        "für den Kreisausschuss",
    )
    assert first.computed_by.username == "jonas"
    assert not first.in_force
    lines = DistributionKeyLine.objects.filter(key=first).select_related("municipality")
    assert {line.municipality.name: line.fte for line in lines} == expected_fte
    assert sum(line.fte for line in lines) == Decimal("14.00")
    assert sum(line.extra_step for line in lines) == 280 - sum(line.whole_steps for line in lines)

    # 6. in force
    detail = client.get(reverse("staffing:key_detail", args=[first.pk]))
    assert "In Kraft setzen" in detail.content.decode()
    response = client.post(reverse("staffing:key_put_in_force", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.in_force
    detail = client.get(reverse("staffing:key_detail", args=[first.pk])).content.decode()
    assert "In Kraft setzen" not in detail
    assert "ist jetzt der Verteilungsschlüssel in Kraft" in detail

    # 7. a second key with other weights, put in force: the first is no longer in force
    client.post(COMPUTE, key_data(action="save", name="Variante Asyl", weight_asylum="3"))
    second = DistributionKey.objects.get(name="Variante Asyl")
    client.post(reverse("staffing:key_put_in_force", args=[second.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.in_force, second.in_force) == (False, True)
    assert DistributionKey.objects.filter(in_force=True).count() == 1

    # 8. compared side by side
    response = client.get(reverse("staffing:key_compare"), {"a": first.pk, "b": second.pk})
    assert response.status_code == 200
    assert response.context["changed"] > 0
    assert response.context["totals"]["difference"] == 0


# --- the preview and the saved key -------------------------------------------------------------


@pytest.fixture
def figures_2024(demo_directory):
    make_figures(2024)


def test_preview_with_other_weights_and_a_point_as_decimal_mark(figures_2024, as_user):
    weights = {"immigration": "2", "asylum_applications": "0,5", "without_eu_citizenship": "1.5"}
    response = as_user("coordinator").post(
        COMPUTE,
        key_data(
            weight_immigration="2",
            weight_asylum="0,5",
            weight_non_eu="1.5",
            fte_total="14.00",
            step="0.1",
        ),
    )
    table = response.context["table"]
    hand = by_hand(
        FIGURES,
        {k: Decimal(v.replace(",", ".")) for k, v in weights.items()},
        "14",
        "0.1",
    )
    assert {row.name: row.fte for row in table.rows} == hand
    assert sum(row.fte for row in table.rows) == Decimal("14.0")
    assert not DistributionKey.objects.exists()


def test_preview_shows_every_intermediate_figure(figures_2024, as_user):
    response = as_user("coordinator").post(COMPUTE, key_data())
    content = response.content.decode()
    for heading in (
        "Anteil Zuzüge (%)",
        "Anteil Asylanträge (%)",
        "Anteil ohne EU (%)",
        "gewichteter Anteil (%)",
        "rechnerische Schritte",
        "ganze Schritte",
        "Rest",
        "Restschritt",
        "VZÄ",
    ):
        assert f">{heading}</th>" in content
    totals = response.context["table"].totals
    assert totals["pct_weighted"].quantize(Decimal("0.0001")) == Decimal("100.0000")
    assert totals["quota"].quantize(Decimal("0.0001")) == Decimal("280.0000")
    assert totals["fte"] == Decimal("14.00")
    assert "Vorschau (noch nicht gespeichert)" in content


def test_saved_key_detail_shows_the_lines(figures_2024, as_user):
    client = as_user("coordinator")
    client.post(COMPUTE, key_data(action="save"))
    key = DistributionKey.objects.get()
    response = client.get(reverse("staffing:key_detail", args=[key.pk]))
    assert response.status_code == 200
    table = response.context["table"]
    assert len(table.rows) == 15
    assert sum(row.fte for row in table.rows) == Decimal("14.00")
    assert sorted(row.rank for row in table.rows) == list(range(1, 16))
    assert all(row.extra_step == (row.rank <= table.left_over) for row in table.rows)
    content = response.content.decode()
    assert "Verteilungsschlüssel 2025" in content and "nicht in Kraft" in content


# --- bad input: a German message, nothing saved ------------------------------------------------


@pytest.mark.parametrize("action", ["preview", "save"])
def test_weights_all_zero(figures_2024, as_user, action):
    response = as_user("coordinator").post(
        COMPUTE,
        key_data(action=action, weight_immigration="0", weight_asylum="0,0", weight_non_eu="0"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Mindestens ein Gewicht muss größer als 0 sein."
    ]
    assert "Mindestens ein Gewicht muss größer als 0 sein." in response.content.decode()
    assert response.context["table"] is None
    assert not DistributionKey.objects.exists()


def test_step_that_does_not_divide_the_fte(figures_2024, as_user):
    response = as_user("coordinator").post(COMPUTE, key_data(action="save", step="0,03"))
    errors = response.context["form"].errors["step"]
    assert len(errors) == 1 and "lassen sich nicht in Schritten von" in errors[0]
    assert not DistributionKey.objects.exists()


def test_year_with_missing_figures(demo_directory, as_user):
    make_figures(2022, skip={"Werdohl", "Balve"})
    response = as_user("coordinator").post(COMPUTE, key_data(action="save", year="2022"))
    assert response.context["form"].errors["year"] == [
        "Für 2022 fehlen die Kennzahlen von: Balve, Werdohl."
    ]
    assert not DistributionKey.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_asylum", "-1", "Der Wert darf nicht negativ sein."),
        ("fte_total", "viel", "Bitte geben Sie eine Zahl an, z. B. 0,5."),
        ("fte_total", "0", "Die zu verteilenden VZÄ müssen größer als 0 sein."),
        ("step", "0", "Die Schrittweite muss größer als 0 sein."),
        ("step", "0,005", "Bitte geben Sie höchstens 2 Nachkommastellen an."),
        ("year", "1990", "Für dieses Jahr liegen keine Kennzahlen vor."),
        ("name", "", "Bitte geben Sie eine Bezeichnung an."),
    ],
)
def test_bad_input(figures_2024, as_user, field, value, message):
    response = as_user("coordinator").post(COMPUTE, key_data(action="save", **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not DistributionKey.objects.exists()


def test_without_figures_the_page_points_to_the_import(demo_directory, as_user):
    response = as_user("coordinator").get(COMPUTE)
    assert response.status_code == 200
    assert "Zuerst Kennzahlen importieren" in response.content.decode()


# --- list and in force -------------------------------------------------------------------------


def test_list_shows_keys_with_in_force_badge(figures_2024, as_user):
    client = as_user("coordinator")
    client.post(COMPUTE, key_data(action="save", name="Schlüssel A"))
    client.post(COMPUTE, key_data(action="save", name="Schlüssel B", weight_non_eu="2"))
    key_a = DistributionKey.objects.get(name="Schlüssel A")
    client.post(reverse("staffing:key_put_in_force", args=[key_a.pk]))
    response = client.get(reverse("staffing:key_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Schlüssel A" in content and "Schlüssel B" in content
    assert content.count('<span class="kern-label">in Kraft</span>') == 1
    assert "1 : 1 : 2" in content
    assert "vergleichen" in content


def test_put_in_force_needs_post(figures_2024, as_user):
    client = as_user("coordinator")
    client.post(COMPUTE, key_data(action="save"))
    key = DistributionKey.objects.get()
    response = client.get(reverse("staffing:key_put_in_force", args=[key.pk]))
    assert response.status_code == 405
    key.refresh_from_db()
    assert not key.in_force


def test_unknown_key_is_404(as_user):
    client = as_user("coordinator")
    assert client.get(reverse("staffing:key_detail", args=[999])).status_code == 404
    assert client.post(reverse("staffing:key_put_in_force", args=[999])).status_code == 404
