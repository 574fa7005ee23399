"""Keyset pagination ("weiter ab …") for long lists, such as the case list (issue #12).

A page number with ``OFFSET`` makes the database read and throw away every row before the page:
page 20 of a list costs twenty pages. Here a page link carries the sort key of the last (or first)
row shown, and the next page starts there through the index: every page costs the same, and a
list that grows while someone pages through it neither repeats nor skips a row.

The list must be ordered by one field and the primary key, both descending (``-opened_on,
-pk``). The link carries ``after=<value>.<pk>`` (next page) or ``before=<value>.<pk>`` (previous
page) and the page number for display (``page``). A cursor that cannot be read leads to the first
page with a message; a page number that does not match the cursor only changes the display.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

AFTER, BEFORE, PAGE = "after", "before", "page"


def _encode(value, pk):
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return f"{value}.{pk}"


def _decode(raw, parse):
    """(value, pk) from ``raw``, or None. ``parse`` turns the text into the field's value."""
    text, dot, pk = (raw or "").rpartition(".")
    if not dot or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        return None
    try:
        value = parse(text)
    except (TypeError, ValueError):
        return None
    return value, int(pk)


@dataclass
class KeysetPage:
    object_list: list
    count: int
    number: int
    per_page: int
    next_params: dict | None = None
    previous_params: dict | None = None
    error: str = ""
    count_is_lower_bound: bool = False  # more rows than counted ("mehr als …")

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def fill(self, queryset):
        """Replace the page's primary keys by their rows from ``queryset`` (one query), in the
        page's order; a row deleted meanwhile is left out. Returns the rows."""
        rows = queryset.in_bulk(self.object_list)
        self.object_list = [rows[pk] for pk in self.object_list if pk in rows]
        return self.object_list

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))

    @property
    def has_next(self):
        return self.next_params is not None

    @property
    def has_previous(self):
        return self.previous_params is not None

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self):
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0


def paginate(
    queryset, params, *, key, per_page, parse=datetime.date.fromisoformat, count_limit=None
):
    """One page of ``queryset`` (ordered by ``-key, -pk``) as a ``KeysetPage`` of primary keys
    and sort values; the caller loads the rows of the page with ``KeysetPage.fill``.

    ``params`` are the request's GET parameters; ``parse`` reads the key's value from a link.
    With ``count_limit`` the rows are counted only up to that number ("mehr als 2.000"), so that
    the count costs the same however long the list is.
    """
    error = ""
    after = before = None
    if params.get(AFTER):
        after = _decode(params[AFTER], parse)
        broken = after is None
    elif params.get(BEFORE):
        before = _decode(params[BEFORE], parse)
        broken = before is None
    else:
        broken = False
    if broken:
        error = _("Die Seitenangabe im Link ist ungültig. Es wird die erste Seite gezeigt.")
    raw_number = params.get(PAGE, "")
    valid = raw_number.isascii() and raw_number.isdigit() and len(raw_number) <= 9
    number = int(raw_number) if valid else 1
    number = max(1, number) if (after or before) else 1

    rows = queryset.values_list(key, "pk")
    if after is not None:
        value, pk = after
        page = list(
            rows.filter(**{f"{key}__lte": value}).filter(Q(**{f"{key}__lt": value}) | Q(pk__lt=pk))[
                : per_page + 1
            ]
        )
        more_after, more_before = len(page) > per_page, True
        page = page[:per_page]
    elif before is not None:
        value, pk = before
        page = list(
            rows.filter(**{f"{key}__gte": value})
            .filter(Q(**{f"{key}__gt": value}) | Q(pk__gt=pk))
            .reverse()[: per_page + 1]
        )
        more_before, more_after = len(page) > per_page, True
        page = page[:per_page][::-1]
        if not more_before:
            number = 1
    else:
        page = list(rows[: per_page + 1])
        more_after, more_before = len(page) > per_page, False
        page = page[:per_page]
    if not page:
        # past either end (rows were closed or deleted meanwhile): the first page
        page = list(rows[: per_page + 1])
        more_after, more_before, number = len(page) > per_page, False, 1
        page = page[:per_page]

    if count_limit is None:
        count, capped = queryset.count(), False
    else:
        count = queryset.order_by()[: count_limit + 1].count()  # no ORDER BY: any 2,001 rows
        capped = count > count_limit
        count = min(count, count_limit)
    result = KeysetPage(
        object_list=[pk for _value, pk in page],
        count=count,
        count_is_lower_bound=capped,
        number=number,
        per_page=per_page,
        error=error,
    )
    if page and more_after:
        result.next_params = {AFTER: _encode(*page[-1]), BEFORE: None, PAGE: number + 1}
    if page and more_before:
        previous = {BEFORE: _encode(*page[0]), AFTER: None, PAGE: max(1, number - 1)}
        result.previous_params = previous
    return result
