"""The table under the monitoring chart names each quarter's days in the notation of the language
(German 01.10.–31.12.2026, English 01/10–31/12/2026) and "after" the date in force as "after",
not as the "to" of a phase change."""

import datetime
import re

import pytest
from django.utils import translation

from kim.targetsystems.charts import layout
from kim.targetsystems.measures import Figure

QUARTERS = [
    Figure("Q3/2026", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "before", 6, 6, 40.0),
    Figure("Q4/2026", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "after", 7, 7, 30.0),
]


@pytest.mark.parametrize(
    ("language", "days", "after"),
    [("de", "01.10.–31.12.2026", "nach"), ("en", "01/10–31/12/2026", "after")],
)
def test_days_of_a_quarter_in_the_language(language, days, after):
    chart = layout(QUARTERS, aggregate="median", unit="Tage")
    with translation.override(language):
        assert chart.slots[1].days == days
        assert translation.pgettext("Zeitraum", "nach") == after


@pytest.mark.django_db
def test_the_monitoring_page_in_english(as_user, coordinator):
    from kim.directory.tests.factories import ServiceTypeFactory

    from .test_monitoring_page import monitored, page_of

    ts, _cases = monitored(ServiceTypeFactory(code="IK", name="Integrationskurs"))
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    page = page_of(as_user("coordinator"), ts).content.decode()
    assert "(01/04–30/06/2025)" in page  # the second quarter
    assert "in force since 01/04/2025" in page
    assert '<td class="kern-table__cell">after</td>' in page  # the period of the quarter
    assert not re.findall(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4})?", page)
