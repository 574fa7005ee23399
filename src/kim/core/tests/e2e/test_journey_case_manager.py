"""A case manager's day in the browser: open a case from the start page, record a waiver for
an organisation, an assessment, a goal, a referral to that organisation and a contact; close
another case. axe-core checks every page on the way."""

import re

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

ORGANISATION = "AWO Unterbezirk Hagen/Märkischer Kreis"


def _arrive(page, url):
    """Wait for the page at ``url`` (a redirect may add a query or an anchor)."""
    page.wait_for_url(re.compile("^" + re.escape(url) + r"([?#].*)?$"))


def test_a_case_managers_day(page, login):
    login("anna.berger")
    axe.check(page, "/")
    screenshot(page, "start-case-manager")

    # open the first of my open cases from the start page
    page.locator("main section", has_text="Meine offenen Fälle").locator("a").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    axe.check(page, "/cases/<pk>/")
    screenshot(page, "case")

    # consent: a waiver of confidentiality naming the AWO
    page.get_by_role("link", name="Zur Akte der Klientin/des Klienten").click()
    page.wait_for_url(re.compile(r"/cases/clients/\d+/$"))
    axe.check(page, "/cases/clients/<pk>/")
    page.goto(page.url + "consents/new/")
    axe.check(page, "/cases/clients/<pk>/consents/new/")
    page.check("#id_kind_1")
    page.select_option("#id_organisations", label=ORGANISATION)
    page.fill("#id_scope", "Austausch zur Beratung über Sprachkurs und Wohnung")
    page.get_by_role("button", name="Einwilligung speichern").click()
    page.wait_for_url(re.compile(r"/cases/clients/\d+/$"))
    assert ORGANISATION in page.locator("main").inner_text()

    # assessment
    page.goto(case_url + "assessment/new/")
    axe.check(page, "/cases/<pk>/assessment/new/")
    page.fill("#id_summary", "Sprachkenntnisse A2, sucht eine größere Wohnung.")
    page.select_option("#id_domain-language-need", "high")
    page.fill("#id_domain-language-situation", "Integrationskurs abgebrochen")
    page.get_by_role("button", name="Assessment speichern").click()
    _arrive(page, case_url + "assessment/")
    axe.check(page, "/cases/<pk>/assessment/")
    assert "Integrationskurs abgebrochen" in page.locator("main").inner_text()

    # a goal in the support plan
    page.goto(case_url + "plan/goals/new/")
    axe.check(page, "/cases/<pk>/plan/goals/new/")
    page.select_option("#id_life_domain", label="Sprache")
    page.fill("#id_description", "B1-Zertifikat bis zum Sommer")
    page.fill("#id_target_date", "2027-06-30")
    page.get_by_role("button", name="Speichern").click()
    _arrive(page, case_url + "plan/")
    axe.check(page, "/cases/<pk>/plan/")
    assert "B1-Zertifikat bis zum Sommer" in page.locator("main").inner_text()

    # a referral to the organisation the waiver names
    page.goto(case_url + "referrals/new/")
    axe.check(page, "/cases/<pk>/referrals/new/")
    office = page.locator("#id_office option", has_text="AWO").first.get_attribute("value")
    page.select_option("#id_office", office)
    page.fill("#id_reason", "Migrationsberatung zur Wohnungssuche")
    page.get_by_role("button", name="Vermittlung vorschlagen").click()
    _arrive(page, case_url + "referrals/")
    axe.check(page, "/cases/<pk>/referrals/")
    assert "Migrationsberatung zur Wohnungssuche" in page.locator("main").inner_text()

    # a contact
    page.goto(case_url + "contacts/new/")
    axe.check(page, "/cases/<pk>/contacts/new/")
    page.fill("#id_duration_minutes", "45")
    page.select_option("#id_channel", "in_person")
    page.check("#id_life_domains_1")
    page.fill("#id_note", "Kursangebote besprochen")
    page.get_by_role("button", name="Kontakt speichern").click()
    _arrive(page, case_url + "contacts/")
    axe.check(page, "/cases/<pk>/contacts/")
    assert "Kursangebote besprochen" in page.locator("main").inner_text()

    for tab in ("documents/", "history/"):
        page.goto(case_url + tab)
        axe.check(page, f"/cases/<pk>/{tab}")

    # close another case
    page.goto("/")
    other = page.locator("main section", has_text="Meine offenen Fälle").locator("a").nth(1)
    other.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert page.url != case_url
    closing = page.locator("form:has(#id_closed_target)")
    closing.locator("summary").click()  # "Fall abschließen …" opens the closing form
    page.select_option("#id_closed_closure_reason", "goals_achieved")
    page.fill("#id_closed_closure_outcome", "Arbeitsstelle gefunden, Sprachkurs abgeschlossen")
    closing.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    axe.check(page, "/cases/<pk>/ (abgeschlossen)")
    screenshot(page, "case-closed")
    assert "abgeschlossen" in page.locator("main").inner_text().lower()
