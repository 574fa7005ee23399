"""Phone width: the main pages fit into 390 px without horizontal scrolling.

Set ``KIM_SCREENSHOT_DIR`` to keep the screenshots for a look."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

WIDTH = 390


def test_the_main_pages_fit_a_phone(page, login):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login("anna.berger")
    page.locator("main section", has_text="Meine offenen Fälle").locator("a").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_path = page.url.split(page.url.split("/cases/")[0], 1)[1]
    too_wide = {}
    for name, path in [
        ("start", "/"),
        ("case", case_path),
        ("case-plan", case_path + "plan/"),
        ("hurdle-new", "/hurdles/new/"),
        ("dashboard", "/reports/"),
    ]:
        page.goto(path)
        page.wait_for_load_state("load")
        screenshot(page, f"phone-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
        axe.check(page, path.replace(case_path, "/cases/<pk>/") + " (390 px)")
    assert too_wide == {}
