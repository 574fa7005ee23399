import datetime

import pytest
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory

from .factories import client_file


@pytest.fixture
def second_coordinator(db):
    """Another person of coordination: the second pair of eyes."""
    return UserFactory(
        username="mia", first_name="Mia", last_name="Schäfer", role=Role.COORDINATION
    )


@pytest.fixture
def old_file(db, case_manager):
    """A client of ``case_manager`` whose case closed 37 months ago: due under the default 36."""
    today = timezone.localdate()
    closed = today - datetime.timedelta(days=37 * 31)
    return client_file(
        opened_on=closed - datetime.timedelta(days=200), closed_on=closed, case_manager=case_manager
    )


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as any user and returns it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def counts(monkeypatch):
    """How often the clients due were counted (``retention.count_due``)."""
    from kim.privacy import retention

    calls = []
    count = retention.count_due
    monkeypatch.setattr(retention, "count_due", lambda *a: calls.append(a) or count(*a))
    return calls
