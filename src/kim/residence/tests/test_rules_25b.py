"""§ 25b AufenthG, criterion by criterion at its boundaries, in the version in force on the day
of the check (8/6 years until 30.12.2022, 6/4 years from 31.12.2022)."""

import datetime
from dataclasses import replace

import pytest

from kim.residence.checks import Status
from kim.residence.facts import Certificate, Facts, Period

from .conftest import day

MET, LATER, NOT_MET, MISSING = Status.MET, Status.MET_LATER, Status.NOT_MET, Status.MISSING

BASE = Facts(
    date_of_birth=datetime.date(1985, 4, 2),
    periods=(
        Period("gestattung", day("2018-01-10"), day("2019-12-31")),
        Period("duldung", day("2020-01-01")),
    ),
    certificates=(Certificate("A2", day("2023-05-05"), skills="oral"),),
    identity_clarified="yes",
    commitment_declared="yes",
    relevant_convictions="no",
    lives_with_minor_child="no",
    children_school_attendance="not_applicable",
    livelihood="mostly_by_work",
    orientation_test_passed_on=day("2024-02-02"),
)


def since(start, status="duldung", legal_basis=""):
    return (Period(status, day(start), legal_basis=legal_basis),)


@pytest.mark.parametrize(
    ("periods", "child", "on", "status", "met_from"),
    [
        pytest.param(since("2020-03-01"), "no", "2026-02-28", LATER, "2026-03-01", id="6y-1d"),
        pytest.param(since("2020-03-01"), "no", "2026-03-01", MET, None, id="6y"),
        pytest.param(
            since("2022-03-01"), "yes", "2026-02-28", LATER, "2026-03-01", id="child-4y-1d"
        ),
        pytest.param(since("2022-03-01"), "yes", "2026-03-01", MET, None, id="child-4y"),
        pytest.param(since("2022-03-01"), "unknown", "2026-03-01", MISSING, None, id="child?"),
        pytest.param(since("2022-03-01"), "no", "2026-03-01", LATER, "2028-03-01", id="no-child"),
        pytest.param(since("2020-02-29"), "no", "2026-02-28", LATER, "2026-03-01", id="leap-1d"),
        pytest.param(since("2020-02-29"), "no", "2026-03-01", MET, None, id="leap"),
        # the old law: 8 years, 6 with a child, until 30.12.2022
        pytest.param(since("2016-01-01"), "no", "2022-12-30", LATER, "2024-01-01", id="2015-8y"),
        pytest.param(since("2016-01-01"), "no", "2022-12-31", MET, None, id="2022-6y"),
        pytest.param(since("2017-01-01"), "yes", "2022-12-30", LATER, "2023-01-01", id="2015-6y"),
        pytest.param(since("2018-12-31"), "yes", "2022-12-31", MET, None, id="2022-4y"),
        # a gap interrupts: the time counts again from the new start
        pytest.param(
            (
                Period("gestattung", day("2012-01-01"), day("2019-12-31")),
                Period("duldung", day("2020-03-01")),
            ),
            "no",
            "2026-03-01",
            MET,
            None,
            id="gap-6y",
        ),
        pytest.param(
            (
                Period("gestattung", day("2012-01-01"), day("2019-12-31")),
                Period("duldung", day("2020-03-02")),
            ),
            "no",
            "2026-03-01",
            LATER,
            "2026-03-02",
            id="gap-6y-1d",
        ),
        pytest.param((), "no", "2026-03-01", MISSING, None, id="no-periods"),
        pytest.param(
            (Period("duldung", day("2015-01-01"), day("2025-12-31")),),
            "no",
            "2026-03-01",
            MISSING,
            None,
            id="ended",
        ),
    ],
)
def test_residence_period(check, periods, child, on, status, met_from):
    facts = replace(BASE, periods=periods, lives_with_minor_child=child)
    outcome = check("25b", facts, on, "residence_period")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("periods", "on", "status"),
    [
        pytest.param(since("2020-01-01"), "2026-03-01", MET, id="duldung"),
        pytest.param(
            since("2024-07-01", "aufenthaltserlaubnis", "§ 104c AufenthG"),
            "2026-03-01",
            MET,
            id="104c",
        ),
        pytest.param(
            since("2022-07-01", "aufenthaltserlaubnis", "§ 104c AufenthG"),
            "2022-12-30",
            NOT_MET,
            id="104c-old-law",
        ),
        pytest.param(since("2020-01-01", "gestattung"), "2026-03-01", NOT_MET, id="gestattung"),
        pytest.param(
            since("2020-01-01", "aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG"),
            "2026-03-01",
            NOT_MET,
            id="other-permit",
        ),
    ],
)
def test_status(check, periods, on, status):
    assert check("25b", replace(BASE, periods=periods), on, "status").status == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("secured", MET),
        ("mostly_by_work", MET),
        ("partly", NOT_MET),
        ("not_secured", NOT_MET),
        ("unknown", MISSING),
    ],
)
def test_livelihood_mostly_by_work(check, value, status):
    assert (
        check("25b", replace(BASE, livelihood=value), "2026-03-01", "livelihood").status == status
    )


@pytest.mark.parametrize(
    ("certificates", "status"),
    [
        pytest.param((Certificate("A2", day("2023-01-01"), skills="oral"),), MET, id="A2-oral"),
        pytest.param((Certificate("B1", day("2023-01-01")),), MET, id="B1"),
        pytest.param((Certificate("A1", day("2023-01-01")),), NOT_MET, id="A1"),
        pytest.param((Certificate("B1", day("2023-01-01"), language="en"),), MISSING, id="english"),
        pytest.param((Certificate("A2", day("2026-03-02")),), MISSING, id="issued-later"),
        pytest.param((Certificate("A2", day("2026-03-01")),), MET, id="issued-on-the-day"),
        pytest.param((), MISSING, id="none"),
    ],
)
def test_oral_german_a2(check, certificates, status):
    facts = replace(BASE, certificates=certificates)
    assert check("25b", facts, "2026-03-01", "german").status == status


@pytest.mark.parametrize(
    ("orientation", "course", "status"),
    [
        ("2024-02-02", None, MET),
        (None, "2024-02-02", MET),
        ("2026-03-01", None, MET),
        ("2026-03-02", None, MISSING),
        (None, None, MISSING),
    ],
)
def test_basic_knowledge(check, orientation, course, status):
    facts = replace(
        BASE,
        orientation_test_passed_on=day(orientation) if orientation else None,
        integration_course_completed_on=day(course) if course else None,
    )
    assert check("25b", facts, "2026-03-01", "knowledge").status == status


@pytest.mark.parametrize(
    ("field", "key", "good", "bad"),
    [
        ("commitment_declared", "commitment", "yes", "no"),
        ("identity_clarified", "identity", "yes", "no"),
        ("relevant_convictions", "convictions", "no", "yes"),
    ],
)
def test_yes_no_facts(check, field, key, good, bad):
    for value, status in ((good, MET), (bad, NOT_MET), ("unknown", MISSING)):
        outcome = check("25b", replace(BASE, **{field: value}), "2026-03-01", key)
        assert outcome.status == status, value
    assert outcome.missing == (field,)


@pytest.mark.parametrize(
    ("value", "status"),
    [("not_applicable", MET), ("proven", MET), ("not_proven", NOT_MET), ("unknown", MISSING)],
)
def test_children_at_school(check, value, status):
    facts = replace(BASE, children_school_attendance=value)
    assert check("25b", facts, "2026-03-01", "children_at_school").status == status
