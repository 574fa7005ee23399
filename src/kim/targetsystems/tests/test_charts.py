"""The layout of the monitoring chart: pure functions over figures (no database)."""

import datetime

import pytest

from kim.targetsystems import charts
from kim.targetsystems.measures import Figure

D = datetime.date


def figure(label, start, end, period, cases, value):
    return Figure(label, start, end, period, cases, cases, value)


def quarters(*rows, year=2025):
    """(period, cases, value) per quarter from Q1 of ``year`` on."""
    figures = []
    for i, (period, cases, value) in enumerate(rows):
        y, q = year + i // 4, i % 4
        start = D(y, 3 * q + 1, 1)
        end = (D(y, 3 * q + 4, 1) if q < 3 else D(y + 1, 1, 1)) - datetime.timedelta(days=1)
        figures.append(figure(f"Q{q + 1}/{y}", start, end, period, cases, value))
    return figures


@pytest.mark.parametrize(
    ("value", "text"),
    [(42, "42"), (42.5, "42,5"), (42.46, "42,5"), (1250, "1.250"), (0, "0"), (None, "–")],
)
def test_numbers_in_german_notation(value, text):
    assert charts.format_number(value) == text


def test_values_with_their_unit():
    assert charts.format_value(35.0, "median") == "35 Tage"
    assert charts.format_value(72.5, "share") == "72,5\u00a0%"


@pytest.mark.parametrize(
    ("values", "aggregate", "top", "step"),
    [
        ([40, 100], "share", 100, 20),
        ([62, 35], "median", 80, 20),
        ([9], "median", 10, 2),
        ([], "median", 10, 2),
        ([None, 140], "median", 200, 50),
    ],
)
def test_value_axis_ends_at_a_round_number_above_the_largest(values, aggregate, top, step):
    assert charts.scale_top(values, aggregate) == (top, step)


def test_bars_are_proportional_and_start_at_the_axis():
    figures = quarters(("before", 5, 60.0), ("before", 6, 30.0))

    chart = charts.layout(figures, aggregate="median", unit="Tage (Median)")

    first, second = chart.slots
    assert first.bar_y + first.bar_height == chart.bottom
    assert second.bar_y + second.bar_height == chart.bottom
    assert first.bar_height == pytest.approx(2 * second.bar_height, abs=0.2)
    assert (first.kind, first.value_text, first.cases_text) == ("value", "60", "5")
    assert first.quarter == "Q1" and first.year == "2025"
    assert second.year == ""  # the year is written under Q1 and under the first quarter only
    assert chart.y_label == "Tage (Median)"
    assert [t.text for t in chart.ticks] == ["0", "20", "40", "60", "80"]


def test_suppressed_and_empty_quarters_draw_no_bar():
    figures = quarters(("before", 4, None), ("before", 0, None), ("before", 5, 40.0))

    chart = charts.layout(figures, aggregate="share", unit="Prozent")

    suppressed, empty, shown = chart.slots
    assert (suppressed.kind, suppressed.value_text, suppressed.cases_text) == (
        "suppressed",
        "<5",
        "<5",
    )
    assert suppressed.bar_height == 0
    assert "weniger als 5 Fälle" in suppressed.description
    assert "4" not in suppressed.description.split(":")[1]  # the exact number is not told
    assert (empty.kind, empty.cases_text, empty.bar_height) == ("empty", "0", 0)
    assert (shown.kind, shown.value_text) == ("value", "40\u00a0%")


def test_marker_lies_in_the_transition_quarter_by_the_days_gone():
    figures = quarters(("before", 5, 10.0), ("transition", 5, 10.0), ("after", 5, 10.0))

    chart = charts.layout(figures, aggregate="median", unit="Tage", in_force_from=D(2025, 5, 16))

    transition = chart.slots[1]
    share = (D(2025, 5, 16) - D(2025, 4, 1)).days / 91
    assert chart.marker.x == pytest.approx(transition.x + transition.width * share, abs=0.2)
    assert chart.marker.text == "in Kraft seit 16.05.2025"
    assert chart.periods == ["before", "transition", "after"]


def test_marker_at_the_left_edge_when_in_force_before_the_first_quarter():
    chart = charts.layout(
        quarters(("after", 5, 10.0)), aggregate="median", unit="Tage", in_force_from=D(2024, 6, 1)
    )

    assert chart.marker.x == chart.left


def test_no_marker_when_not_in_force_within_the_quarters_shown():
    figures = quarters(("before", 5, 10.0))

    assert charts.layout(figures, aggregate="median", unit="Tage").marker is None
    later = charts.layout(figures, aggregate="median", unit="Tage", in_force_from=D(2026, 1, 1))
    assert later.marker is None


def test_target_value_as_a_line_within_the_scale():
    figures = quarters(("before", 5, 30.0))

    chart = charts.layout(figures, aggregate="median", unit="Tage", target_value=120)

    assert chart.target.text == "Ziel: 120 Tage"
    assert chart.top <= chart.target.y < chart.bottom
    assert chart.ticks[-1].text == "150"


def test_many_quarters_widen_the_chart():
    figures = quarters(*[("before", 5, 10.0)] * 20)

    chart = charts.layout(figures, aggregate="median", unit="Tage")

    assert chart.width > charts.MIN_WIDTH
    assert all(s.width >= charts.SLOT for s in chart.slots)


def test_no_quarters_no_chart():
    assert charts.layout([], aggregate="median", unit="Tage") is None


def test_text_alternative_compares_before_and_after():
    before = figure("vor", D(2024, 1, 1), D(2025, 3, 31), "before", 48, 62.0)
    after = figure("seit", D(2025, 4, 1), D(2025, 9, 30), "after", 3, None)

    text = charts.describe(
        name="Tage bis zum Kursbeginn",
        aggregate="median",
        in_force_from=D(2025, 4, 1),
        before=before,
        after=after,
        today=D(2025, 10, 1),
        target_value=40,
    )

    assert text == (
        "Tage bis zum Kursbeginn. Vor dem Inkrafttreten am 01.04.2025: 62 Tage bei 48 Fällen. "
        "Seit dem Inkrafttreten: weniger als 5 Fälle, nicht ausgewiesen. Zielwert: 40 Tage."
    )


def test_text_alternative_before_it_is_in_force():
    before = figure("bisher", D(2024, 1, 1), D(2025, 3, 31), "before", 7, 71.4)

    text = charts.describe(
        name="Annahme binnen 30 Tagen",
        aggregate="share",
        in_force_from=None,
        before=before,
        after=None,
        today=D(2025, 10, 1),
    )

    assert text == "Annahme binnen 30 Tagen, noch nicht in Kraft. Bisher: 71,4\u00a0% bei 7 Fällen."
