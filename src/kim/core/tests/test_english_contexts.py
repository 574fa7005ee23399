"""One German word, two English ones: where the English depends on what the word is about, the
source carries a context (``pgettext``, ``{% translate … context … %}``) and the English
catalogue has a text per context (kim/core/catalogs.py keys them "context\\x04msgid").
And a date typed in English the German way (24.11.2026) is understood as well."""

import datetime

import pytest
from django import forms
from django.utils import translation

from kim.cases.forms.clients import DATE_INPUT_FORMATS
from kim.cases.models import Appointment, Client, ReferralState
from kim.directory.models import Office
from kim.governance.models import Meeting, ResolutionResult
from kim.hurdles.models import ReportState


@pytest.mark.parametrize(
    ("label", "german", "english"),
    [
        (lambda: ReferralState.DECLINED.label, "abgelehnt", "declined"),
        (lambda: ReportState.REJECTED.label, "abgelehnt", "rejected"),
        (lambda: ResolutionResult.REJECTED.label, "abgelehnt", "rejected"),
        (lambda: ReferralState.ACCEPTED.label, "angenommen", "accepted"),
        (lambda: ResolutionResult.ADOPTED.label, "angenommen", "adopted"),
        (lambda: Client._meta.get_field("city").verbose_name, "Ort", "Town"),
        (lambda: Office._meta.get_field("city").verbose_name, "Ort", "Town"),
        (lambda: Appointment._meta.get_field("place").verbose_name, "Ort", "Place"),
        (lambda: Meeting._meta.get_field("place").verbose_name, "Ort", "Place"),
        (lambda: translation.gettext("Thema"), "Thema", "Topic"),
        (lambda: translation.pgettext("generatives Thema", "Thema"), "Thema", "Theme"),
        (lambda: translation.pgettext("Zeitraum", "nach"), "nach", "after"),
        (lambda: translation.pgettext("Aufschlüsselung", "nach"), "nach", "by"),
        (lambda: translation.pgettext("Zeitpunkt", "Stand"), "Stand", "As of"),
    ],
)
def test_one_german_word_in_two_senses(label, german, english):
    with translation.override("de"):
        assert str(label()) == german
    with translation.override("en"):
        assert str(label()) == english


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("typed", ["2026-11-24", "24.11.2026", "24/11/2026"])
def test_a_typed_date_is_read_in_either_notation(language, typed):
    field = forms.DateField(input_formats=DATE_INPUT_FORMATS)
    with translation.override(language):
        assert field.clean(typed) == datetime.date(2026, 11, 24)


@pytest.mark.parametrize("typed", ["24/11/2026", "24.11.2026", "2026-11-24"])
def test_english_reads_a_date_typed_the_german_way_too(typed):
    with translation.override("en"):
        assert forms.DateField().clean(typed) == datetime.date(2026, 11, 24)
        moment = forms.DateTimeField().clean(typed + " 14:30")
    assert (moment.day, moment.month, moment.hour) == (24, 11, 14)
