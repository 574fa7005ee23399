"""The auditor in English reads the log with English dates: the time of each entry and the dates
among the changed values (stored by django-auditlog as "2025-10-13") as 13/10/2025, never
13.10.2025.

Names of objects stored with an entry (``LogEntry.object_repr``) keep the notation of the person
who made the change (the log is append-only) and are left out of the check."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kim.cases.tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

GERMAN_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")


def _german_dates(page):
    for stored_name in LogEntry.objects.values_list("object_repr", flat=True):
        page = page.replace(escape(stored_name), "")
    return GERMAN_DATE.findall(page)


@pytest.mark.parametrize(("language", "pattern"), [("en", "%d/%m/%Y"), ("de", "%d.%m.%Y")])
def test_the_log_in_the_language_of_the_reader(as_user, auditor, language, pattern):
    case = CaseFactory(opened_on=datetime.date(2025, 10, 1))
    ConsentFactory(client=case.client, given_on=datetime.date(2025, 10, 13))
    auditor.language = language
    auditor.save(update_fields=["language"])
    page = as_user("auditor").get(reverse("audit:log_list")).content.decode()
    assert f'<html lang="{language}">' in page
    assert datetime.date(2025, 10, 13).strftime(pattern) in page  # a changed value
    assert timezone.localdate().strftime(pattern) in page  # the time of the entries
    if language == "en":
        assert not _german_dates(page), _german_dates(page)
