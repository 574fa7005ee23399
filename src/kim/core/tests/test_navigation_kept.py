"""The entries of the main navigation are kept in the session (kim/core/context_processors.py,
issue #12): a page within the minute asks the database nothing for them; a new position or
working group membership shows when the session is renewed (at most a minute later), a new role
and a new day at once; the page itself checks the permission on every request."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.core import sessions
from kim.core.context_processors import NAV_KEY
from kim.residence.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
BAUSTEIN3 = "Bleiberecht/Einbürgerung"
ELIGIBILITY = reverse("residence:eligibility_list")


def labels(response):
    return [str(entry["label"]) for entry in response.context["main_navigation"]]


def nav_queries(client, path=HOME):
    """The page, and the statements it sent that ask for positions or memberships."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    asked = [
        q["sql"]
        for q in queries.captured_queries
        if "staffing_position" in q["sql"] or "governance_membership" in q["sql"]
    ]
    return response, asked


def test_a_page_within_the_minute_asks_nothing_for_the_navigation(as_user, clock):
    client = as_user("case_manager")
    first, asked = nav_queries(client)
    assert len(asked) == 2  # the Baustein 3 position and the working group
    clock[0] += 30
    second, asked = nav_queries(client)
    assert asked == []
    assert labels(second) == labels(first) and "Fälle" in labels(second)


def test_a_new_position_shows_when_the_session_is_renewed(as_user, case_manager, clock):
    client = as_user("case_manager")
    assert BAUSTEIN3 not in labels(client.get(HOME))
    PositionFactory(holder=case_manager)
    clock[0] += 30
    assert BAUSTEIN3 not in labels(client.get(HOME))  # kept: at most a minute old
    # the page itself asks on every request
    assert client.get(ELIGIBILITY).status_code == 200
    clock[0] += 31
    response, asked = nav_queries(client)
    assert asked and BAUSTEIN3 in labels(response)


def test_a_new_role_shows_at_once(as_user, case_manager, clock):
    client = as_user("case_manager")
    assert "Fallübersicht" not in labels(client.get(HOME))
    case_manager.groups.add(Group.objects.get(name=Role.COORDINATION.value))
    clock[0] += 1
    assert "Fallübersicht" in labels(client.get(HOME))


def test_a_new_day_computes_the_entries_again(as_user, case_manager, clock, monkeypatch):
    client = as_user("case_manager")
    client.get(HOME)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    PositionFactory(holder=case_manager, funded_from=tomorrow)
    assert BAUSTEIN3 not in labels(client.get(HOME))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    clock[0] += 1
    assert BAUSTEIN3 in labels(client.get(HOME))


@pytest.mark.parametrize("kept", ["Fälle", ["home"], {"for": "x", "urls": ["home"]}, {"urls": 3}])
def test_a_kept_value_that_does_not_fit_is_computed_again(as_user, clock, kept):
    client = as_user("case_manager")
    expected = labels(client.get(HOME))
    session = client.session
    session[NAV_KEY] = kept
    session.save()
    clock[0] += 1
    response, asked = nav_queries(client)
    assert asked and labels(response) == expected


def test_kept_entries_of_another_user_are_not_taken(as_user, case_manager, clock):
    from kim.accounts.tests.factories import UserFactory, VerifiedClient

    PositionFactory(holder=case_manager)
    holder = as_user("case_manager")
    assert BAUSTEIN3 in labels(holder.get(HOME))
    other = VerifiedClient()
    other.force_login(UserFactory(username="mara", role=Role.CASE_MANAGER))
    other.get(HOME)
    # the kept entries of the holder, as if copied into the other's session
    session = other.session
    session[NAV_KEY] = holder.session[NAV_KEY]
    session[sessions.RENEWED_AT] = holder.session[sessions.RENEWED_AT]
    session.save()
    clock[0] += 1
    assert BAUSTEIN3 not in labels(other.get(HOME))


def test_the_session_is_written_once_a_minute_not_per_page(as_user, clock, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    client = as_user("case_manager")
    client.get(HOME)
    writes = []
    save = SessionStore.save
    monkeypatch.setattr(
        SessionStore, "save", lambda self, *a, **k: writes.append(1) or save(self, *a, **k)
    )
    for _ in range(3):
        clock[0] += 10
        client.get(HOME)
    assert writes == []
    clock[0] += 31
    client.get(HOME)
    assert len(writes) == 1  # the renewal, with the entries computed again
    clock[0] += 5
    client.get(HOME)
    assert len(writes) == 1


def test_a_renewal_without_a_page_has_the_next_page_compute_again(as_user, case_manager, clock):
    client = as_user("case_manager")
    assert BAUSTEIN3 not in labels(client.get(HOME))
    PositionFactory(holder=case_manager)
    clock[0] += 61
    assert client.get("/api/v1/cases/").status_code == 200  # renews the session, no navigation
    clock[0] += 1
    assert BAUSTEIN3 in labels(client.get(HOME))


def test_an_ended_position_goes_from_the_navigation(as_user, case_manager, clock):
    position = PositionFactory(holder=case_manager)
    client = as_user("case_manager")
    assert BAUSTEIN3 in labels(client.get(HOME))
    position.delete()
    clock[0] += 61
    assert BAUSTEIN3 not in labels(client.get(HOME))
    assert client.get(ELIGIBILITY).status_code == 403


def test_before_the_second_factor_nothing_is_kept(case_manager, clock):
    from django.test import Client

    client = Client()
    client.force_login(case_manager)  # password only: the code is still to be given
    client.get(HOME)
    assert NAV_KEY not in client.session


def test_a_superuser_is_not_asked_for_every_permission(clock):
    from kim.accounts.tests.factories import UserFactory, VerifiedClient

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = VerifiedClient()
    client.force_login(admin)
    client.get(HOME)
    clock[0] += 1
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert "Fälle" in labels(response)
    # Django's list of every permission (no WHERE); the user's roles are read as for anyone
    every = [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]
    assert every and not [sql for sql in every if "WHERE" not in sql]
