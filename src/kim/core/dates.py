"""Dates and times as a user reads them, in the notation of the active language (issue #13).

Templates use ``|date:"SHORT_DATE_FORMAT"``; Python code that puts a date into a message, a label
or a PDF uses these helpers instead of a fixed pattern such as ``%d.%m.%Y``, which would stay
German in the English interface. German: 24.11.2026, 24.11.2026 14:30; English (British, see
``kim/formats/en``): 24/11/2026, 24/11/2026 14:30. A missing value is shown as "–".
"""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

MISSING = "–"

# Django has no short day-and-month format (MONTH_DAY_FORMAT is "24. November" / "24 November")
SHORT_DAY_MONTH_FORMATS = {"de": "d.m.", "en": "d/m"}


def _local(value):
    """A moment in the local time zone; a date or a naive datetime as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value) -> str:
    """The day: 24.11.2026 (German), 24/11/2026 (English); of a moment, its local day."""
    if value is None:
        return MISSING
    return date_format(_local(value), "SHORT_DATE_FORMAT")


def day_time(value, *, seconds: bool = False) -> str:
    """Day and local time: 24.11.2026 14:30 (German), 24/11/2026 14:30 (English); with
    ``seconds`` 24.11.2026 14:30:05."""
    if value is None:
        return MISSING
    value = _local(value)
    if seconds:
        return f"{day(value)} {time_format(value, 'H:i:s')}"
    return date_format(value, "SHORT_DATETIME_FORMAT")


def clock(value) -> str:
    """The local time of day of a moment or a time: 14:30 (KIM uses the 24-hour clock in both
    languages)."""
    if value is None:
        return MISSING
    return time_format(_local(value), "TIME_FORMAT")


def day_month(value) -> str:
    """Day and month without the year: 24.11. (German), 24/11 (English)."""
    if value is None:
        return MISSING
    language = translation.get_language() or "de"
    pattern = SHORT_DAY_MONTH_FORMATS.get(language.split("-")[0], SHORT_DAY_MONTH_FORMATS["de"])
    return date_format(_local(value), pattern)


def period(start, end) -> str:
    """From one day to another: 01.10.–31.12.2026 within a year (English 01/10–31/12/2026),
    else 01.12.2025–28.02.2026; an open start or end is shown as "–" (01.10.2026 – –)."""
    if start is None or end is None:
        return f"{day(start)} – {day(end)}"
    if start.year == end.year:
        return f"{day_month(start)}–{day(end)}"
    return f"{day(start)}–{day(end)}"
