"""Coordination switches to English in the header and reads the demo data: the dates of a case
file, of the monitoring of a target system and of the Löschkonzept are in the English notation
(24/11/2026), none in the German one (24.11.2026). axe-core checks every page on the way.

The change log is left out: it keeps the names of objects as they were written, in the language of
the person who made the change (``LogEntry.object_repr``, append-only)."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

GERMAN_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4})?(?!\d)")
ENGLISH_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
USER = "jonas.keller"


@pytest.fixture
def back_to_german(django_db_blocker):
    """The demo users are shared by all journeys, which expect German: undo the switch."""
    yield
    from kim.accounts.models import User

    with django_db_blocker.unblock():
        User.objects.filter(username=USER).update(language="")


def _dates_of(page):
    text = page.locator("main").inner_text()
    return GERMAN_DATE.findall(text), ENGLISH_DATE.findall(text)


def _in_force_target_system(django_db_blocker):
    from kim.targetsystems.models import TargetSystem, TargetSystemState

    with django_db_blocker.unblock():
        ts = TargetSystem.objects.filter(state=TargetSystemState.IN_FORCE).order_by("pk").first()
        return ts.pk if ts else None


def test_english_dates_on_the_demo_data(page, login, back_to_german, django_db_blocker):
    login(USER)
    page.select_option("#kim-language", "en")
    page.get_by_role("button", name="Wechseln").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto("/cases/")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    pages = {
        "/cases/<pk>/": case_url,
        "/cases/<pk>/contacts/": case_url + "contacts/",
        "/cases/<pk>/plan/": case_url + "plan/",
        "/cases/<pk>/referrals/": case_url + "referrals/",
        "/privacy/": "/privacy/",
    }
    if (pk := _in_force_target_system(django_db_blocker)) is not None:
        pages["/targetsystems/<pk>/monitoring/"] = f"/targetsystems/{pk}/monitoring/"
    english_dates = 0
    for name, url in pages.items():
        page.goto(url)
        axe.check(page, f"{name} (English)")
        screenshot(page, "english" + re.sub(r"[^a-z]+", "-", name).rstrip("-"))
        german, english = _dates_of(page)
        assert not german, f"{name}: {german}"
        english_dates += len(english)
    assert english_dates  # the pages do show dates
