"""As-is and to-be of a service chain side by side: which steps stayed, changed, were dropped or
added. Pure functions over step objects (or anything with the same attributes)."""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

# what a reader compares of a step that stayed (same institution, same title)
COMPARED = (
    "office_id",
    "legal_domain_id",
    "client_task",
    "institution_task",
    "typical_days",
    "is_break_point",
    "break_point_note",
)


@dataclass
class Row:
    status: str  # "same", "changed", "removed", "added"
    as_is: object = None
    to_be: object = None
    changed: list[str] = field(default_factory=list)


def _key(step):
    return (step.organisation_id, " ".join(step.title.casefold().split()))


def compare(as_is_steps, to_be_steps):
    """Align the two variants in order; a step is 'the same step' when institution and title
    match; then its other attributes are compared field by field."""
    a, b = list(as_is_steps), list(to_be_steps)
    matcher = SequenceMatcher(a=[_key(s) for s in a], b=[_key(s) for s in b], autojunk=False)
    rows = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for old, new in zip(a[i1:i2], b[j1:j2], strict=True):
                changed = [f for f in COMPARED if getattr(old, f) != getattr(new, f)]
                rows.append(Row("changed" if changed else "same", old, new, changed))
            continue
        rows.extend(Row("removed", as_is=s) for s in a[i1:i2])
        rows.extend(Row("added", to_be=s) for s in b[j1:j2])
    return rows


def total_days(steps):
    """The typical duration of a chain: the sum of its steps' typical days (unknown ones left
    out) and how many are unknown."""
    known = [s.typical_days for s in steps if s.typical_days is not None]
    return sum(known), len(steps) - len(known)
