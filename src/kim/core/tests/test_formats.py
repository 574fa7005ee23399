"""Dates and numbers in the notation of the language: German 24.11.2026 and 1.234,5, English
24/11/2026 and 1,234.5 (settings USE_THOUSAND_SEPARATOR, FORMAT_MODULE_PATH = kim.formats).
Numbers that go into URLs, ids or form values stay plain digits."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.core.forms import KernForm
from kim.staffing.forms.positions import DecimalCommaField

DAY = datetime.date(2026, 11, 24)
MOMENT = datetime.datetime(2026, 11, 24, 14, 30)


@pytest.mark.parametrize(
    ("language", "day", "moment", "number", "long_day"),
    [
        ("de", "24.11.2026", "24.11.2026 14:30", "1.234,5", "24. November 2026"),
        ("en", "24/11/2026", "24/11/2026 14:30", "1,234.5", "24 Nov 2026"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, day, moment, number, long_day):
    template = Template(
        '{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}|'
        "{{ number }}|{{ day|date }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"day": DAY, "moment": MOMENT, "number": 1234.5}))
        assert rendered == f"{day}|{moment}|{number}|{long_day}"
        assert formats.time_format(MOMENT.time()) == "14:30"


@pytest.mark.parametrize("language", ["de", "en"])
def test_numbers_in_urls_and_ids_stay_plain(language):
    template = Template(
        '{% load l10n %}<a href="?case_manager={{ pk|unlocalize }}" id="vm-{{ pk|unlocalize }}">'
    )
    with translation.override(language):
        assert (
            template.render(Context({"pk": 1234})) == '<a href="?case_manager=1234" id="vm-1234">'
        )


@pytest.mark.parametrize("language", ["de", "en"])
def test_choice_values_of_radio_buttons_stay_plain(language):
    class YearForm(KernForm):
        year = forms.TypedChoiceField(
            choices=[(2025, "2025"), (2026, "2026")], coerce=int, widget=forms.RadioSelect
        )

    with translation.override(language):
        page = str(YearForm())
    assert 'value="2026"' in page
    assert "2.026" not in page and "2,026" not in page


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("de", "0,5", Decimal("0.5")),
        ("de", "0.5", Decimal("0.5")),
        ("de", "0,005", Decimal("0.005")),
        ("de", "1.000,5", Decimal("1000.5")),
        ("en", "0.5", Decimal("0.5")),
        ("en", "0,5", Decimal("0.5")),  # the German habit in the English interface
        ("en", "1,000.5", Decimal("1000.5")),
    ],
)
def test_decimal_input_in_either_notation(language, typed, value):
    field = DecimalCommaField(max_digits=7, decimal_places=3)
    with translation.override(language):
        assert field.clean(typed) == value


@pytest.mark.django_db
def test_filter_links_with_large_ids_work(as_user):
    """A user id of four digits must not come out as ?case_manager=1.234."""
    UserFactory(id=1234, username="mara", last_name="Schulte", role=Role.CASE_MANAGER)
    page = as_user("coordinator").get(reverse("cases:caseload")).content.decode()
    assert "case_manager=1234" in page
    assert "case_manager=1.234" not in page


@pytest.mark.parametrize("language", ["de", "en"])
def test_years_have_no_thousands_separator(language):
    client = SimpleNamespace(date_of_birth=None, year_of_birth=1976)
    with translation.override(language):
        assert render_to_string("cases/clients/_birth.html", {"client": client}) == "1976"
        rhythm = render_to_string(
            "governance/meetings/_rhythm.html", {"held": 1, "planned": 2, "year": 2026}
        )
    assert "2026" in rhythm
