"""Layout of the monitoring chart of an indicator (issue #5: before and after the date in force,
per quarter, with the number of cases behind each figure).

Pure functions over ``measures.Figure`` objects (or anything with the same attributes): they
compute where each quarter's bar, the axis ticks, the marker of the date in force and the target
line go in an SVG of fixed proportions; the template ``monitoring_chart.html`` only draws them.
Before and after differ in colour *and* pattern (hatched / solid, the transition quarter dotted),
so the chart does not rely on colour alone (WCAG 1.4.1); a suppressed quarter (fewer than
``MIN_CASES`` cases) is an empty dashed slot labelled "<5", never a bar.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kim.core import dates

from .measures import MIN_CASES

HEIGHT = 360
MIN_WIDTH = 880
SLOT = 56  # minimal width of one quarter, enough for "Q4" / "2025" / "n = 120"
LEFT, RIGHT, TOP, BOTTOM = 72, 112, 40, 62  # room for the axes, the target label, the marker
BAR_SHARE = 0.62  # of the slot width
PERIOD_LABELS = {
    "before": lambda: _("vor"),
    # "nach" alone is also "to" (a phase change); here it is the period after
    "after": lambda: pgettext("Zeitraum", "nach"),
    "transition": lambda: _("Übergang"),
}


def format_number(value):
    """In the notation of the active language, at most one decimal: 42, 42,5, 1.250 (German);
    42, 42.5, 1,250 (English)."""
    if value is None:
        return "–"
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return number_format(int(rounded), 0, force_grouping=True)
    return number_format(rounded, 1, force_grouping=True)


def format_value(value, aggregate):
    """A figure with its unit: "42 Tage" (median of days) or "73,5 %" (share)."""
    if value is None:
        return "–"
    if aggregate == "share":
        return f"{format_number(value)}\u00a0%"
    return _("%(n)s Tage") % {"n": format_number(value)}


def format_cases(figure):
    """How many cases a figure rests on; fewer than five are not told exactly."""
    if figure.suppressed:
        return f"<{MIN_CASES}"
    return format_number(figure.cases)


def period_label(period):
    return PERIOD_LABELS[period]()


def scale_top(values, aggregate):
    """The top of the value axis and its tick step: 0–100 for shares, otherwise a round number a
    little above the largest value (1, 2, 2.5 or 5 times a power of ten per step)."""
    if aggregate == "share":
        return 100.0, 20.0
    largest = max([v for v in values if v is not None] + [0.0])
    if largest <= 0:
        return 10.0, 2.0
    raw_step = largest * 1.1 / 5
    power = 10 ** math.floor(math.log10(raw_step))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw_step)
    if step < 1:
        step = 1.0
    top = step * math.ceil(largest * 1.1 / step)
    return float(top), float(step)


@dataclass
class Slot:
    """One quarter: its place on the x axis and what is drawn in it."""

    figure: object
    x: float
    width: float
    bar_x: float
    bar_width: float
    bar_y: float
    bar_height: float
    kind: str  # "value", "suppressed" (fewer than five cases) or "empty" (no case)
    quarter: str  # "Q1"
    year: str  # shown under Q1 and under the first quarter, else ""
    value_text: str
    cases_text: str
    description: str  # tooltip and the bar's title

    @property
    def centre(self):
        return self.x + self.width / 2

    @property
    def period(self):
        return self.figure.period

    @property
    def days(self):
        """The days of the quarter: 01.10.–31.12.2026 (English 01/10–31/12/2026)."""
        return dates.period(self.figure.start, self.figure.end)


@dataclass
class Tick:
    y: float
    text: str


@dataclass
class Marker:
    x: float
    text: str
    anchor: str  # text-anchor of the label: "start" or "end"

    @property
    def text_x(self):
        return self.x + 5 if self.anchor == "start" else self.x - 5


@dataclass
class TargetLine:
    y: float
    text: str


@dataclass
class Layout:
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    slots: list[Slot]
    ticks: list[Tick]
    y_label: str
    marker: Marker | None = None
    target: TargetLine | None = None
    periods: list[str] = field(default_factory=list)  # the periods that occur, for the legend

    @property
    def plot_height(self):
        return self.bottom - self.top

    @property
    def tick_x(self):
        return self.left - 8

    @property
    def y_label_position(self):
        """Where the rotated axis label sits, left of the tick labels, halfway up."""
        return 16, round((self.top + self.bottom) / 2, 1)

    @property
    def rows(self):
        """Baselines of the three text rows under the x axis: quarter, year, cases."""
        return self.bottom + 18, self.bottom + 35, self.bottom + 52

    @property
    def target_text_x(self):
        return self.right + 6


def _y(value, top_value, top, bottom):
    return bottom - (bottom - top) * min(float(value), top_value) / top_value


def _marker(in_force_from, slots):
    """Where the date in force lies on the x axis: within its quarter by the share of days gone."""
    if in_force_from is None or not slots:
        return None
    first, last = slots[0].figure, slots[-1].figure
    if in_force_from > last.end:
        return None  # in force later than the last quarter shown
    if in_force_from < first.start:
        x = slots[0].x
    else:
        slot = next(s for s in slots if s.figure.start <= in_force_from <= s.figure.end)
        days = (slot.figure.end - slot.figure.start).days + 1
        x = slot.x + slot.width * (in_force_from - slot.figure.start).days / days
    text = _("in Kraft seit %(day)s") % {"day": date_format(in_force_from, "SHORT_DATE_FORMAT")}
    right_edge = slots[-1].x + slots[-1].width
    anchor = "end" if x > right_edge - 150 else "start"
    return Marker(round(x, 1), text, anchor)


def layout(figures, *, aggregate, unit, in_force_from=None, target_value=None):
    """The chart of quarterly figures, or ``None`` when there is no quarter to show."""
    if not figures:
        return None
    width = max(MIN_WIDTH, LEFT + RIGHT + SLOT * len(figures))
    right = width - RIGHT
    bottom = HEIGHT - BOTTOM
    target = float(target_value) if target_value is not None else None
    top_value, step = scale_top([f.value for f in figures] + [target], aggregate)
    slot_width = (right - LEFT) / len(figures)
    bar_width = slot_width * BAR_SHARE
    slots = []
    for i, figure in enumerate(figures):
        x = LEFT + i * slot_width
        quarter, year = figure.label.split("/")
        if figure.suppressed:
            kind = "suppressed"
        elif figure.value is None:
            kind = "empty"
        else:
            kind = "value"
        bar_y = _y(figure.value, top_value, TOP, bottom) if kind == "value" else bottom
        cases = format_cases(figure)
        if kind == "suppressed":
            value_text = f"<{MIN_CASES}"
            said = _("weniger als %(n)s Fälle, nicht ausgewiesen") % {"n": MIN_CASES}
        elif kind == "empty":
            value_text = ""
            said = _("keine Fälle")
        else:
            # the bar carries the bare number (the axis names the unit), the title the whole
            value_text = format_number(figure.value) + ("\u00a0%" if aggregate == "share" else "")
            said = _("%(value)s bei %(cases)s Fällen") % {
                "value": format_value(figure.value, aggregate),
                "cases": cases,
            }
        slots.append(
            Slot(
                figure=figure,
                x=round(x, 1),
                width=round(slot_width, 1),
                bar_x=round(x + (slot_width - bar_width) / 2, 1),
                bar_width=round(bar_width, 1),
                bar_y=round(bar_y, 1),
                bar_height=round(bottom - bar_y, 1),
                kind=kind,
                quarter=quarter,
                year=year if (i == 0 or quarter == "Q1") else "",
                value_text=value_text,
                cases_text=cases,
                description=f"{figure.label} ({period_label(figure.period)}): {said}",
            )
        )
    ticks = []
    n = 0
    while n * step <= top_value + 1e-9:
        value = n * step
        ticks.append(Tick(round(_y(value, top_value, TOP, bottom), 1), format_number(value)))
        n += 1
    target_line = None
    if target is not None:
        target_line = TargetLine(
            round(_y(target, top_value, TOP, bottom), 1),
            _("Ziel: %(value)s") % {"value": format_value(target, aggregate)},
        )
    periods = [p for p in ("before", "transition", "after") if any(f.period == p for f in figures)]
    return Layout(
        width=width,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=right,
        bottom=bottom,
        slots=slots,
        ticks=ticks,
        y_label=str(unit),
        marker=_marker(in_force_from, slots),
        target=target_line,
        periods=periods,
    )


def _pooled_text(figure, aggregate):
    if figure is None or figure.cases == 0:
        return _("noch keine Fälle")
    if figure.suppressed:
        return _("weniger als %(n)s Fälle, nicht ausgewiesen") % {"n": MIN_CASES}
    return _("%(value)s bei %(cases)s Fällen") % {
        "value": format_value(figure.value, aggregate),
        "cases": format_number(figure.cases),
    }


def describe(*, name, aggregate, in_force_from, before, after, today, target_value=None):
    """The text alternative of the chart: the pooled figure before against the one after."""
    if in_force_from is None or in_force_from > today:
        if in_force_from is None:
            state = _("noch nicht in Kraft")
        else:
            state = _("tritt am %(day)s in Kraft") % {
                "day": date_format(in_force_from, "SHORT_DATE_FORMAT")
            }
        text = _("%(name)s, %(state)s. Bisher: %(before)s.") % {
            "name": name,
            "state": state,
            "before": _pooled_text(before, aggregate),
        }
    else:
        text = _(
            "%(name)s. Vor dem Inkrafttreten am %(day)s: %(before)s. Seit dem Inkrafttreten: "
            "%(after)s."
        ) % {
            "name": name,
            "day": date_format(in_force_from, "SHORT_DATE_FORMAT"),
            "before": _pooled_text(before, aggregate),
            "after": _pooled_text(after, aggregate),
        }
    if target_value is not None:
        text += " " + _("Zielwert: %(value)s.") % {"value": format_value(target_value, aggregate)}
    return text
