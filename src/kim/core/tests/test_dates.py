"""Dates in Python code follow the language of the user (kim/core/dates.py): German 24.11.2026,
English 24/11/2026, local time for moments, "–" for a missing value."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from kim.core import dates

DAY = datetime.date(2026, 11, 24)
# 13:30 UTC is 14:30 in Berlin (TIME_ZONE Europe/Berlin, winter time)
MOMENT = datetime.datetime(2026, 11, 24, 13, 30, 5, tzinfo=datetime.UTC)
LATE_MOMENT = datetime.datetime(2026, 11, 24, 23, 30, tzinfo=datetime.UTC)  # 25.11. in Berlin


@pytest.mark.parametrize(
    ("language", "day", "moment", "with_seconds", "day_month", "period", "long_period"),
    [
        (
            "de",
            "24.11.2026",
            "24.11.2026 14:30",
            "24.11.2026 14:30:05",
            "24.11.",
            "01.10.–31.12.2026",
            "01.12.2025–28.02.2026",
        ),
        (
            "en",
            "24/11/2026",
            "24/11/2026 14:30",
            "24/11/2026 14:30:05",
            "24/11",
            "01/10–31/12/2026",
            "01/12/2025–28/02/2026",
        ),
    ],
)
def test_dates_in_the_notation_of_the_language(
    language, day, moment, with_seconds, day_month, period, long_period
):
    with translation.override(language):
        assert dates.day(DAY) == day
        assert dates.day(MOMENT) == day
        assert dates.day_time(MOMENT) == moment
        assert dates.day_time(MOMENT, seconds=True) == with_seconds
        assert dates.clock(MOMENT) == "14:30"
        assert dates.clock(datetime.time(9, 5)) == "09:05"
        assert dates.day_month(DAY) == day_month
        assert dates.period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)) == period
        assert dates.period(datetime.date(2025, 12, 1), datetime.date(2026, 2, 28)) == long_period


def test_a_moment_counts_in_local_time():
    with translation.override("de"):
        assert dates.day(LATE_MOMENT) == "25.11.2026"
        assert dates.day_time(LATE_MOMENT) == "25.11.2026 00:30"
        berlin = LATE_MOMENT.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        assert dates.day_time(berlin) == "25.11.2026 00:30"


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_missing_value_is_a_dash(language):
    with translation.override(language):
        assert dates.day(None) == "–"
        assert dates.day_time(None) == "–"
        assert dates.clock(None) == "–"
        assert dates.day_month(None) == "–"
        assert dates.period(DAY, None).endswith("– –")
