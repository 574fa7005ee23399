"""The layout of the dashboard's charts: pure functions, no database."""

import pytest

from kim.reports import charts
from kim.reports.charts import Datum, bar_chart, datum, line_chart, nice_scale


def test_numbers_are_written_the_german_way():
    assert charts.format_number(1250) == "1.250"
    assert charts.format_number(6.6667, 1) == "6,7"
    assert charts.format_number(12.0, 1) == "12"
    assert charts.format_number(None) == "–"


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(0, 5, 1), (4, 5, 1), (6, 8, 2), (37, 40, 10), (40, 50, 10), (163, 200, 50), (0.75, 0.8, 0.2)],
)
def test_the_value_axis_ends_on_a_round_number_above_the_largest_value(largest, top, step):
    assert nice_scale(largest) == (top, step)


def test_bars_are_proportional_and_carry_their_value():
    chart = bar_chart(
        "c",
        "Offene Fälle je Kommune: am meisten bei Iserlohn (40).",
        ["Iserlohn", "Balve"],
        ["offene Fälle"],
        [[datum(40)], [datum(10)]],
        axis_label="offene Fälle",
    )
    iserlohn, balve = (group.bars[0] for group in chart.groups)
    assert iserlohn.width == pytest.approx(4 * balve.width, abs=0.2)
    assert iserlohn.x == balve.x == chart.plot_left
    # the value stands right of the bar's end
    assert iserlohn.text_x > iserlohn.x + iserlohn.width
    assert (iserlohn.datum.text, balve.datum.text) == ("40", "10")
    # the label stands above its bar, the axis has a title and round ticks
    assert chart.groups[0].label_y < iserlohn.y
    assert chart.axis_label == "offene Fälle"
    assert [t.text for t in chart.ticks][-1] == "50"
    # a single series needs no legend
    assert chart.legend == []
    assert chart.width == charts.WIDTH


def test_nothing_is_drawn_beyond_the_chart_width():
    long = "Diakonisches Werk Ev. Kirchenkreis Lüdenscheid-Plettenberg und Umgebung e. V."
    chart = bar_chart("c", "t", [long], ["a", "b"], [[datum(99999), datum(3)]], axis_label="x")
    group = chart.groups[0]
    assert group.full_label == long
    assert group.label.endswith("…")
    assert charts.text_width(group.label, charts.FONT) <= charts.WIDTH
    for bar in group.bars:
        assert bar.text_x + charts.text_width(bar.datum.text) <= charts.WIDTH + 1
    for item in chart.legend:
        assert item.text_x + charts.text_width(item.style.label, charts.FONT) <= charts.WIDTH + 1


def test_series_differ_by_pattern_not_only_by_colour():
    chart = bar_chart(
        "c",
        "t",
        ["Sprache"],
        ["gering", "mittel", "hoch"],
        [[datum(3), datum(2), datum(1)]],
        axis_label="Fälle",
        stacked=True,
        totals=["6"],
    )
    assert [s.pattern for s in chart.styles] == ["solid", "hatch", "dots"]
    assert [item.style.label for item in chart.legend] == ["gering", "mittel", "hoch"]


def test_stacked_bars_stand_end_to_end_with_the_total_after_them():
    chart = bar_chart(
        "c",
        "t",
        ["Sprache"],
        ["gering", "mittel", "hoch"],
        [[datum(30), datum(20), datum(10)]],
        axis_label="Fälle",
        stacked=True,
        totals=["60"],
    )
    low, medium, high = chart.groups[0].bars
    assert medium.x == pytest.approx(low.x + low.width, abs=0.2)
    assert high.x == pytest.approx(medium.x + medium.width, abs=0.2)
    assert low.width == pytest.approx(3 * high.width, abs=0.2)
    assert chart.groups[0].total_text == "60"
    assert chart.groups[0].total_x > high.x + high.width
    # a value is written inside its part when it fits
    assert low.show_text and low.text_inside


def test_a_suppressed_figure_is_a_stub_of_fixed_width_not_drawn_to_scale():
    chart = bar_chart(
        "c",
        "t",
        ["Altstadt", "Neudorf"],
        ["Fälle"],
        [[datum(None, suppressed=True)], [datum(12)]],
        axis_label="Fälle",
    )
    stub = chart.groups[0].bars[0]
    assert stub.datum == Datum(0.0, "<5", True)
    assert stub.width == charts.STUB
    assert [item.style.label for item in chart.legend] == [
        "<5: unter 5 Personen (nicht maßstäblich)"
    ]


def test_a_suppressed_part_of_a_stacked_bar_does_not_push_the_scale_beyond_the_plot():
    chart = bar_chart(
        "c",
        "t",
        ["A", "B"],
        ["x", "y"],
        [[datum(40), datum(None, suppressed=True)], [datum(10), datum(10)]],
        axis_label="n",
        stacked=True,
        totals=["43", "20"],
    )
    first = chart.groups[0].bars
    assert first[1].width == charts.STUB
    assert first[1].x + first[1].width <= chart.plot_right + charts.STUB + 0.1


def test_lines_have_a_point_per_month_and_a_label_at_their_end():
    points = [("Jan", "2025"), ("Feb", ""), ("Mär", "")]
    chart = line_chart(
        "c",
        "t",
        points,
        ["offen", "neu"],
        [[datum(10), datum(2)], [datum(20), datum(4)], [datum(30), datum(6)]],
        axis_label="Fälle",
        x_axis_label="Monat",
    )
    opened, new = chart.lines
    assert [p.datum.text for p in opened.points] == ["10", "20", "30"]
    assert opened.points[0].x < opened.points[1].x < opened.points[2].x
    # higher values stand higher (smaller y)
    assert opened.points[2].y < opened.points[0].y
    assert len(opened.segments) == 1 and opened.segments[0].startswith("M ")
    assert (opened.label, new.label) == ("30", "6")
    assert opened.label_x > opened.points[-1].x
    # end labels do not overlap
    assert abs(opened.label_y - new.label_y) >= charts.SMALL
    assert [x.text for x in chart.x_labels] == ["Jan", "Feb", "Mär"]
    assert chart.x_labels[0].year == "2025"
    assert (chart.axis_label, chart.x_axis_label) == ("Fälle", "Monat")


def test_a_suppressed_month_breaks_the_line_and_is_marked_below_five():
    chart = line_chart(
        "c",
        "t",
        [("Jan", "2025"), ("Feb", ""), ("Mär", ""), ("Apr", "")],
        ["neu"],
        [[datum(6)], [datum(None, suppressed=True)], [datum(7)], [datum(8)]],
        axis_label="Fälle",
        x_axis_label="Monat",
    )
    line = chart.lines[0]
    assert len(line.segments) == 2
    assert [p.datum.text for p in line.points] == ["6", "7", "8"]
    assert [m.datum.text for m in chart.suppressed_marks] == ["<5"]


def test_months_are_labelled_every_second_one_when_crowded():
    points = [
        (m, "2025" if i == 0 else "")
        for i, m in enumerate(
            [
                "Januar",
                "Februar",
                "März",
                "April",
                "Mai",
                "Juni",
                "Juli",
                "August",
                "September",
                "Oktober",
                "November",
                "Dezember",
            ]
        )
    ]
    chart = line_chart(
        "c",
        "t",
        points,
        ["offen"],
        [[datum(i)] for i in range(12)],
        axis_label="Fälle",
        x_axis_label="Monat",
    )
    labels = [x.text for x in chart.x_labels]
    assert labels[-1] == "Dezember" and labels[0] == "Januar"
    assert "November" not in labels
    assert len(labels) < 12
