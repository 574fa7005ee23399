"""Layout of the dashboard's charts as inline SVG (issue #8).

Pure functions: they get labels and values and work out where every bar, point, tick and label
goes in an SVG of fixed width; the templates ``_chart_bars.html`` and ``_chart_line.html`` only
draw what these return. The SVG scales with its viewBox, so a chart fits a phone (390 px) and a
desktop alike; the width is chosen so the text stays readable on both.

Not colour alone (WCAG 1.4.1): every series has its own pattern (solid, hatched, dotted, crossed)
and, in line charts, its own marker and dash; bars carry their value next to them, lines are
labelled directly at their end. A suppressed figure (fewer than 5 persons, "<5") is never drawn to
scale: it is a small dashed stub of fixed width labelled "<5".
"""

import itertools
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The SVG is drawn 360 wide and shown at most 28rem (448 px) wide: about 1.25 times on a desktop
# and 0.95 times on a phone of 390 px, so the text is neither tiny nor huge on either.
WIDTH = 360
FONT = 14  # category labels, legend, axis titles
SMALL = 13  # values, ticks
CHAR = 0.56  # average width of a character of Fira Sans, in font sizes (for the estimates)
PATTERNS = ("solid", "hatch", "dots", "cross")
STUB = 22  # width of the stub that stands for a suppressed figure
MAX_LABEL = int(WIDTH / (FONT * CHAR))  # characters of a category label that fit in one line


@dataclass
class Datum:
    """One value of a chart: its size, the text written next to it, and whether it is hidden."""

    value: float
    text: str
    suppressed: bool = False


def datum(value, *, suppressed=False, text=None, decimals=0):
    """A Datum of a number; ``text`` defaults to the number in German notation."""
    if suppressed:
        return Datum(0.0, text or "<5", True)
    number = float(value or 0)
    return Datum(number, text if text is not None else format_number(number, decimals))


def format_number(value, decimals=0):
    """German notation with thousands separator: 1.250, 42,5."""
    if value is None:
        return "–"
    if decimals == 0:
        return number_format(round(float(value)), 0, force_grouping=True)
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return number_format(int(rounded), 0, force_grouping=True)
    return number_format(rounded, decimals, force_grouping=True)


class _Coordinates:
    """Positions are kept with one decimal: enough for the eye, short in the page."""

    def __setattr__(self, name, value):
        if isinstance(value, float):
            value = round(value, 1)
        super().__setattr__(name, value)


def _r(value):
    """Coordinates with one decimal: enough for the eye, short in the page."""
    return round(float(value), 1)


def text_width(text, size=SMALL):
    return len(str(text)) * size * CHAR


def shorten(label, limit=MAX_LABEL):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def nice_scale(largest, intervals=5):
    """The top of the value axis and its step: a round step (1, 2, 2.5 or 5 times a power of
    ten) that reaches a little beyond the largest value in at most ``intervals`` steps."""
    if largest <= 0:
        return 5.0, 1.0
    largest *= 1.05  # the longest bar stops short of the end, with room for its value
    raw = largest / intervals
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if largest >= 1 and step < 1:
        step = 1.0
    return step * math.ceil(largest / step - 1e-9), step


def _ticks(top, step):
    count = round(top / step)
    return [step * i for i in range(count + 1)]


@dataclass
class SeriesStyle:
    index: int
    label: str
    pattern: str

    @property
    def css(self):
        return f"kim-chart__s{self.index}"


def _styles(series):
    return [SeriesStyle(i, label, PATTERNS[i % len(PATTERNS)]) for i, label in enumerate(series)]


@dataclass
class LegendItem(_Coordinates):
    x: float
    y: float
    style: SeriesStyle

    @property
    def text_x(self):
        return _r(self.x + 20)

    @property
    def text_y(self):
        return _r(self.y + 11)

    @property
    def mid_y(self):
        return _r(self.y + 7)

    @property
    def line_end(self):
        return _r(self.x + 16)

    @property
    def marker(self):
        """The marker of a line's series in the middle of its legend entry."""
        return Point(self.x + 8, self.y + 7, None, "")


def _legend(styles, top, suppressed):
    """Legend entries flowing left to right, wrapping at the chart's width; returns them and the
    height they take. A "<5" entry is added when a chart has suppressed figures."""
    items, x, y = [], 0.0, top
    entries = list(styles) if len(styles) > 1 else []
    if suppressed:
        entries.append(SeriesStyle(-1, _("<5: unter 5 Personen (nicht maßstäblich)"), "none"))
    if not entries:
        return [], 0
    for style in entries:
        width = 20 + text_width(style.label, FONT) + 16
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + 20
        items.append(LegendItem(x, y, style))
        x += width
    return items, (y - top) + 26


