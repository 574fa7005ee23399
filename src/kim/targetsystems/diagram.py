"""The service chain as a swimlane diagram (concept § 3.3 "Dienstleistungsketten", issue #5).

One lane (row) per institution, the steps as boxes from left to right in the order of their
number, an arrow from each step to the next, known break points marked. As-is and to-be are laid
out together so that both have the same lanes in the same order and boxes of the same size: a
reader compares them row by row.

Pure functions over step objects (a ``ChainStep`` or anything with the same attributes): they
return coordinates and wrapped text lines in SVG pixels; the template only draws them.
"""

import re
import textwrap
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .chains import _key as step_key

# sizes in px; the text sizes are those of chains.css (the widths of Fira Sans are estimated)
LABEL_WIDTH = 128  # the column of lane names
LABEL_CHARS = 17  # 12px bold (about 6.2px a character) in a 116px line
LABEL_LINES = 4
BOX_WIDTH = 144
GAP = 32  # between two columns, where the arrows run
PAD = 10  # inside a box
LANE_PAD = 14  # above and below the boxes of a lane
TITLE_CHARS = 18  # 12.5px bold (about 6.4px a character) in a 124px line
TITLE_LINES = 3
SMALL_CHARS = 22  # 11px (about 5.5px a character)
OFFICE_LINES = 1
LINE = 16
SMALL_LINE = 14
MARGIN = 8
MARK_HEIGHT = 20

ELLIPSIS = "…"


@dataclass
class TextLine:
    text: str
    x: float
    y: float  # baseline
    kind: str  # "title", "small", "alert", "label"


@dataclass
class Lane:
    key: object  # organisation id
    name: str
    y: float
    height: float
    lines: list[TextLine]
    odd: bool


@dataclass
class Box:
    step: object
    number: int
    column: int
    lane: int
    x: float
    y: float
    w: float
    h: float
    lines: list[TextLine]
    is_break_point: bool
    description: str  # the full text for a tooltip
    mark: str = ""  # "neu", "geändert", "entfällt" from the comparison
    mark_status: str = ""  # "added", "changed", "removed"
    mark_x: float = 0
    mark_w: float = 0

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2

    @property
    def mark_y(self):
        return self.y - MARK_HEIGHT / 2

    @property
    def mark_cx(self):
        return self.mark_x + self.mark_w / 2


@dataclass
class Arrow:
    source: Box
    target: Box
    path: str  # SVG path data


@dataclass
class Diagram:
    width: float
    height: float
    lanes: list[Lane]
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    label_width: float = LABEL_WIDTH

    @property
    def is_empty(self):
        return not self.boxes

    @property
    def break_points(self):
        return sum(1 for b in self.boxes if b.is_break_point)

    @property
    def institutions(self):
        return len({b.lane for b in self.boxes})

    def summary(self):
        """One sentence for screen readers (the ``<desc>`` of the SVG)."""
        if self.is_empty:
            return _("Noch keine Schritte.")
        steps = ngettext("%(n)s Schritt", "%(n)s Schritte", len(self.boxes)) % {
            "n": len(self.boxes)
        }
        places = ngettext("%(n)s Institution", "%(n)s Institutionen", self.institutions) % {
            "n": self.institutions
        }
        breaks = ngettext("%(n)s Bruchstelle", "%(n)s Bruchstellen", self.break_points) % {
            "n": self.break_points
        }
        return _("%(steps)s bei %(places)s, %(breaks)s.") % {
            "steps": steps,
            "places": places,
            "breaks": breaks,
        }


def _hyphenate(word, width):
    """A word longer than a line: broken at its own hyphens where the parts fit (textwrap does
    that), else cut into pieces that end with a hyphen."""
    words, current = [], ""
    for part in re.split(r"(?<=-)(?=\w)", word):
        while len(part) > width:
            cut = min(width - 1, len(part) - 3)  # no piece of one or two letters at the end
            words.append(current + part[:cut] + "-")
            current, part = "", part[cut:]
        current += part
    return [*words, current]


