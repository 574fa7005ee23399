"""The browser journeys run against one live server with the demo data, loaded once for the
package (loading it takes seconds; a transactional test would flush it after every test).

The tests here use no ``db`` fixture, so pytest-django runs them after all database tests; when
the last journey is done the database is emptied again, as after a transactional test.
"""

import io
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from . import axe

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _is_test_database(connection):
    """Whether ``connection`` already points at a test database (pytest-django sets one up when
    database tests were collected): the in-memory SQLite of the tests, or a name with Django's
    test prefix. ``creation._get_test_db_name()`` cannot tell: after the setup it prefixes the
    test name once more ("test_test_…")."""
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    name = str(connection.settings_dict["NAME"])
    if name and name == (connection.settings_dict.get("TEST") or {}).get("NAME"):
        return True
    if connection.vendor == "sqlite":
        return connection.is_in_memory_db()
    return name.startswith(TEST_DATABASE_PREFIX)


@contextmanager
def _test_database():
    """pytest-django sets up the test database only when database tests were collected; when
    only the journeys run, set it up here (never the database of the settings)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if _is_test_database(connection):
        yield
        return
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


def _reference_data():
    """The lists the data migrations fill (a transactional test before may have emptied them)."""
    from kim.core.tests.reference_data import ensure_reference_lists

    ensure_reference_lists()


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """The URL of a live server with the demo data; every demo login has an authenticator app."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from kim.accounts.demo import DEMO_USERS
    from kim.accounts.models import User
    from kim.accounts.roles import sync_role_permissions
    from kim.accounts.tests.factories import TOTPDeviceFactory

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium fehlt (Debian-Paket chromium); `make test` installiert es als root.")
    if not (axe.AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core fehlt (npm ci).")
    # the test database of the run (on PostgreSQL as on SQLite), after the database tests, which
    # may have emptied it (transactional tests); set up here when only the journeys run
    with django_db_blocker.unblock(), _test_database():
        _reference_data()
        sync_role_permissions()
        call_command("load_demo_data", stdout=io.StringIO())
        for username, *_ in DEMO_USERS:
            TOTPDeviceFactory(user=User.objects.get(username=username))
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def pytest_terminal_summary(terminalreporter):
    """The pages axe-core checked and the number of rules it ran, at the end of the run."""
    if axe.CHECKED:
        terminalreporter.write_sep("-", "Barrierefreiheit")
        terminalreporter.write_line(axe.summary())


@pytest.fixture(scope="package")
def chromium():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, demo_site):
    # the test injects axe-core into the page; the Content Security Policy would block it
    context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="de-DE", bypass_csp=True, base_url=demo_site
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page, django_db_blocker):
    """Log in as a demo user with password and the code of the authenticator app."""
    from kim.accounts.demo import DEMO_PASSWORD
    from kim.accounts.tests.factories import totp_code

    def login_as(username, next_path="/"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        with django_db_blocker.unblock():
            device = TOTPDevice.objects.get(user__username=username)
            # a second login within 30 seconds may use the same code again
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        page.goto(f"/accounts/login/?next={next_path}")
        axe.check(page, "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.press("#id_password", "Enter")
        page.wait_for_url("**/accounts/second-factor/**")
        axe.check(page, "/accounts/second-factor/")
        page.fill("#id_code", totp_code(device))
        page.press("#id_code", "Enter")
        page.wait_for_url(lambda url: "/accounts/" not in url)
        return page

    return login_as


def screenshot(page, name):
    """Keep a screenshot when ``KIM_SCREENSHOT_DIR`` is set."""
    folder = os.environ.get("KIM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
