"""The indicators computed several at once (KIM_REPORT_QUERY_THREADS > 1, each thread on its own
database connection) give the same tables in the same order as one after the other, in the
caller's language, and report their progress for every indicator."""

import datetime

import pytest
from django.utils import timezone, translation

from kim.cases.tests.factories import CaseFactory, ContactFactory
from kim.core.tests.reference_data import ensure_reference_lists
from kim.reports.indicators import INDICATORS, evaluate_all
from kim.reports.scope import ReportScope

pytestmark = pytest.mark.django_db(transaction=True)


def figures(tables):
    return [
        (t.indicator.code, [(r.code, r.label, r.value, r.persons) for r in [*t.rows, t.total]])
        for t in tables
    ]


def test_threads_give_the_same_tables_as_one_after_the_other(settings):
    ensure_reference_lists()
    today = timezone.localdate()
    for days in range(6):
        case = CaseFactory(opened_on=today - datetime.timedelta(days=days))
        ContactFactory(case=case, contact_on=today)
    scope = ReportScope(start=today.replace(month=1, day=1), end=today)
    settings.KIM_REPORT_QUERY_THREADS = 1
    with translation.override("en"):
        alone = evaluate_all(scope)
        settings.KIM_REPORT_QUERY_THREADS = 2
        steps = []
        together = evaluate_all(scope, progress=lambda done, total: steps.append((done, total)))
    assert figures(together) == figures(alone)
    assert sum(t.total.value for t in together) > 0  # there was something to count
    assert steps == [(n, len(INDICATORS)) for n in range(1, len(INDICATORS) + 1)]
    # the labels were made in the caller's language, not the default German
    assert together[0].total.label == alone[0].total.label == "in total"
