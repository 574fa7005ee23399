"""An external partner reports a structural hurdle and sees its status in the list."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow


def test_an_external_partner_reports_a_hurdle(page, login):
    login("lea.hoffmann")
    axe.check(page, "/ (Partnerorganisation)")
    page.get_by_role("link", name="Meldebögen").first.click()
    page.wait_for_url("**/hurdles/")
    axe.check(page, "/hurdles/")
    page.get_by_role("link", name="Integrationshürde melden").click()
    page.wait_for_url("**/hurdles/new/")
    axe.check(page, "/hurdles/new/")

    page.select_option("#id_municipality", label="Balve")
    page.check("#id_life_domains_1")
    page.check("#id_legal_domains_0")
    page.fill("#id_description", "Sprachkurse beginnen erst nach sechs Monaten Wartezeit.")
    page.fill("#id_consequence", "Die Arbeitsaufnahme verzögert sich.")
    page.fill("#id_attempts", "Nachfrage beim Kursträger.")
    page.get_by_role("button", name="Meldung absenden").click()
    page.wait_for_url(re.compile(r"/hurdles/\d+/$"))
    axe.check(page, "/hurdles/<pk>/")
    screenshot(page, "hurdle-report")
    main = page.locator("main").inner_text()
    assert "ist eingegangen" in main
    number = re.search(r"M-\d+", main).group(0)

    page.get_by_role("link", name="Meldebögen").first.click()
    page.wait_for_url("**/hurdles/")
    row = page.locator("main tr", has_text=number)
    assert "eingegangen" in row.inner_text()
