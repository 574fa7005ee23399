"""The state controlling figures of a period: the same indicator set and the same suppression as
the report page (``kim.reports.indicators``), for coordination only; bad periods are 400."""

import datetime

import pytest

from kim.cases.tests.factories import CaseFactory, ContactFactory
from kim.reports.indicators import INDICATORS, evaluate_all
from kim.reports.scope import ReportScope

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
URL = "/api/v1/controlling/"


@pytest.fixture
def figures(case_manager):
    for day in (5, 6, 7):
        case = CaseFactory(case_manager=case_manager, opened_on=datetime.date(2025, 2, day))
        ContactFactory(case=case, contact_on=datetime.date(2025, 3, day))


def test_coordination_gets_every_indicator_as_on_the_report(api, figures):
    response = api("coordinator").get(URL, PERIOD)
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == {"start": "2025-01-01", "end": "2025-06-30", "filters": "keine"}
    assert [i["code"] for i in body["indicators"]] == [i.code for i in INDICATORS]
    expected = evaluate_all(ReportScope(start=START, end=END))
    for table, indicator in zip(expected, body["indicators"], strict=True):
        assert [r["value"] for r in indicator["rows"]] == [r.shown for r in table.rows]
        assert indicator["total"]["value"] == table.total.shown
        assert indicator["definition"]


def test_small_cells_are_suppressed(api, figures):
    body = api("coordinator").get(URL, PERIOD).json()
    new_cases = next(i for i in body["indicators"] if i["code"] == "neue_faelle")
    # three new cases of three persons: "<5", never the number
    assert new_cases["total"] == {
        "code": "insgesamt",
        "label": "insgesamt",
        "value": "<5",
        "suppressed": True,
    }
    assert "<5" in body["suppression_note"]


def test_filters_of_the_report(api, figures, case_manager):
    query = {**PERIOD, "case_manager": case_manager.pk, "gender": "female"}
    body = api("coordinator").get(URL, query).json()
    assert "weiblich" in body["scope"]["filters"]


@pytest.mark.parametrize(
    "role",
    ["case_manager", "steering_member", "external_partner", "auditor", "administrator"],
)
def test_other_roles_get_403(api, figures, role):
    assert api(role).get(URL, PERIOD).status_code == 403


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": ""}, "start", "Bitte geben Sie den Beginn des Zeitraums an."),
        ({"end": "2024-12-31"}, "end", "nicht vor dem Beginn"),
        ({"start": "31.01.2025"}, "start", "JJJJ-MM-TT"),
        ({"start": "2025-02-30"}, "start", "gültiges Datum"),
        ({"start": "0001-01-01"}, "start", "zwischen 01.01.1900 und 31.12.2200"),
        ({"gender": "m"}, "gender", "Diesen Wert gibt es nicht."),
    ],
)
def test_bad_period_or_filter_is_400(api, query, field, message):
    response = api("coordinator").get(URL, {**PERIOD, **query})
    assert response.status_code == 400
    errors = {e["field"]: e["detail"] for e in response.json()["errors"]}
    assert field in errors
    assert message in errors[field]


def test_missing_period_names_both_fields(api):
    response = api("coordinator").get(URL)
    assert {e["field"] for e in response.json()["errors"]} == {"start", "end"}
