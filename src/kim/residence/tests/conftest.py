"""Helpers shared by the rule tests: a day, and outcomes read per criterion key."""

import datetime

import pytest

from kim.residence.evaluation import evaluate
from kim.residence.paths import PATHS


def day(text):
    return datetime.date.fromisoformat(text)


def outcome_of(path_code, facts, on, key):
    result = evaluate(facts, PATHS[path_code], on)
    return result.outcome(key)


@pytest.fixture
def check():
    """``check("25b", facts, "2026-03-01", "residence_period")`` -> the criterion's outcome."""

    def run(path_code, facts, on, key):
        return outcome_of(path_code, facts, day(on), key)

    return run
