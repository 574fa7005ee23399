"""Named test users, one per role (DOMAIN.md § 7). Every test module uses these."""

import pytest
from django.conf import settings
from django.utils import translation

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory, VerifiedClient


@pytest.fixture
def case_manager(db):
    return UserFactory(
        username="anna", first_name="Anna", last_name="Berger", role=Role.CASE_MANAGER
    )


@pytest.fixture
def coordinator(db):
    return UserFactory(
        username="jonas", first_name="Jonas", last_name="Keller", role=Role.COORDINATION
    )


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="petra", first_name="Petra", last_name="Wolf", role=Role.ADMINISTRATION
    )


@pytest.fixture
def external_partner(db):
    return UserFactory(
        username="lea", first_name="Lea", last_name="Hoffmann", role=Role.EXTERNAL_PARTNER
    )


@pytest.fixture
def steering_member(db):
    return UserFactory(
        username="thomas", first_name="Thomas", last_name="Becker", role=Role.STEERING_GROUP_MEMBER
    )


@pytest.fixture
def auditor(db):
    return UserFactory(username="sabine", first_name="Sabine", last_name="Kraus", role=Role.AUDITOR)


@pytest.fixture
def user_without_role(db):
    return UserFactory(username="norole")


ROLE_FIXTURES = [
    "case_manager",
    "coordinator",
    "administrator",
    "external_partner",
    "steering_member",
    "auditor",
    "user_without_role",
]


@pytest.fixture(autouse=True)
def german_at_start():
    """Every test starts in German: a request in English (cookie or the user's language) leaves
    its language active in the thread after the response, and the next test would inherit it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def client():
    """pytest-django's ``client``, whose ``force_login`` also gives the second factor (KIM asks
    every role that sees case data for it); tests of the login itself use ``django.test.Client``."""
    return VerifiedClient()


@pytest.fixture
def as_user(client, request):
    """``as_user("coordinator")`` logs the client in as that named user (password and second
    factor) and returns the client."""

    def login(fixture_name):
        client.force_login(request.getfixturevalue(fixture_name))
        return client

    return login


@pytest.fixture
def demo_directory(db):
    from kim.directory import demo

    return demo.load()


@pytest.fixture
def clock(monkeypatch):
    """The seconds the session middleware (kim/core/sessions.py) sees as now; move it with
    ``clock[0] += n``."""
    from kim.core import sessions

    now = [sessions._now()]
    monkeypatch.setattr(sessions, "_now", lambda: now[0])
    return now


@pytest.fixture
def keep_figures(settings):
    """Figures are kept (reports/snapshots.py; the test settings keep nothing), in a cache of
    this process that each test starts empty."""
    from django.core.cache import caches

    settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 60
    settings.CACHES = {
        **settings.CACHES,
        "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["reports"].clear()
    yield
    caches["reports"].clear()
