"""Two saved keys side by side: their inputs, and per municipality FTE of A, B and the
difference."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kim.staffing import services
from kim.staffing.models import DistributionKey

from .test_indicator_import import FIGURES, make_figures

pytestmark = pytest.mark.django_db

URL = reverse("staffing:key_compare")


def save_key(name, by, year=2024, weights=(1, 1, 1), fte_total="14.00", step="0.05"):
    return services.save_key(
        name=name,
        year=year,
        weights=dict(
            zip(
                ("immigration", "asylum_applications", "without_eu_citizenship"),
                map(Decimal, map(str, weights)),
                strict=True,
            )
        ),
        fte_total=Decimal(fte_total),
        step=Decimal(step),
        by=by,
    )


@pytest.fixture
def two_keys(demo_directory, coordinator):
    make_figures(2024)
    # the second year: Iserlohn has twice the asylum applications
    make_figures(
        2025,
        figures=FIGURES | {"Iserlohn": (91000, 14500, 9600, 4900, 820)},
    )
    a = save_key("Gleich gewichtet 2024", coordinator)
    b = save_key("Asyl doppelt 2025", coordinator, year=2025, weights=(1, 2, 1), step="0.1")
    return a, b


def fte_of(key):
    return {line.municipality.name: line.fte for line in key.lines.select_related("municipality")}


def test_compare_shows_fte_of_both_and_the_difference(two_keys, as_user):
    a, b = two_keys
    response = as_user("coordinator").get(URL, {"a": a.pk, "b": b.pk})
    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert len(rows) == 15
    fte_a, fte_b = fte_of(a), fte_of(b)
    for name, row in rows.items():
        assert (row.fte_a, row.fte_b, row.difference) == (
            fte_a[name],
            fte_b[name],
            fte_b[name] - fte_a[name],
        )
    assert rows["Iserlohn"].difference > 0
    changed = sum(1 for name in rows if fte_a[name] != fte_b[name])
    assert response.context["changed"] == changed > 0
    assert response.context["totals"] == {
        "a": Decimal("14.00"),
        "b": Decimal("14.00"),
        "difference": Decimal("0"),
    }
    content = response.content.decode()
    iserlohn = rows["Iserlohn"]
    assert f"+{iserlohn.difference:.2f}".replace(".", ",") in content
    assert f"Bei {changed} Kommunen unterscheiden sich die VZÄ." in content


def test_compare_shows_the_inputs_of_both(two_keys, as_user):
    a, b = two_keys
    content = as_user("coordinator").get(URL, {"a": a.pk, "b": b.pk}).content.decode()
    assert "Gleich gewichtet 2024" in content and "Asyl doppelt 2025" in content
    for label in ("Jahr der Kennzahlen", "Gewicht Zuzüge", "Gewicht Asylanträge", "Schrittweite"):
        assert f'<th scope="row" class="kern-table__cell">{label}</th>' in content
    assert '<td class="kern-table__cell">2024</td><td class="kern-table__cell">2025</td>' in content
    assert '<td class="kern-table__cell">0,05</td><td class="kern-table__cell">0,10</td>' in content
    assert '<td class="kern-table__cell">1</td><td class="kern-table__cell">2</td>' in content


def test_the_same_key_twice_is_refused(two_keys, as_user):
    a, _b = two_keys
    response = as_user("coordinator").get(URL, {"a": a.pk, "b": a.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["b"] == ["Bitte wählen Sie zwei verschiedene Schlüssel."]
    assert "rows" not in response.context


def test_unknown_key_is_a_form_error(two_keys, as_user):
    a, _b = two_keys
    response = as_user("coordinator").get(URL, {"a": a.pk, "b": 9999})
    assert response.context["form"].errors["b"] == ["Diesen Schlüssel gibt es nicht."]


def test_without_a_choice_the_page_shows_the_form(two_keys, as_user):
    response = as_user("coordinator").get(URL)
    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert "Schlüssel A" in response.content.decode()


def test_list_offers_the_comparison(two_keys, as_user):
    content = as_user("coordinator").get(reverse("staffing:key_list")).content.decode()
    assert f'action="{URL}"' in content
    assert 'name="a"' in content and 'name="b"' in content
    assert DistributionKey.objects.count() == 2
