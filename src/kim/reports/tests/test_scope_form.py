"""The filter form of every report refuses periods outside 1900–2200 with a German message (a
year 1 would make the age groups count back into negative years)."""

import pytest

from kim.reports.forms import ScopeForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("0001-01-01", "2026-12-31", "start"), ("2026-01-01", "9999-12-31", "end")],
)
def test_a_date_far_outside_is_refused(coordinator, start, end, field):
    form = ScopeForm({"start": start, "end": end}, user=coordinator)
    assert not form.is_valid()
    assert form.errors[field] == ["Bitte wählen Sie ein Datum zwischen 01.01.1900 und 31.12.2200."]


def test_the_report_page_answers_400_or_200_never_500(client, coordinator):
    client.force_login(coordinator)
    from django.urls import reverse

    response = client.get(
        reverse("reports:state_report"), {"start": "0001-01-01", "end": "2026-01-01"}
    )
    assert response.status_code in (200, 400)
    assert "Bitte wählen Sie ein Datum zwischen 01.01.1900 und 31.12.2200." in response.text
