"""Periods are counted as §§ 187, 188 BGB count them: the day a period is reached."""

import datetime

import pytest

from kim.residence.checks import add_months, add_years

D = datetime.date


@pytest.mark.parametrize(
    ("start", "years", "reached"),
    [
        (D(2020, 3, 1), 6, D(2026, 3, 1)),
        (D(2020, 2, 29), 6, D(2026, 3, 1)),  # 28 Feb 2026 is the last day of the period
        (D(2020, 2, 29), 4, D(2024, 2, 29)),
        (D(2019, 12, 31), 1, D(2020, 12, 31)),
    ],
)
def test_add_years(start, years, reached):
    assert add_years(start, years) == reached


@pytest.mark.parametrize(
    ("start", "months", "reached"),
    [
        (D(2024, 7, 1), 20, D(2026, 3, 1)),
        (D(2025, 3, 1), 12, D(2026, 3, 1)),
        (D(2025, 1, 31), 1, D(2025, 3, 1)),  # there is no 31 February
        (D(2025, 12, 15), 2, D(2026, 2, 15)),
        (D(2026, 11, 25), 6, D(2027, 5, 25)),
    ],
)
def test_add_months(start, months, reached):
    assert add_months(start, months) == reached
