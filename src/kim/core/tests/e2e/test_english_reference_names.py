"""Coordination reads the demo data in English: the life domains of a case file's assessment and
of the dashboard's tables are in English, none under its German name (the database keeps the
German names; ``display_name`` shows them in the user's language). axe-core checks the pages.

Free texts of the demo (notes, situations) stay as written and are not checked."""

import pytest

from kim.cases.reference_names import LIFE_DOMAINS

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

USER = "jonas.keller"


@pytest.fixture
def in_english(django_db_blocker):
    """The demo users are shared by all journeys, which expect German: undo the switch."""
    from kim.accounts.models import User

    with django_db_blocker.unblock():
        User.objects.filter(username=USER).update(language="en")
    yield
    with django_db_blocker.unblock():
        User.objects.filter(username=USER).update(language="")


def _assessed_case(django_db_blocker):
    from kim.cases.models import Case

    with django_db_blocker.unblock():
        return Case.objects.filter(assessments__isnull=False).order_by("pk").first().pk


def _row_headers(page):
    """The row headers of the page's tables, also those in a closed "Show table"."""
    return [text.strip() for text in page.locator("main th[scope=row]").all_text_contents()]


def test_life_domains_in_english_on_the_demo_data(page, login, in_english, django_db_blocker):
    from django.utils import translation

    with translation.override("en"):
        english = {translation.gettext(name) for name in LIFE_DOMAINS}
    german = set(LIFE_DOMAINS) - english

    login(USER)
    assert page.locator("html").get_attribute("lang") == "en"
    case = _assessed_case(django_db_blocker)
    for name, url in (
        ("assessment", f"/cases/{case}/assessment/"),
        ("case-file", f"/cases/{case}/"),
        ("dashboard", "/reports/"),
    ):
        page.goto(url)
        page.wait_for_load_state()
        axe.check(page, f"{url} (English)")
        screenshot(page, f"english-reference-names-{name}")
        headers = _row_headers(page)
        shown = [h for h in headers if h in german]
        assert not shown, f"{name}: {shown}"
        if name != "case-file":
            assert english & set(headers), f"{name}: {headers}"
