"""``quick_url`` and ``quick_date`` give what Django's ``url`` tag and ``date`` filter give, also
when the language, the time zone or the script prefix changes after a value was remembered
(issue #12)."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from kim.core.templatetags.quick import quick_reverse

UTC = datetime.UTC
LATE_EVENING_UTC = datetime.datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 25.11. in Berlin


def _both(value, format_string):
    context = Context({"v": value})
    django = Template(f'{{{{ v|date:"{format_string}" }}}}').render(context)
    quick = Template(f'{{% load quick %}}{{{{ v|quick_date:"{format_string}" }}}}').render(context)
    return django, quick


VALUES = {
    "date": datetime.date(2026, 3, 9),
    "aware": LATE_EVENING_UTC,
    "naive": datetime.datetime(2026, 7, 1, 8, 5),
}
CASES = [
    (kind, format_string)
    for kind in VALUES
    for format_string in ("SHORT_DATE_FORMAT", "D", "H:i", "DATE_FORMAT")
    if not (kind == "date" and format_string == "H:i")  # a date has no time
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("kind", "format_string"), CASES)
def test_quick_date_is_django_s_date(language, kind, format_string):
    with translation.override(language):
        for _ in range(2):  # computed, then remembered
            django, quick = _both(VALUES[kind], format_string)
            assert quick == django


def test_quick_date_follows_language_and_time_zone_after_remembering():
    with translation.override("de"):
        assert _both(LATE_EVENING_UTC, "D")[1] == "Mi"
        assert _both(LATE_EVENING_UTC, "SHORT_DATE_FORMAT")[1] == "25.11.2026"
    with translation.override("en"):
        django, quick = _both(LATE_EVENING_UTC, "SHORT_DATE_FORMAT")
        assert quick == django == "25/11/2026"
    with translation.override("de"), timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert _both(LATE_EVENING_UTC, "SHORT_DATE_FORMAT")[1] == "24.11.2026"
        assert _both(LATE_EVENING_UTC, "H:i")[1] == "23:30"
    with translation.override("de"):
        assert _both(LATE_EVENING_UTC, "H:i")[1] == "00:30"


def test_quick_date_of_nothing_is_empty_as_in_django():
    assert _both(None, "SHORT_DATE_FORMAT") == ("", "")
    assert _both("", "SHORT_DATE_FORMAT") == ("", "")


def test_quick_url_is_django_s_url():
    rendered = Template("{% load quick %}{% quick_url 'cases:case_detail' 42 %}").render(Context())
    assert rendered == reverse("cases:case_detail", args=[42])
    assert quick_reverse("home") == reverse("home")


def test_quick_url_follows_the_script_prefix():
    assert quick_reverse("cases:case_detail", 7) == "/cases/7/"
    set_script_prefix("/kim/")
    try:
        assert quick_reverse("cases:case_detail", 7) == "/kim/cases/7/"
    finally:
        set_script_prefix("/")
    assert quick_reverse("cases:case_detail", 7) == "/cases/7/"


def test_quick_url_with_other_arguments_is_not_remembered_but_right():
    class Pk:
        def __str__(self):
            return "9"

    assert quick_reverse("cases:case_detail", Pk()) == reverse("cases:case_detail", args=["9"])
