"""Page-number pagination whose count comes with the page's rows (issue #12).

Django's ``Paginator`` counts the rows in one query and reads the page in a second. For a search
whose filter is the expensive part (the client search over trigram indexes of a million names)
that evaluates the filter twice. ``counted_page`` reads the page with ``COUNT(*) OVER ()``: the
same ``Page`` (number, ``paginator.count``, ``num_pages``, next and previous), from one query.
Only when the page is past the end (a stale link) or below 1 does it count separately and show
the last page, as ``Paginator.get_page`` does.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "_page_total"
MAX_PAGE = 10**8


class _Counted:
    """What a ``Paginator`` needs of its list when the count is already known."""

    def __init__(self, total):
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total


def _number(raw):
    """The page asked for, as ``Paginator.get_page`` reads it: not a number gives the first page,
    a number below 1 the last (None stands for the last)."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    # beyond any list (and beyond what the database's OFFSET takes): past the end
    return number if 1 <= number <= MAX_PAGE else None


def counted_page(queryset, raw_number, per_page):
    """``Paginator(queryset, per_page).get_page(raw_number)`` in one query (an ordered
    ``queryset``; its prefetches apply to the page's rows). The window counts the rows of the
    query: not for a ``distinct()`` queryset or one whose joins repeat rows."""
    number = _number(raw_number)
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})
    rows = []
    if number is not None:
        rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        total = getattr(rows[0], TOTAL)
    else:
        total = queryset.count()
        if total and number != 1:  # past the end, or below 1: the last page
            number = -(-total // per_page)
            rows = list(counted[(number - 1) * per_page : number * per_page])
        else:
            number = 1
    paginator = Paginator(_Counted(total), per_page)
    return Page(rows, number, paginator)
