"""In the browser: the finder as a case manager uses it, and the second factor as a new user
sets it up, in headless Chromium (slow); the Content Security Policy blocks nothing KIM needs.

Set ``KIM_SCREENSHOT_DIR`` to keep the screenshots for a look.
"""

import base64
import os
import shutil
from pathlib import Path

import pytest

from kim.accounts.roles import Role, sync_role_permissions
from kim.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server, monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium fehlt (Debian-Paket chromium); `make test` installiert es als root.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
        yield page
        browser.close()


def _screenshot(page, name, tmp_path):
    folder = Path(os.environ.get("KIM_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_case_manager_finds_the_youth_office_for_balve(
    browser_page, live_server, transactional_db, tmp_path
):
    from kim.directory import demo

    sync_role_permissions()  # transactional tests start from an emptied database
    demo.load()
    anna = UserFactory(username="anna", first_name="Anna", role=Role.CASE_MANAGER)
    device = TOTPDeviceFactory(user=anna)
    page = browser_page

    page.goto(f"{live_server.url}/directory/finder/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/accounts/second-factor/**")
    page.fill("#id_code", totp_code(device))
    page.press("#id_code", "Enter")
    page.wait_for_url("**/directory/finder/")
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Fira Sans" in font  # KERN UX stylesheet and fonts are served locally

    page.select_option("#id_municipality", label="Balve")
    page.select_option("#id_need", label="SGB VIII – Kinder- und Jugendhilfe (Jugendamt)")
    page.click("main button[type=submit]")
    page.locator("#finder-results h3").first.wait_for()
    assert page.locator("#finder-results h3").all_inner_texts() == [
        "Kreisjugendamt Märkischer Kreis"
    ]
    assert "municipality=" in page.url  # htmx pushed the query, so the result can be bookmarked
    _screenshot(page, "finder", tmp_path)

    page.fill("#id_age", "-1")
    page.click("main button[type=submit]")
    page.get_by_text("Das Alter kann nicht negativ sein.").first.wait_for()


def test_a_new_coordinator_sets_up_the_second_factor(
    browser_page, live_server, transactional_db, tmp_path
):
    from django_otp.oath import totp

    sync_role_permissions()
    UserFactory(username="jonas", first_name="Jonas", role=Role.COORDINATION)
    page = browser_page
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "jonas")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/accounts/second-factor/setup/**")
    assert page.locator(".kim-qr-code svg").is_visible()
    _screenshot(page, "second-factor-setup", tmp_path)
    # what a person types into the app by hand gives the same codes as the QR code
    secret = page.locator(".kim-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", f"{totp(key):06d}")
    page.press("#id_code", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert "Der zweite Faktor ist eingerichtet." in page.content()

    for path in ["/accounts/me/", "/accounts/security/", "/cases/", "/api/v1/docs/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert page.locator(".swagger-ui").count() == 1  # the API documentation ran its scripts
    assert blocked == []
