"""One result per path from its criteria: positive, positive from a day, negative, incomplete,
or no version of the law on file; and the six-month horizon of the Baustein 3 list."""

from dataclasses import replace

from kim.residence.evaluation import Result, evaluate, list_horizon, precheck
from kim.residence.facts import Facts, Period
from kim.residence.paths import PATHS

from .conftest import day
from .test_rules_10_stag import BASE as NATURALISATION
from .test_rules_25a import BASE as YOUNG
from .test_rules_25b import BASE as SUSTAINABLE

ON = day("2026-03-01")


def test_every_criterion_met_is_positive():
    for code, facts in (("25a", YOUNG), ("25b", SUSTAINABLE), ("10", NATURALISATION)):
        result = evaluate(facts, PATHS[code], ON)
        assert result.result == Result.POSITIVE, code
        assert result.label == "Voraussetzungen nach Aktenlage erfüllt"


def test_a_period_reached_later_makes_it_positive_from_that_day():
    facts = replace(SUSTAINABLE, periods=(Period("duldung", day("2020-05-01")),))
    result = evaluate(facts, PATHS["25b"], ON)
    assert result.result == Result.POSITIVE_FROM
    assert result.positive_from == day("2026-05-01")
    assert result.label == "Voraussetzungen voraussichtlich erfüllt ab 01.05.2026"
    assert result.positive_by(list_horizon(ON))
    assert not result.positive_by(day("2026-04-30"))


def test_the_latest_of_several_later_days_counts():
    facts = replace(
        YOUNG,
        periods=(Period("duldung", day("2023-06-01")),),  # 3 years on 01.06.2026
    )
    result = evaluate(facts, PATHS["25a"], ON)
    assert result.result == Result.POSITIVE_FROM
    assert result.positive_from == day("2026-06-01")


def test_one_criterion_not_met_makes_it_negative_even_with_data_missing():
    facts = replace(SUSTAINABLE, livelihood="not_secured", identity_clarified="unknown")
    assert evaluate(facts, PATHS["25b"], ON).result == Result.NEGATIVE


def test_missing_data_makes_it_incomplete():
    facts = replace(SUSTAINABLE, identity_clarified="unknown")
    result = evaluate(facts, PATHS["25b"], ON)
    assert result.result == Result.INCOMPLETE
    assert [r.missing_labels for r in result.criteria if r.outcome.missing] == [
        ["Identität und Staatsangehörigkeit geklärt"]
    ]


def test_a_period_reached_only_after_the_age_limit_is_negative():
    facts = replace(
        YOUNG,
        date_of_birth=day("1999-09-01"),  # application possible until 31.08.2026
        periods=(Period("duldung", day("2023-10-01")),),  # 3 years only on 01.10.2026
    )
    result = evaluate(facts, PATHS["25a"], ON)
    assert result.result == Result.NEGATIVE
    assert result.deadline == day("2026-08-31")
    assert "01.10.2026" in result.reason


def test_the_deadline_is_kept_with_a_positive_result():
    result = evaluate(YOUNG, PATHS["25a"], ON)
    assert result.deadline == day("2032-06-14")


def test_no_version_before_the_first_one():
    result = evaluate(SUSTAINABLE, PATHS["25b"], day("2015-07-31"))
    assert result.result == Result.NO_LAW
    assert result.version is None
    assert not result.positive_by(ON)


def test_the_version_knows_until_when_it_applied():
    result = evaluate(SUSTAINABLE, PATHS["25b"], day("2020-01-01"))
    assert result.version.valid_from == day("2015-08-01")
    assert result.valid_until == day("2022-12-30")
    assert evaluate(SUSTAINABLE, PATHS["25b"], ON).valid_until is None


def test_an_empty_record_is_incomplete_or_negative_never_positive():
    results = precheck(Facts(), ON)
    assert {r.path.code for r in results} == {"25a", "25b", "10"}
    assert all(r.result in (Result.INCOMPLETE, Result.NEGATIVE) for r in results)


def test_the_list_horizon_is_six_months():
    assert list_horizon(day("2026-11-25")) == day("2027-05-25")


def test_every_criterion_cites_its_legal_basis_and_every_version_its_source():
    for path in PATHS.values():
        for version in path.versions:
            assert str(version.source)
            keys = [c.key for c in version.criteria]
            assert len(keys) == len(set(keys)), path.code
            for criterion in version.criteria:
                basis = str(criterion.basis)
                assert basis.startswith("§"), criterion
                assert "AufenthG" in basis or "StAG" in basis, criterion
