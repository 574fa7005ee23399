"""Small-cell suppression for everything that leaves the case-management team (issue #8).

A cell is a figure with the number of persons behind it. Cells of 1 to 4 persons are shown as
"<5" (primary suppression); 0 is shown. Where a group of cells is published with its total, one
suppressed cell could be computed back from the total and the others: then the smallest other
cell of the group is suppressed too (secondary suppression), and a total of 1 to 4 persons is
itself suppressed.
"""

from dataclasses import dataclass

MIN_PERSONS = 5
SUPPRESSED = "<5"


@dataclass
class Cell:
    label: str
    value: float | int | None
    persons: int
    suppressed: bool = False

    @property
    def shown(self):
        """What a report prints: the value, or "<5"."""
        return SUPPRESSED if self.suppressed else self.value


def is_small(persons):
    return 0 < persons < MIN_PERSONS


def suppress(cells, total=None):
    """Suppress the cells of one group in place (and the total cell, if given); returns them.

    ``total`` is the group's total as a Cell, or None when no total is published. Cells must
    partition the total (every person in at most one cell) for the secondary rule to be needed.
    """
    for cell in cells:
        cell.suppressed = is_small(cell.persons)
    if total is not None:
        total.suppressed = is_small(total.persons)
        hidden = [c for c in cells if c.suppressed]
        if len(hidden) == 1 and not total.suppressed:
            candidates = sorted(
                (c for c in cells if not c.suppressed and c.persons > 0),
                key=lambda c: (c.persons, c.label),
            )
            if candidates:
                candidates[0].suppressed = True
            else:
                total.suppressed = True
    return cells
