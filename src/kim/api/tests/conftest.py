"""Fixtures of the API tests: a token for a named user (``src/kim/conftest.py``) and a client that
sends it."""

import pytest
from rest_framework.test import APIClient

from kim.api import services


@pytest.fixture
def token_for(request):
    """``token_for("case_manager")`` creates a token for that named user and returns it raw."""

    def create(fixture_name, **kwargs):
        user = request.getfixturevalue(fixture_name)
        _token, raw = services.create_token(user, name="Test", **kwargs)
        return raw

    return create


@pytest.fixture
def api(token_for):
    """``api("coordinator")`` is an API client with a token of that named user; ``api(None)``
    one without token."""

    def make(fixture_name=None):
        client = APIClient()
        if fixture_name:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(fixture_name)}")
        return client

    return make
