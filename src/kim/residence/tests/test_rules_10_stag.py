"""§ 10 StAG, criterion by criterion at its boundaries, in the version in force on the day of the
check: 8 years (7 after an integration course, 6 with special integration) until 26.06.2024;
5 years, or 3 with C1 and secured livelihood, from 27.06.2024; 5 years only from 30.10.2025.
Before 09.08.2019 no version is on file."""

import datetime
from dataclasses import replace

import pytest

from kim.residence.checks import Status
from kim.residence.evaluation import Result, evaluate
from kim.residence.facts import Certificate, Education, Facts, Period
from kim.residence.paths import PATHS

from .conftest import day

MET, LATER, NOT_MET, MISSING = Status.MET, Status.MET_LATER, Status.NOT_MET, Status.MISSING

BASE = Facts(
    date_of_birth=datetime.date(1980, 1, 20),
    periods=(
        Period("gestattung", day("2015-06-01"), day("2016-03-31")),
        Period(
            "aufenthaltserlaubnis", day("2016-04-01"), day("2021-03-31"), "§ 25 Abs. 2 AufenthG"
        ),
        Period("niederlassungserlaubnis", day("2021-04-01"), None, "§ 26 Abs. 3 AufenthG"),
    ),
    certificates=(Certificate("B1", day("2018-03-01")),),
    identity_clarified="yes",
    commitment_declared="yes",
    relevant_convictions="no",
    livelihood="secured",
    naturalisation_test_passed_on=day("2024-01-15"),
)


def permit_since(start, before=()):
    return (*before, Period("aufenthaltserlaubnis", day(start), None, "§ 25 Abs. 2 AufenthG"))


C1 = (Certificate("C1", day("2024-09-01")),)
B2 = (Certificate("B2", day("2020-09-01")),)


@pytest.mark.parametrize(
    ("periods", "certificates", "extra", "on", "status", "met_from"),
    [
        pytest.param(
            permit_since("2021-03-01"), (), {}, "2026-02-28", LATER, "2026-03-01", id="5y-1d"
        ),
        pytest.param(permit_since("2021-03-01"), (), {}, "2026-03-01", MET, None, id="5y"),
        pytest.param(
            permit_since("2021-01-01", (Period("duldung", day("2015-01-01"), day("2020-12-31")),)),
            (),
            {},
            "2025-12-31",
            LATER,
            "2026-01-01",
            id="duldung-does-not-count",
        ),
        # 2024 version: 3 years with C1 and secured livelihood, until 29.10.2025
        pytest.param(permit_since("2022-01-01"), C1, {}, "2025-10-29", MET, None, id="turbo"),
        pytest.param(
            permit_since("2022-01-01"),
            C1,
            {},
            "2025-10-30",
            LATER,
            "2027-01-01",
            id="turbo-abolished",
        ),
        pytest.param(
            permit_since("2022-01-01"), (), {}, "2025-10-29", LATER, "2027-01-01", id="no-c1"
        ),
        pytest.param(
            permit_since("2022-01-01"),
            C1,
            {"livelihood": "unknown"},
            "2025-10-29",
            MISSING,
            None,
            id="c1-livelihood-unknown",
        ),
        pytest.param(
            permit_since("2022-01-01"),
            C1,
            {"livelihood": "partly"},
            "2025-10-29",
            LATER,
            "2027-01-01",
            id="c1-not-secured",
        ),
        pytest.param(
            permit_since("2022-01-01"),
            C1,
            {},
            "2024-06-26",
            LATER,
            "2030-01-01",
            id="c1-under-the-old-law",
        ),
        # 2019 version: 8 years, 7 after an integration course, 6 with German above B1
        pytest.param(
            permit_since("2017-01-01"), (), {}, "2024-06-26", LATER, "2025-01-01", id="2019-8y"
        ),
        pytest.param(permit_since("2017-01-01"), (), {}, "2024-06-27", MET, None, id="2024-5y"),
        pytest.param(
            permit_since("2017-01-01"),
            (),
            {"integration_course_completed_on": day("2019-05-01")},
            "2023-12-31",
            LATER,
            "2024-01-01",
            id="2019-7y-1d",
        ),
        pytest.param(
            permit_since("2017-01-01"),
            (),
            {"integration_course_completed_on": day("2019-05-01")},
            "2024-01-01",
            MET,
            None,
            id="2019-7y",
        ),
        pytest.param(permit_since("2017-01-01"), B2, {}, "2023-01-01", MET, None, id="2019-6y"),
        pytest.param(
            permit_since("2017-01-01"), B2, {}, "2022-12-31", LATER, "2023-01-01", id="2019-6y-1d"
        ),
    ],
)
def test_residence_period(check, periods, certificates, extra, on, status, met_from):
    facts = replace(BASE, periods=periods, certificates=certificates, **extra)
    outcome = check("10", facts, on, "residence_period")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("on", "valid_from"),
    [
        ("2019-08-08", None),
        ("2019-08-09", "2019-08-09"),
        ("2024-06-26", "2019-08-09"),
        ("2024-06-27", "2024-06-27"),
        ("2025-10-29", "2024-06-27"),
        ("2025-10-30", "2025-10-30"),
    ],
)
def test_the_version_in_force_on_the_day(on, valid_from):
    result = evaluate(BASE, PATHS["10"], day(on))
    if valid_from is None:
        assert result.result == Result.NO_LAW
        assert result.criteria == ()
    else:
        assert result.version.valid_from == day(valid_from)


