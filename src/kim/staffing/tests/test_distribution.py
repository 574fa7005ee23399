"""The largest-remainder method, checked against a computation by hand."""

from decimal import Decimal

import pytest

from kim.staffing.distribution import DistributionError, distribute

WEIGHTS = {"immigration": 1, "asylum_applications": 1, "without_eu_citizenship": 2}


def test_worked_example_by_hand():
    """Three municipalities, 1.0 FTE in steps of 0.1 (10 steps).

    immigration:        A 50, B 30, C 20 (100) -> shares .5 .3 .2
    asylum:             A 10, B 10, C  0 (20)  -> shares .5 .5 0
    without EU (w=2):   A 20, B 50, C 30 (100) -> shares .2 .5 .3
    weighted (1,1,2)/4: A (.5+.5+.4)/4 = .35, B (.3+.5+1.0)/4 = .45, C (.2+0+.6)/4 = .20
    quota of 10 steps:  A 3.5, B 4.5, C 2.0 -> whole 3, 4, 2 = 9; one step left
    remainders:         A .5, B .5, C 0 -> tie, the larger quota (B 4.5) gets it
    result:             A 0.3, B 0.5, C 0.2 FTE
    """
    rows = [
        ("001", "A", {"immigration": 50, "asylum_applications": 10, "without_eu_citizenship": 20}),
        ("002", "B", {"immigration": 30, "asylum_applications": 10, "without_eu_citizenship": 50}),
        ("003", "C", {"immigration": 20, "asylum_applications": 0, "without_eu_citizenship": 30}),
    ]
    result = distribute(rows, WEIGHTS, Decimal("1.0"), Decimal("0.1"))
    by_name = {line.name: line for line in result.lines}
    assert [by_name[n].weighted_share for n in "ABC"] == [
        Decimal("0.35"),
        Decimal("0.45"),
        Decimal("0.2"),
    ]
    assert [by_name[n].whole_steps for n in "ABC"] == [3, 4, 2]
    assert [result.fte(by_name[n]) for n in "ABC"] == [
        Decimal("0.3"),
        Decimal("0.5"),
        Decimal("0.2"),
    ]
    assert result.allocated == Decimal("1.0")


def test_fourteen_fte_in_steps_of_five_hundredths_sum_exactly():
    rows = [
        (
            f"{i:03d}",
            f"K{i}",
            {
                "immigration": 37 * i + 11,
                "asylum_applications": 3 * i,
                "without_eu_citizenship": 101 * i + 7,
            },
        )
        for i in range(1, 16)
    ]
    result = distribute(rows, WEIGHTS, Decimal("14.0"), Decimal("0.05"))
    assert result.total_steps == 280
    assert result.allocated == Decimal("14.00")
    assert all(result.fte(line) % Decimal("0.05") == 0 for line in result.lines)
    # no municipality is more than one step away from its exact quota
    assert all(abs(line.steps - line.quota) < 1 for line in result.lines)


@pytest.mark.parametrize(
    ("weights", "fte", "step", "field"),
    [
        (
            {"immigration": 0, "asylum_applications": 0, "without_eu_citizenship": 0},
            "14",
            "0.05",
            "weights",
        ),
        (
            {"immigration": -1, "asylum_applications": 1, "without_eu_citizenship": 1},
            "14",
            "0.05",
            "weights",
        ),
        (WEIGHTS, "-1", "0.05", "fte_total"),
        (WEIGHTS, "14", "0", "step"),
        (WEIGHTS, "14", "0.03", "step"),
    ],
)
def test_bad_input(weights, fte, step, field):
    rows = [("001", "A", {"immigration": 1, "asylum_applications": 1, "without_eu_citizenship": 1})]
    with pytest.raises(DistributionError) as error:
        distribute(rows, weights, Decimal(fte), Decimal(step))
    assert error.value.field == field
