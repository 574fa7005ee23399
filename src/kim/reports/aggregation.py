"""Counts per category and their total in one pass over the data (issue #12).

A figure of a report is a breakdown (rows per category) and its total, each with the number of
rows and of distinct persons. The total cannot be added up from the rows (a person can be in two
categories), so it used to be a second query over the same hundreds of thousands of rows. On
PostgreSQL ``GROUP BY GROUPING SETS ((key), ())`` gives both from one scan; other databases (the
SQLite of the demo) get the two queries.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count


@dataclass(frozen=True)
class Counts:
    rows: int = 0
    persons: int = 0


def counts_by(queryset, key, person=None):
    """``({key value: Counts}, total Counts)`` of ``queryset`` grouped by ``key`` (a field path
    or an annotation of the queryset). ``person`` is the path of the person counted distinctly
    (e.g. ``"client"``, ``"case__client"``); without it persons are 0.

    The key values come from the database as they are stored (ids, texts): not for keys that
    Django converts when reading (encrypted, JSON, country fields)."""
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        aggregates = {"n": Count("pk")}
        if person is not None:
            aggregates["p"] = Count(person, distinct=True)
        groups = {
            row[key]: Counts(row["n"], row.get("p", 0))
            for row in queryset.values(key).annotate(**aggregates)
        }
        total = queryset.aggregate(**aggregates)
        return groups, Counts(total["n"], total.get("p") or 0)
    inner = queryset.values_list(key, person or "pk")
    try:
        sql, params = inner.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # e.g. a filter on an empty list: nothing to count
        return {}, Counts()
    persons = "count(DISTINCT p)" if person is not None else "0"
    statement = (
        f"SELECT k, GROUPING(k), count(*), {persons} FROM ({sql}) AS figures(k, p) "
        "GROUP BY GROUPING SETS ((k), ())"
    )
    groups, total = {}, Counts()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for value, is_total, rows, distinct in cursor.fetchall():
            if is_total:
                total = Counts(rows, distinct)
            else:
                groups[value] = Counts(rows, distinct)
    return groups, total


def counts_by_pair(queryset, first, second, person):
    """``({(first value, second value): Counts}, {first value: Counts})`` of ``queryset``: the
    breakdown by two keys and by the first alone, with distinct ``person`` counts (which cannot be
    added up from the pairs), from one scan on PostgreSQL (``GROUPING SETS ((a, b), (a))``; the
    needs of the dashboard by life domain and level, read from five million assessment entries
    at state scale). Other databases get two queries. Key values as in ``counts_by``."""
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        aggregates = {"n": Count("pk"), "p": Count(person, distinct=True)}
        pairs = {
            (row[first], row[second]): Counts(row["n"], row["p"])
            for row in queryset.values(first, second).annotate(**aggregates)
        }
        singles = {
            row[first]: Counts(row["n"], row["p"])
            for row in queryset.values(first).annotate(**aggregates)
        }
        return pairs, singles
    inner = queryset.values_list(first, second, person)
    try:
        sql, params = inner.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return {}, {}
    statement = (
        f"SELECT a, b, GROUPING(b), count(*), count(DISTINCT p) FROM ({sql}) AS figures(a, b, p) "
        "GROUP BY GROUPING SETS ((a, b), (a))"
    )
    pairs, singles = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for a, b, first_only, rows, distinct in cursor.fetchall():
            if first_only:
                singles[a] = Counts(rows, distinct)
            else:
                pairs[(a, b)] = Counts(rows, distinct)
    return pairs, singles
