"""counts_by: rows and distinct persons per category and in total from one pass; a real empty
category (NULL) is not mistaken for the total; an empty queryset counts nothing. counts_by_pair:
per pair of keys and per first key, persons counted once per first key."""

import pytest

from kim.cases.models import Case
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.reports.aggregation import Counts, counts_by, counts_by_pair

pytestmark = pytest.mark.django_db


def test_rows_and_persons_per_category_and_in_total():
    person = ClientFactory()
    CaseFactory(client=person, access_channel="self")
    CaseFactory(client=person, access_channel="jobcenter")
    CaseFactory(access_channel="self")
    groups, total = counts_by(Case.objects.all(), "access_channel", "client")
    assert groups == {"self": Counts(2, 2), "jobcenter": Counts(1, 1)}
    assert total == Counts(3, 2)  # the person with two cases counts once


def test_a_null_category_is_not_the_total():
    CaseFactory(closure_reason="")
    groups, total = counts_by(Case.objects.all(), "closed_on", "client")
    assert groups == {None: Counts(1, 1)}
    assert total == Counts(1, 1)


def test_without_persons_only_rows():
    CaseFactory()
    _groups, total = counts_by(Case.objects.all(), "phase")
    assert total == Counts(1, 0)


def test_an_empty_queryset_counts_nothing():
    CaseFactory()
    assert counts_by(Case.objects.filter(pk__in=[]), "phase", "client") == ({}, Counts())


def test_pairs_and_first_key_with_persons_counted_once():
    person = ClientFactory()
    CaseFactory(client=person, access_channel="self", phase="intake")
    CaseFactory(client=person, access_channel="self", phase="assessment")
    CaseFactory(access_channel="self", phase="intake")
    CaseFactory(access_channel="jobcenter", phase="intake")
    pairs, singles = counts_by_pair(Case.objects.all(), "access_channel", "phase", "client")
    assert pairs == {
        ("self", "intake"): Counts(2, 2),
        ("self", "assessment"): Counts(1, 1),
        ("jobcenter", "intake"): Counts(1, 1),
    }
    # the person with a case in two phases counts once for "self"
    assert singles == {"self": Counts(3, 2), "jobcenter": Counts(1, 1)}


def test_pairs_of_an_empty_queryset():
    CaseFactory()
    assert counts_by_pair(Case.objects.filter(pk__in=[]), "phase", "access_channel", "client") == (
        {},
        {},
    )
