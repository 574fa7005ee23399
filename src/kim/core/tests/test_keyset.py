"""Keyset pagination (kim.core.keyset): pages follow each other through the sort key and the
primary key, also where many rows share a date; links forward and back; a broken link leads to
the first page with a message. Tested on cases, the list it serves."""

import datetime

import pytest
from django.http import QueryDict

from kim.cases.models import Case
from kim.cases.tests.factories import CaseFactory
from kim.core import keyset

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def page_of(params=""):
    ordered = Case.objects.order_by("-opened_on", "-pk")
    return keyset.paginate(ordered, QueryDict(params), key="opened_on", per_page=3)


def params(link):
    return "&".join(f"{k}={v}" for k, v in link.items() if v is not None)


def test_pages_walk_through_rows_of_one_day_without_gaps_or_repeats():
    same_day = [CaseFactory(opened_on=DAY) for _ in range(5)]
    older = CaseFactory(opened_on=DAY - datetime.timedelta(days=1))
    expected = [c.pk for c in sorted(same_day, key=lambda c: -c.pk)] + [older.pk]
    first = page_of()
    second = page_of(params(first.next_params))
    assert first.object_list + second.object_list == expected
    assert (first.number, second.number, first.count, first.num_pages) == (1, 2, 6, 2)
    assert not first.has_previous and first.has_next
    assert second.has_previous and not second.has_next
    assert (second.start_index, second.end_index) == (4, 6)


def test_previous_page_is_the_page_before():
    for days in range(7):
        CaseFactory(opened_on=DAY - datetime.timedelta(days=days))
    first = page_of()
    second = page_of(params(first.next_params))
    third = page_of(params(second.next_params))
    assert third.object_list and third.number == 3
    back = page_of(params(third.previous_params))
    assert back.object_list == second.object_list and back.number == 2
    again = page_of(params(back.previous_params))
    assert again.object_list == first.object_list and again.number == 1
    assert not again.has_previous


@pytest.mark.parametrize(
    "query",
    ["after=2026-13-01.5", "after=2026-03-01", "before=x.y", "after=2026-03-01.-4", "after=.5"],
)
def test_a_broken_link_gives_the_first_page_and_a_message(query):
    CaseFactory(opened_on=DAY)
    page = page_of(query + "&page=7")
    assert page.number == 1
    assert len(page.object_list) == 1
    assert page.error.startswith("Die Seitenangabe im Link ist ungültig")


def test_a_link_past_the_end_gives_the_first_page():
    case = CaseFactory(opened_on=DAY)
    page = page_of(f"after={(DAY - datetime.timedelta(days=9)).isoformat()}.1&page=4")
    assert page.object_list == [case.pk]
    assert page.number == 1 and page.error == ""


def test_no_rows():
    page = page_of()
    assert page.object_list == [] and page.count == 0 and page.num_pages == 1
    assert not page.has_other_pages


def test_with_a_count_limit_a_longer_list_is_counted_as_more_than_the_limit():
    for days in range(5):
        CaseFactory(opened_on=DAY - datetime.timedelta(days=days))
    ordered = Case.objects.order_by("-opened_on", "-pk")
    capped = keyset.paginate(ordered, QueryDict(""), key="opened_on", per_page=3, count_limit=4)
    assert (capped.count, capped.count_is_lower_bound) == (4, True)
    exact = keyset.paginate(ordered, QueryDict(""), key="opened_on", per_page=3, count_limit=5)
    assert (exact.count, exact.count_is_lower_bound) == (5, False)


def test_a_page_number_of_thousands_of_digits_is_no_error():
    CaseFactory(opened_on=DAY)
    page = page_of(f"after={DAY.isoformat()}.999999&page={'9' * 5000}")
    assert page.number == 1


def test_after_and_before_together_follow_after_without_a_message():
    cases = [CaseFactory(opened_on=DAY - datetime.timedelta(days=d)) for d in range(4)]
    page = page_of(f"after={DAY.isoformat()}.{cases[0].pk}&before=kaputt&page=2")
    assert page.error == ""
    assert page.object_list == [c.pk for c in cases[1:4]]