@pytest.mark.parametrize(
    ("status", "legal_basis", "expected"),
    [
        ("niederlassungserlaubnis", "§ 9 AufenthG", MET),
        ("daueraufenthalt-eu", "", MET),
        ("eu-freizuegigkeit", "", MET),
        ("aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG", MET),
        ("aufenthaltserlaubnis", "§ 28 AufenthG", MET),
        ("aufenthaltserlaubnis", "§ 23 Abs. 2 AufenthG", MET),
        ("aufenthaltserlaubnis", "§ 23 Abs. 1 AufenthG", NOT_MET),
        ("aufenthaltserlaubnis", "§ 25 Abs. 3 AufenthG", NOT_MET),
        ("aufenthaltserlaubnis", "§ 25 Absatz 5 AufenthG", NOT_MET),
        ("aufenthaltserlaubnis", "§ 16b AufenthG", NOT_MET),
        ("aufenthaltserlaubnis", "§ 24 AufenthG", NOT_MET),
        ("aufenthaltserlaubnis", "", MISSING),
        ("duldung", "", NOT_MET),
        ("gestattung", "", NOT_MET),
    ],
)
def test_residence_title(check, status, legal_basis, expected):
    facts = replace(BASE, periods=(Period(status, day("2015-01-01"), None, legal_basis),))
    assert check("10", facts, "2026-03-01", "title").status == expected


@pytest.mark.parametrize(
    ("livelihood", "employment", "since", "on", "status", "met_from"),
    [
        pytest.param("secured", "unknown", None, "2026-03-01", MET, None, id="secured"),
        # Nr. 3 Buchst. b: full time in 20 of the last 24 months (2024 version)
        pytest.param(
            "partly", "full_time", "2024-07-01", "2026-02-28", LATER, "2026-03-01", id="20m-1d"
        ),
        pytest.param("partly", "full_time", "2024-07-01", "2026-03-01", MET, None, id="20m"),
        pytest.param("partly", "full_time", None, "2026-03-01", MISSING, None, id="since?"),
        pytest.param(
            "partly", "part_time", "2020-01-01", "2026-03-01", NOT_MET, None, id="part-time"
        ),
        pytest.param(
            "partly",
            "full_time",
            "2020-01-01",
            "2024-06-26",
            NOT_MET,
            None,
            id="no-exception-before-2024",
        ),
        pytest.param("mostly_by_work", "unknown", None, "2026-03-01", NOT_MET, None, id="mostly"),
        pytest.param("unknown", "unknown", None, "2026-03-01", MISSING, None, id="unknown"),
    ],
)
def test_livelihood(check, livelihood, employment, since, on, status, met_from):
    facts = replace(
        BASE,
        livelihood=livelihood,
        employment=employment,
        employment_since=day(since) if since else None,
    )
    outcome = check("10", facts, on, "livelihood")
    assert outcome.status == status
    assert outcome.met_from == (day(met_from) if met_from else None)


@pytest.mark.parametrize(
    ("certificates", "education", "status"),
    [
        pytest.param((Certificate("B1", day("2020-01-01")),), (), MET, id="B1"),
        pytest.param((Certificate("C2", day("2020-01-01")),), (), MET, id="C2"),
        pytest.param((Certificate("A2", day("2020-01-01")),), (), NOT_MET, id="A2"),
        pytest.param(
            (Certificate("B1", day("2020-01-01"), skills="oral"),), (), NOT_MET, id="B1-oral-only"
        ),
        pytest.param(
            (),
            (Education("school_certificate", obtained_on=day("2021-07-01")),),
            MET,
            id="german-school",
        ),
        pytest.param((Certificate("B1", day("2026-03-02")),), (), MISSING, id="issued-later"),
        pytest.param((), (), MISSING, id="none"),
    ],
)
def test_german_b1(check, certificates, education, status):
    facts = replace(BASE, certificates=certificates, education=education)
    assert check("10", facts, "2026-03-01", "german").status == status


@pytest.mark.parametrize(
    ("test_on", "orientation_on", "education", "status"),
    [
        pytest.param("2026-03-01", None, (), MET, id="on-the-day"),
        pytest.param("2026-03-02", None, (), MISSING, id="day-after"),
        pytest.param(None, "2020-01-01", (), MISSING, id="orientation-test-is-not-enough"),
        pytest.param(
            None,
            None,
            (Education("school_certificate", obtained_on=day("2021-07-01")),),
            MET,
            id="german-school",
        ),
    ],
)
def test_knowledge(check, test_on, orientation_on, education, status):
    facts = replace(
        BASE,
        naturalisation_test_passed_on=day(test_on) if test_on else None,
        orientation_test_passed_on=day(orientation_on) if orientation_on else None,
        education=education,
    )
    assert check("10", facts, "2026-03-01", "knowledge").status == status


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
        outcome = check("10", replace(BASE, **{field: value}), "2026-03-01", key)
        assert outcome.status == status, value