def wrap(text, width, max_lines):
    """Split ``text`` into at most ``max_lines`` lines of at most ``width`` characters; a word
    longer than a line is hyphenated, and a text that does not fit ends with an ellipsis."""
    words = [piece for word in str(text).split() for piece in _hyphenate(word, width)]
    lines = textwrap.wrap(" ".join(words), width, break_on_hyphens=True)
    if len(lines) <= max_lines:
        return lines
    rest = " ".join(lines[max_lines - 1 :])[: width - 1]
    if " " in rest[2 * width // 3 :]:  # end after a whole word where that leaves enough
        rest = rest[: rest.rindex(" ")]
    return [*lines[: max_lines - 1], rest.rstrip(" -") + ELLIPSIS]


def _ordered(steps):
    return sorted(steps, key=lambda s: s.position)


def lane_order(*variants):
    """The institutions in the order of their first step, as-is first, then to-be."""
    lanes = {}
    for steps in variants:
        for step in _ordered(steps):
            lanes.setdefault(step.organisation_id, step.organisation)
    return lanes


def _meta(step):
    parts = []
    if step.legal_domain_id:
        parts.append(step.legal_domain.code)
    if step.typical_days is not None:
        parts.append(
            ngettext("%(n)s Tag", "%(n)s Tage", step.typical_days) % {"n": step.typical_days}
        )
    return " · ".join(parts)


@dataclass
class _Content:
    title: list[str]
    office: list[str]
    meta: str
    alert: str


def _content(step):
    office = step.office.name if step.office_id else ""
    return _Content(
        title=wrap(step.title, TITLE_CHARS, TITLE_LINES),
        office=wrap(office, SMALL_CHARS, OFFICE_LINES) if office else [],
        meta=_meta(step),
        alert="⚠ " + _("Bruchstelle") if step.is_break_point else "",
    )


@dataclass
class _Metrics:
    """Room in a box for each kind of line: the most any step of both variants needs."""

    title: int
    office: int
    meta: int
    alert: int

    @property
    def box_height(self):
        return (
            2 * PAD
            + self.title * LINE
            + (self.office + self.meta) * SMALL_LINE
            + self.alert * LINE
            + 4  # room for the descenders of the last line
        )


def _metrics(contents):
    return _Metrics(
        title=max((len(c.title) for c in contents), default=1),
        office=max((len(c.office) for c in contents), default=0),
        meta=int(any(c.meta for c in contents)),
        alert=int(any(c.alert for c in contents)),
    )


def _box_lines(content, x, y, metrics):
    """The text lines of a box; each kind of line has the same place in every box."""
    left = x + PAD
    first = y + PAD + 12  # baseline of the first title line
    lines = [TextLine(t, left, first + i * LINE, "title") for i, t in enumerate(content.title)]
    base = first + (metrics.title - 1) * LINE
    lines += [
        TextLine(t, left, base + (i + 1) * SMALL_LINE, "small")
        for i, t in enumerate(content.office)
    ]
    base += metrics.office * SMALL_LINE
    if metrics.meta:
        base += SMALL_LINE
        if content.meta:
            lines.append(TextLine(content.meta, left, base, "small"))
    if content.alert:
        lines.append(TextLine(content.alert, left, base + LINE, "alert"))
    return lines


def _description(step):
    parts = [f"{step.position}. {step.title}", str(step.organisation)]
    if step.office_id:
        parts.append(step.office.name)
    meta = _meta(step)
    if meta:
        parts.append(meta)
    if step.is_break_point:
        parts.append(_("Bruchstelle: %(note)s") % {"note": step.break_point_note})
    return " – ".join(parts)


def _lanes(organisations, lane_height):
    lanes = []
    for index, (key, organisation) in enumerate(organisations.items()):
        y = MARGIN + index * lane_height
        texts = wrap(str(organisation), LABEL_CHARS, LABEL_LINES)
        first = y + lane_height / 2 - (len(texts) - 1) * LINE / 2 + 4
        lines = [TextLine(text, 6, first + i * LINE, "label") for i, text in enumerate(texts)]
        lanes.append(Lane(key, str(organisation), y, lane_height, lines, bool(index % 2)))
    return lanes


def _arrow(source, target):
    x1, y1 = source.x + source.w, source.cy
    x2, y2 = target.x, target.cy
    if y1 == y2:
        return f"M {x1:g} {y1:g} H {x2:g}"
    middle = x1 + (x2 - x1) / 2
    return f"M {x1:g} {y1:g} H {middle:g} V {y2:g} H {x2:g}"


def _place_mark(box, label, status):
    box.mark, box.mark_status = label, status
    box.mark_w = 12 + 6.5 * len(label)
    box.mark_x = box.x + box.w - box.mark_w - 6


def layout(steps, organisations, metrics, marks=None):
    """Lay out one variant. ``organisations`` (id -> organisation, in lane order) and ``metrics``
    come from both variants (``chain_diagrams``); ``marks`` maps a step's pk to (status, label)
    from the comparison."""
    marks = marks or {}
    box_height = metrics.box_height
    lane_height = box_height + 2 * LANE_PAD
    lanes = _lanes(organisations, lane_height)
    lane_index = {lane.key: i for i, lane in enumerate(lanes)}
    boxes = []
    for column, step in enumerate(_ordered(steps)):
        lane = lane_index[step.organisation_id]
        x = LABEL_WIDTH + GAP / 2 + column * (BOX_WIDTH + GAP)
        y = lanes[lane].y + LANE_PAD
        box = Box(
            step=step,
            number=step.position,
            column=column,
            lane=lane,
            x=x,
            y=y,
            w=BOX_WIDTH,
            h=box_height,
            lines=_box_lines(_content(step), x, y, metrics),
            is_break_point=step.is_break_point,
            description=_description(step),
        )
        if step.pk in marks:
            _place_mark(box, marks[step.pk][1], marks[step.pk][0])
        boxes.append(box)
    arrows = [Arrow(a, b, _arrow(a, b)) for a, b in pairwise(boxes)]
    columns = max(len(boxes), 1)
    width = LABEL_WIDTH + columns * (BOX_WIDTH + GAP)
    height = MARGIN * 2 + len(lanes) * lane_height
    return Diagram(width=width, height=height, lanes=lanes, boxes=boxes, arrows=arrows)


MARK_LABELS = {
    "added": lambda: _("neu"),
    "changed": lambda: _("geändert"),
    "removed": lambda: _("entfällt"),
    "moved": lambda: _("verschoben"),
}


def moves(rows):
    """Steps that only moved: ``chains.compare`` aligns the two variants in order, so a step
    that moved shows up as removed at its old place and added at its new one (same institution,
    same title). Returns {pk of the as-is step: the to-be step}."""
    removed = {}
    for row in rows:
        if row.status == "removed":
            removed.setdefault(step_key(row.as_is), []).append(row.as_is)
    pairs = {}
    for row in rows:
        if row.status == "added" and removed.get(step_key(row.to_be)):
            pairs[removed[step_key(row.to_be)].pop(0).pk] = row.to_be
    return pairs


def marks_from_comparison(rows):
    """Which boxes to tag after ``chains.compare``: dropped steps in the as-is, new and changed
    ones in the to-be, moved ones in both (a word as well as a colour)."""
    moved = moves(rows)
    moved_to = {step.pk for step in moved.values()}
    as_is, to_be = {}, {}
    for row in rows:
        if row.status == "removed":
            status = "moved" if row.as_is.pk in moved else "removed"
            as_is[row.as_is.pk] = (status, MARK_LABELS[status]())
        elif row.status in ("added", "changed"):
            status = "moved" if row.to_be.pk in moved_to else row.status
            to_be[row.to_be.pk] = (status, MARK_LABELS[status]())
    return as_is, to_be


def chain_diagrams(as_is, to_be, rows=None):
    """Both variants with the same lanes (institutions in order of first appearance across both)
    and boxes of the same size; ``rows`` from ``chains.compare`` tag the differences."""
    as_is, to_be = list(as_is), list(to_be)
    organisations = lane_order(as_is, to_be)
    metrics = _metrics([_content(s) for s in as_is + to_be])
    as_is_marks, to_be_marks = marks_from_comparison(rows) if rows else ({}, {})
    return (
        layout(as_is, organisations, metrics, as_is_marks),
        layout(to_be, organisations, metrics, to_be_marks),
    )