@dataclass
class Bar(_Coordinates):
    x: float
    y: float
    width: float
    height: float
    style: SeriesStyle
    datum: Datum
    tooltip: str
    text_x: float = 0.0
    text_y: float = 0.0
    text_inside: bool = False
    show_text: bool = True


@dataclass
class BarGroup(_Coordinates):
    label: str
    full_label: str
    label_y: float
    bars: list
    total_text: str = ""
    total_x: float = 0.0
    total_y: float = 0.0


@dataclass
class Tick(_Coordinates):
    position: float
    text: str

    @property
    def text_y(self):
        """Baseline of the label of a horizontal grid line (line charts)."""
        return _r(self.position + 4)


@dataclass
class BarChart(_Coordinates):
    """Horizontal bars, one group per category; the category's label stands above its bars."""

    id: str
    title: str
    axis_label: str
    styles: list
    legend: list
    groups: list
    ticks: list
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    axis_label_x: float
    axis_label_y: float
    height: float
    width: float = WIDTH
    stacked: bool = False

    @property
    def tick_text_y(self):
        return self.plot_bottom + 16


def bar_chart(
    chart_id,
    title,
    categories,
    series,
    data,
    *,
    axis_label,
    stacked=False,
    totals=None,
):
    """Lay out horizontal bars.

    ``categories``: labels; ``series``: names of the series; ``data[i][j]``: the Datum of
    category i in series j. ``stacked`` puts a category's series end to end (parts of a whole),
    otherwise they stand under each other (grouped). ``totals`` (stacked only): a text per
    category written after its bar.
    """
    styles = _styles(series)
    suppressed = any(d.suppressed for row in data for d in row)
    legend, legend_height = _legend(styles, 0, suppressed)
    grouped = len(series) > 1 and not stacked
    bar_height = 14 if grouped else 18
    # room on the right for the longest text written after a bar
    after = [d.text for row in data for d in row] if not stacked else list(totals or [])
    right = min(max([text_width(t) for t in after] + [16]) + 10, 170)
    left = 2.0
    plot_width = WIDTH - left - right
    if stacked:
        largest = max([sum(d.value for d in row) for row in data] + [0.0])
    else:
        largest = max([d.value for row in data for d in row] + [0.0])
    top, step = nice_scale(largest)
    # the stubs of suppressed parts take room of their own in a stacked bar
    if stacked and suppressed:
        plot_width_for_values = plot_width - STUB * max(
            sum(1 for d in row if d.suppressed) for row in data
        )
    else:
        plot_width_for_values = plot_width
    scale = plot_width_for_values / top if top else 0.0

    groups = []
    y = legend_height + 4
    plot_top = y
    for i, label in enumerate(categories):
        label_y = y + FONT
        y += FONT + 6
        bars = []
        x = left
        for j, style in enumerate(styles):
            d = data[i][j]
            width = STUB if d.suppressed else d.value * scale
            tooltip = f"{label}: {d.text}"
            if len(styles) > 1:
                tooltip = f"{label}, {style.label}: {d.text}"
            bar = Bar(x if stacked else left, y, width, bar_height, style, d, tooltip)
            if stacked:
                bar.text_inside = text_width(d.text) + 6 <= width
                bar.show_text = bar.text_inside and (d.value > 0 or d.suppressed)
                bar.text_x = x + width / 2
                bar.text_y = y + bar_height / 2 + SMALL * 0.35
                x += width
            else:
                bar.text_x = left + width + 4
                bar.text_y = y + bar_height / 2 + SMALL * 0.35
                y += bar_height + 3
            bars.append(bar)
        group = BarGroup(shorten(label), str(label), label_y, bars)
        if stacked:
            group.total_text = (totals or [""] * len(categories))[i]
            group.total_x = x + 4
            group.total_y = y + bar_height / 2 + SMALL * 0.35
            y += bar_height + 3
        groups.append(group)
        y += 10
    plot_bottom = y
    ticks = [
        Tick(left + value * scale, format_number(value, 0 if step >= 1 else 1))
        for value in _ticks(top, step)
    ]
    height = plot_bottom + 16 + 8 + FONT + 8
    return BarChart(
        id=chart_id,
        title=title,
        axis_label=axis_label,
        styles=styles,
        legend=legend,
        groups=groups,
        ticks=ticks,
        plot_left=left,
        plot_right=left + plot_width_for_values,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        axis_label_x=left + plot_width / 2,
        axis_label_y=plot_bottom + 16 + 8 + FONT,
        height=height,
        stacked=stacked,
    )


@dataclass
class Point(_Coordinates):
    x: float
    y: float
    datum: Datum
    tooltip: str

    @property
    def square(self):
        """Top left corner of a square marker of 8 around the point."""
        return _r(self.x - 4), _r(self.y - 4)

    @property
    def diamond(self):
        return f"M{self.x:.1f} {self.y - 5:.1f} l5 5 l-5 5 l-5 -5 z"


