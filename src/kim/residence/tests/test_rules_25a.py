"""§ 25a AufenthG, criterion by criterion at its boundaries, in the version in force on the day
of the check (until 30.12.2022: 4 years, before 21; from 31.12.2022: 3 years, before 27, and a
Duldung held for twelve months or a permit under § 104c)."""

import datetime
from dataclasses import replace

import pytest

from kim.residence.checks import Status
from kim.residence.facts import Education, Facts, Period

from .conftest import day

MET, LATER, NOT_MET, MISSING = Status.MET, Status.MET_LATER, Status.NOT_MET, Status.MISSING

BASE = Facts(
    date_of_birth=datetime.date(2005, 6, 15),
    periods=(
        Period("gestattung", day("2019-01-01"), day("2021-12-31")),
        Period("duldung", day("2022-01-01")),
    ),
    education=(
        Education("school_attendance", day("2019-02-01"), day("2023-07-01")),
        Education("school_certificate", obtained_on=day("2023-07-01")),
    ),
    identity_clarified="yes",
    commitment_declared="yes",
    relevant_convictions="no",
    livelihood="secured",
)


def since(start, status="duldung", legal_basis=""):
    return (Period(status, day(start), legal_basis=legal_basis),)


@pytest.mark.parametrize(
    ("periods", "on", "status", "met_from"),
    [
        pytest.param(since("2025-03-01"), "2026-02-28", LATER, "2026-03-01", id="12m-1d"),
        pytest.param(since("2025-03-01"), "2026-03-01", MET, None, id="12m"),
        pytest.param(
            (
                Period("duldung", day("2024-03-01"), day("2024-12-31")),
                Period("duldung", day("2025-01-01")),
            ),
            "2025-02-28",
            LATER,
            "2025-03-01",
            id="two-dulungen-in-a-row",
        ),
        pytest.param(
            since("2025-12-01", "aufenthaltserlaubnis", "§ 104c AufenthG"),
            "2026-03-01",
            MET,
            None,
            id="104c",
        ),
        pytest.param(since("2020-01-01", "gestattung"), "2026-03-01", NOT_MET, None, id="gest."),
        # before 31.12.2022 a Duldung was enough, however short
        pytest.param(since("2022-12-01"), "2022-12-30", MET, None, id="2015-duldung"),
        pytest.param(since("2022-12-01"), "2022-12-31", LATER, "2023-12-01", id="2022-12m"),
    ],
)
def test_toleration(check, periods, on, status, met_from):
    outcome = check("25a", replace(BASE, periods=periods), on, "status")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("start", "on", "status", "met_from"),
    [
        pytest.param("2023-03-01", "2026-02-28", LATER, "2026-03-01", id="3y-1d"),
        pytest.param("2023-03-01", "2026-03-01", MET, None, id="3y"),
        pytest.param("2019-01-01", "2022-12-30", LATER, "2023-01-01", id="2015-4y"),
        pytest.param("2019-01-01", "2022-12-31", MET, None, id="2022-3y"),
    ],
)
def test_residence_period(check, start, on, status, met_from):
    facts = replace(BASE, periods=(Period("duldung", day(start)),))
    outcome = check("25a", facts, on, "residence_period")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("education", "on", "status", "met_from"),
    [
        pytest.param(
            (Education("school_attendance", day("2023-03-01")),),
            "2026-02-28",
            LATER,
            "2026-03-01",
            id="3y-1d",
        ),
        pytest.param(
            (Education("school_attendance", day("2023-03-01")),), "2026-03-01", MET, None, id="3y"
        ),
        pytest.param(
            (
                Education("school_attendance", day("2023-03-01"), day("2024-07-31")),
                Education("vocational_training", day("2024-08-01")),
            ),
            "2026-03-01",
            MET,
            None,
            id="school-then-training",
        ),
        pytest.param(
            (Education("vocational_qualification", obtained_on=day("2025-06-30")),),
            "2026-03-01",
            MET,
            None,
            id="qualification",
        ),
        pytest.param(
            (Education("school_certificate", obtained_on=day("2026-03-02")),),
            "2026-03-01",
            MISSING,
            None,
            id="certificate-later",
        ),
        pytest.param(
            (Education("school_attendance", day("2020-01-01"), day("2024-01-01")),),
            "2026-03-01",
            NOT_MET,
            None,
            id="left-school",
        ),
        pytest.param(
            (Education("studies", day("2020-01-01")),), "2026-03-01", NOT_MET, None, id="studies"
        ),
        pytest.param((), "2026-03-01", MISSING, None, id="nothing"),
        pytest.param(
            (Education("school_attendance", day("2019-01-01")),),
            "2022-12-30",
            LATER,
            "2023-01-01",
            id="2015-4y",
        ),
    ],
)
def test_schooling(check, education, on, status, met_from):
    outcome = check("25a", replace(BASE, education=education), on, "schooling")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("born", "year", "on", "status", "met_from", "until"),
    [
        # "vor Vollendung des 27. Lebensjahres": on the 27th birthday it is too late
        pytest.param("1999-03-01", None, "2026-02-28", MET, None, "2026-02-28", id="27-1d"),
        pytest.param("1999-03-01", None, "2026-03-01", NOT_MET, None, None, id="27th-birthday"),
        pytest.param("2012-03-01", None, "2026-02-28", LATER, "2026-03-01", "2039-02-28", id="<14"),
        pytest.param("2012-03-01", None, "2026-03-01", MET, None, "2039-02-28", id="14"),
        # born on 29 February: the 27th year of life ends with 28 February (§ 188 Abs. 3 BGB)
        pytest.param("2000-02-29", None, "2027-03-01", NOT_MET, None, None, id="leap-27"),
        pytest.param("2000-02-29", None, "2027-02-28", MET, None, "2027-02-28", id="leap-27-1d"),
        # the old law: before the 21st birthday
        pytest.param("2001-06-01", None, "2022-05-31", MET, None, "2022-05-31", id="2015-21-1d"),
        pytest.param("2001-06-01", None, "2022-06-01", NOT_MET, None, None, id="2015-21"),
        pytest.param("2001-06-01", None, "2023-01-02", MET, None, "2028-05-31", id="2022-same"),
        # only the year of birth known: an answer where every day of the year gives the same
        pytest.param(None, 2005, "2026-03-01", MET, None, "2031-12-31", id="year-in-range"),
        pytest.param(None, 1999, "2026-03-01", MISSING, None, None, id="year-at-the-limit"),
        pytest.param(None, 1999, "2026-12-31", NOT_MET, None, None, id="year-past"),
        pytest.param(None, None, "2026-03-01", MISSING, None, None, id="unknown"),
    ],
)
def test_age(check, born, year, on, status, met_from, until):
    facts = replace(BASE, date_of_birth=day(born) if born else None, year_of_birth=year)
    outcome = check("25a", facts, on, "age")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)
    assert outcome.met_until == (day(until) if until else None)


@pytest.mark.parametrize(
    ("livelihood", "education", "status"),
    [
        pytest.param("secured", (), MET, id="secured"),
        pytest.param(
            "partly", (Education("vocational_training", day("2024-08-01")),), MET, id="in-training"
        ),
        pytest.param("not_secured", (Education("studies", day("2024-10-01")),), MET, id="studying"),
        pytest.param(
            "unknown",
            (Education("school_attendance", day("2024-08-01")),),
            MET,
            id="unknown-at-school",
        ),
        pytest.param(
            "partly",
            (Education("vocational_training", day("2022-08-01"), day("2025-07-31")),),
            NOT_MET,
            id="training-over",
        ),
        pytest.param("mostly_by_work", (), NOT_MET, id="mostly"),
        pytest.param("unknown", (), MISSING, id="unknown"),
    ],
)
def test_livelihood(check, livelihood, education, status):
    facts = replace(BASE, livelihood=livelihood, education=education)
    assert check("25a", facts, "2026-03-01", "livelihood").status == status


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
        outcome = check("25a", replace(BASE, **{field: value}), "2026-03-01", key)
        assert outcome.status == status, value
