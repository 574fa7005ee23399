"""counted_page: the page and its count from one query, the same Page as Django's Paginator
(number, count, pages, neighbours); a page past the end gives the last page, bad input the
first (issue #12)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kim.cases.models import Client
from kim.cases.tests.factories import ClientFactory
from kim.core.pagination import counted_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients():
    for n in range(7):
        ClientFactory(last_name=f"Name{n}")
    return Client.objects.order_by("last_name", "pk")


@pytest.mark.parametrize(
    "raw", ["1", "2", "3", None, "", "x", "-4", "0", "99", "99999999999999999999999"]
)
def test_same_page_as_djangos_paginator(clients, raw):
    ours = counted_page(clients, raw, 3)
    django = Paginator(clients, 3).get_page(raw)
    assert ours.number == django.number
    assert list(ours.object_list) == list(django.object_list)
    assert ours.paginator.count == 7
    assert ours.paginator.num_pages == 3
    assert (ours.has_next(), ours.has_previous()) == (django.has_next(), django.has_previous())
    assert (ours.start_index(), ours.end_index()) == (django.start_index(), django.end_index())


def test_one_query_for_page_and_count(clients):
    with CaptureQueriesContext(connection) as captured:
        page = counted_page(clients, "2", 3)
        assert len(page.object_list) == 3
    assert len(captured.captured_queries) == 1


def test_nothing_found():
    page = counted_page(Client.objects.order_by("pk"), "1", 3)
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])