@dataclass
class Line(_Coordinates):
    style: SeriesStyle
    points: list
    segments: list = field(default_factory=list)  # SVG path data, broken at suppressed points
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass
class XLabel(_Coordinates):
    x: float
    text: str
    year: str = ""


@dataclass
class LineChart(_Coordinates):
    id: str
    title: str
    axis_label: str
    x_axis_label: str
    styles: list
    legend: list
    lines: list
    x_labels: list
    ticks: list
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    height: float
    suppressed_marks: list
    width: float = WIDTH

    @property
    def y_axis_label_y(self):
        return (self.plot_top + self.plot_bottom) / 2

    @property
    def x_axis_label_x(self):
        return (self.plot_left + self.plot_right) / 2

    @property
    def x_axis_label_y(self):
        return _r(self.plot_bottom + 16 + 14 + 8 + FONT)

    @property
    def month_y(self):
        return _r(self.plot_bottom + 16)

    @property
    def year_y(self):
        return _r(self.plot_bottom + 30)

    @property
    def tick_text_x(self):
        return _r(self.plot_left - 6)


def line_chart(chart_id, title, points, series, data, *, axis_label, x_axis_label):
    """Lay out lines over time. ``points``: (label, year or "") per point on the x axis, e.g.
    ("Jan.", "2026"); ``data[i][j]``: the Datum of point i in series j. Each line is labelled at
    its end with its name and last value; a suppressed point breaks the line and is marked "<5"
    on the x axis."""
    styles = _styles(series)
    suppressed = any(d.suppressed for row in data for d in row)
    legend, legend_height = _legend(styles, 0, suppressed)
    n = len(points)
    end_labels = []
    for j in range(len(styles)):
        last = data[-1][j] if n else Datum(0, "–")
        end_labels.append(last.text)
    left = 40.0
    right = max([text_width(t, SMALL) for t in end_labels] + [10]) + 12
    plot_top = legend_height + 10
    plot_bottom = plot_top + 170
    plot_right = WIDTH - right
    largest = max([d.value for row in data for d in row] + [0.0])
    top, step = nice_scale(largest)
    span = plot_right - left - 12

    def x_of(i):
        return left + 6 + (span * i / (n - 1) if n > 1 else span / 2)

    def y_of(value):
        return plot_bottom - (value / top) * (plot_bottom - plot_top) if top else plot_bottom

    lines = []
    marks = []
    for j, style in enumerate(styles):
        line_points, segments, current = [], [], []
        for i, (label, year) in enumerate(points):
            d = data[i][j]
            when = f"{label} {year}".strip()
            point = Point(x_of(i), y_of(d.value), d, f"{when}, {style.label}: {d.text}")
            line_points.append(point)
            if d.suppressed:
                if current:
                    segments.append(current)
                current = []
                marks.append(Point(point.x, plot_bottom - 6, d, point.tooltip))
            else:
                current.append(point)
        if current:
            segments.append(current)
        paths = ["M " + " L ".join(f"{p.x:.1f} {p.y:.1f}" for p in seg) for seg in segments if seg]
        last = line_points[-1] if line_points else None
        lines.append(
            Line(
                style,
                [p for p in line_points if not p.datum.suppressed],
                paths,
                end_labels[j],
                (last.x if last else plot_right) + 8,
                (last.y if last and not last.datum.suppressed else plot_bottom) + SMALL * 0.35,
            )
        )
    # end labels must not overlap: push them apart vertically, keeping their order
    ordered = sorted(lines, key=lambda line: line.label_y)
    for previous, line in itertools.pairwise(ordered):
        if line.label_y - previous.label_y < SMALL + 3:
            line.label_y = previous.label_y + SMALL + 3
    # every month is labelled where there is room, otherwise every second (the last always)
    room = span / (n - 1) if n > 1 else span
    widest = max([text_width(label) for label, _year in points] + [0])
    every = 1 if room >= widest + 4 else 2
    x_labels = [
        XLabel(x_of(i), label, year)
        for i, (label, year) in enumerate(points)
        if (n - 1 - i) % every == 0 or year
    ]
    ticks = [Tick(y_of(value), format_number(value, 0)) for value in _ticks(top, step)]
    return LineChart(
        id=chart_id,
        title=title,
        axis_label=axis_label,
        x_axis_label=x_axis_label,
        styles=styles,
        legend=legend,
        lines=lines,
        x_labels=x_labels,
        ticks=ticks,
        plot_left=left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        height=plot_bottom + 16 + 14 + 8 + FONT + 8,
        suppressed_marks=marks,
    )
