"""Coordination in the browser: the positions, the distribution key of the case management
staff, and a target system with its service chain and monitoring."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow


def test_coordination_looks_at_the_distribution_key_and_a_target_system(page, login):
    login("jonas.keller")
    page.goto("/staffing/")
    axe.check(page, "/staffing/")
    page.get_by_role("link", name="Verteilungsschlüssel").first.click()
    page.wait_for_url("**/staffing/keys/")
    axe.check(page, "/staffing/keys/")
    page.get_by_role("link", name=re.compile(r"Verteilungsschlüssel 2025")).click()
    page.wait_for_url(re.compile(r"/staffing/keys/\d+/$"))
    axe.check(page, "/staffing/keys/<pk>/")
    screenshot(page, "distribution-key")
    assert page.locator("main table").count() >= 1
    for path in ("/staffing/assignments/", "/staffing/indicators/", "/staffing/hours/"):
        page.goto(path)
        axe.check(page, path)

    page.goto("/targetsystems/")
    axe.check(page, "/targetsystems/")
    page.get_by_role("link", name="Zielsystem Zugang zum Integrationskurs").click()
    page.wait_for_url(re.compile(r"/targetsystems/\d+/$"))
    axe.check(page, "/targetsystems/<pk>/")
    page.get_by_role("link", name="Vom Erstkontakt zum Integrationskurs").click()
    page.wait_for_url(re.compile(r"/targetsystems/chains/\d+/$"))
    axe.check(page, "/targetsystems/chains/<pk>/")
    screenshot(page, "service-chain")
    page.go_back()
    page.get_by_role("link", name="Monitoring").first.click()
    page.wait_for_url(re.compile(r"/targetsystems/\d+/monitoring/$"))
    axe.check(page, "/targetsystems/<pk>/monitoring/")
    screenshot(page, "monitoring")
    page.go_back()
    page.get_by_role("link", name="Verknüpfte Fälle").click()
    page.wait_for_url(re.compile(r"/targetsystems/\d+/cases/$"))
    axe.check(page, "/targetsystems/<pk>/cases/")
