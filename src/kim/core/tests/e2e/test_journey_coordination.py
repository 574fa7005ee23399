"""Coordination in the browser: triage a new hurdle report (assign a topic), open a case
reconstruction, look at the dashboard and the state controlling report and export it as XLSX."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow


def test_coordination_triages_reports_and_exports_the_state_report(page, login):
    login("jonas.keller")
    axe.check(page, "/ (Koordination)")

    # triage: a received report gets a topic
    page.goto("/hurdles/?state=received")
    axe.check(page, "/hurdles/?state=received")
    page.locator("main table a[href^='/hurdles/']").first.click()
    page.wait_for_url(re.compile(r"/hurdles/\d+/$"))
    axe.check(page, "/hurdles/<pk>/ (Sichtung)")
    number = re.search(r"M-\d+", page.locator("h1").inner_text()).group(0)
    topic = page.locator("#id_assigned_topic option").nth(1).inner_text()
    page.select_option("#id_assigned_topic", label=topic)
    page.get_by_role("button", name="Thema zuordnen").click()
    page.wait_for_load_state("load")
    main = page.locator("main").inner_text()
    assert "einem Thema zugeordnet" in main
    assert topic in main
    axe.check(page, "/hurdles/<pk>/ (zugeordnet)")
    page.goto("/hurdles/topics/")
    axe.check(page, "/hurdles/topics/")
    page.get_by_role("link", name=topic).first.click()
    page.wait_for_url(re.compile(r"/hurdles/topics/\d+/$"))
    axe.check(page, "/hurdles/topics/<pk>/")
    assert number in page.locator("main").inner_text()

    # a case reconstruction
    page.goto("/hurdles/reconstructions/")
    axe.check(page, "/hurdles/reconstructions/")
    page.get_by_role("link", name="Verlängerung des Aufenthaltstitels und Arbeitsaufnahme").click()
    page.wait_for_url(re.compile(r"/hurdles/reconstructions/\d+/$"))
    axe.check(page, "/hurdles/reconstructions/<pk>/")
    assert page.get_by_role("heading", name="Weg über die Institutionen").is_visible()
    page.goto("/hurdles/reconstructions/new/")
    axe.check(page, "/hurdles/reconstructions/new/")

    # reports: dashboard, state controlling, XLSX export
    page.goto("/reports/")
    axe.check(page, "/reports/")
    screenshot(page, "dashboard")
    page.get_by_role("link", name="Zum Landescontrolling-Bericht und den Exporten").click()
    page.wait_for_url("**/reports/state/")
    axe.check(page, "/reports/state/")
    page.get_by_role("button", name="Excel (XLSX)").click()
    page.wait_for_url(re.compile(r"/reports/exports/\d+/$"))
    download = page.get_by_role("link", name=re.compile(r"\.xlsx herunterladen"))
    download.wait_for(timeout=30_000)
    assert "Der Export ist fertig." in page.locator("main").inner_text()
    axe.check(page, "/reports/exports/<pk>/")
    with page.expect_download() as event:
        download.click()
    assert event.value.suggested_filename.endswith(".xlsx")
