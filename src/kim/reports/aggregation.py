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
    persons = "count(DISTINCT p)" if person is not None else "0"
    groups, total = {}, Counts()
    for value, is_total, rows, distinct in _grouping_sets(
        queryset,
        {"k": key, "p": person or "pk"},
        f"k, GROUPING(k), count(*), {persons}",
        "(k), ()",
    ):
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
    pairs, singles = {}, {}
    for a, b, first_only, rows, distinct in _grouping_sets(
        queryset,
        {"a": first, "b": second, "p": person},
        "a, b, GROUPING(b), count(*), count(DISTINCT p)",
        "(a, b), (a)",
    ):
        if first_only:
            singles[a] = Counts(rows, distinct)
        else:
            pairs[(a, b)] = Counts(rows, distinct)
    return pairs, singles


def _grouping_sets(queryset, columns, select, sets):
    """The rows of ``SELECT <select> FROM (<queryset's columns>) GROUP BY GROUPING SETS (<sets>)``
    on PostgreSQL. ``columns`` names each field path of the queryset for ``select`` and ``sets``
    (``{"k": "life_domain", "p": "case__client"}``). No rows when the queryset cannot match
    anything (a filter on an empty list)."""
    inner = queryset.values_list(*columns.values())
    try:
        sql, params = inner.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return []
    statement = (
        f"SELECT {select} FROM ({sql}) AS figures({', '.join(columns)}) "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
