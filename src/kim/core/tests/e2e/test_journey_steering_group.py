"""The steering group in the browser: the themes overview and a past meeting with its minutes;
coordination then writes the minutes of the coming meeting."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow


def test_steering_group_reads_themes_and_minutes(page, login):
    login("thomas.becker")
    axe.check(page, "/ (Lenkungsgruppe)")
    page.get_by_role("link", name="Generative Themen").first.click()
    page.wait_for_url("**/hurdles/themes/overview/")
    axe.check(page, "/hurdles/themes/overview/")
    screenshot(page, "themes-overview")

    page.goto("/governance/")
    axe.check(page, "/governance/")
    page.get_by_role("link", name="Lenkungsgruppe KIM Märkischer Kreis").click()
    page.wait_for_url(re.compile(r"/governance/bodies/\d+/$"))
    axe.check(page, "/governance/bodies/<pk>/")
    page.get_by_role("link", name="11/2025: Sitzung der Lenkungsgruppe").click()
    page.wait_for_url(re.compile(r"/governance/meetings/\d+/$"))
    axe.check(page, "/governance/meetings/<pk>/")
    minutes = page.get_by_role("link", name=re.compile("Genehmigtes Protokoll"))
    assert minutes.is_visible()
    with page.expect_download() as event:
        minutes.click()
    assert event.value.suggested_filename.endswith(".pdf")


def test_coordination_writes_the_minutes_of_a_meeting(page, login):
    login("jonas.keller")
    page.goto("/governance/")
    page.get_by_role("link", name="Lenkungsgruppe KIM Märkischer Kreis").click()
    page.get_by_role("link", name="12/2026: Sitzung der Lenkungsgruppe").click()
    page.wait_for_url(re.compile(r"/governance/meetings/\d+/$"))
    axe.check(page, "/governance/meetings/<pk>/ (Koordination)")
    page.get_by_role("link", name="Protokoll schreiben").click()
    page.wait_for_url(re.compile(r"/governance/meetings/\d+/minutes/$"))
    axe.check(page, "/governance/meetings/<pk>/minutes/")
    text = page.input_value("#id_text")
    page.fill("#id_text", text + "\n\nTOP 2: Die Lenkungsgruppe richtet eine Arbeitsgruppe ein.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state("load")
    axe.check(page, "/governance/meetings/<pk>/minutes/ (Entwurf)")
    assert "Entwurf" in page.locator("main").inner_text()
