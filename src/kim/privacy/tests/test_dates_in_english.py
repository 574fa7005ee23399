"""Coordination in English reads the dates of the Löschkonzept pages and of the information under
Art. 15 GDPR in the English notation (24/11/2025), none in the German one (24.11.2025).

Names of objects stored in the append-only log (``LogEntry.object_repr``) keep the notation of
the person who made the change and are left out of the check."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kim.privacy import services
from kim.privacy.disclosure import disclose

pytestmark = pytest.mark.django_db

GERMAN_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")


def _german_dates(text):
    for stored_name in LogEntry.objects.values_list("object_repr", flat=True):
        text = text.replace(escape(stored_name), "").replace(stored_name, "")
    return GERMAN_DATE.findall(text)


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])


def test_the_deletion_run_in_english(as_user, coordinator, old_file):
    run, _added = services.propose_due()
    _english(coordinator)
    client = as_user("coordinator")
    for url in (reverse("privacy:overview"), reverse("privacy:run_detail", args=[run.pk])):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert '<html lang="en">' in page
        assert not _german_dates(page), f"{url}: {_german_dates(page)}"
    closed = old_file.case.closed_on
    assert f"{closed:%d/%m/%Y}" in page  # the last activity of the client in the run


def test_the_information_under_art_15_in_english(coordinator, old_file):
    with translation.override("en"):
        pdf = disclose(old_file.client, by=coordinator).as_pdf(compress=False)
    text = pdf.decode("cp1252", errors="replace")
    opened = old_file.case.opened_on
    assert f"{opened:%d/%m/%Y}" in text
    assert not _german_dates(text), _german_dates(text)
