"""Sessions end after 60 minutes without activity (``KIM_SESSION_AGE_MINUTES``; a request starts
the 60 minutes anew, written at most once a minute: kim/core/sessions.py), and "Überall
abmelden" on "Mein Konto" ends every session of the person at once, on every device."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from kim.accounts.tests.factories import VerifiedClient
from kim.core import sessions

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def shift_expiry(client, minutes):
    """Pretend that ``minutes`` passed without a request (the session expires that much earlier)."""
    row = session_row(client)
    row.expire_date -= datetime.timedelta(minutes=minutes)
    row.save()


def test_the_limit_is_60_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    # renewed by KIM's session middleware, not written on every request
    assert "kim.core.sessions.SessionMiddleware" in settings.MIDDLEWARE
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_ends_after_60_minutes_without_activity(as_user):
    client = as_user("case_manager")
    assert client.get("/cases/").status_code == 200
    shift_expiry(client, 61)
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_keeps_the_session(as_user, clock):
    client = as_user("case_manager")
    client.get("/cases/")
    shift_expiry(client, 45)
    clock[0] += 60
    assert client.get("/cases/").status_code == 200
    # that request started the 60 minutes anew
    remaining = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=59) < remaining <= datetime.timedelta(minutes=60)
    shift_expiry(client, 45)
    clock[0] += 60
    assert client.get("/cases/").status_code == 200


def test_end_all_sessions_ends_this_one_and_those_on_other_devices(case_manager):
    office, phone = VerifiedClient(), VerifiedClient()
    office.force_login(case_manager)
    phone.force_login(case_manager)
    assert phone.get("/cases/").status_code == 200
    response = office.post(reverse("accounts:end_all_sessions"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Sie sind jetzt auf allen Geräten abgemeldet." in response.content.decode()
    for client in (office, phone):
        after = client.get("/cases/")
        assert after.status_code == 302
        assert after["Location"].startswith(reverse("login"))
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert entry.changes_dict == {"sessions": ["angemeldet", "überall abgemeldet"]}
    assert entry.actor == case_manager


def test_a_new_login_after_ending_all_sessions_works(case_manager):
    client = VerifiedClient()
    client.force_login(case_manager)
    client.post(reverse("accounts:end_all_sessions"))
    case_manager.refresh_from_db()  # a login reads the account from the database
    client.force_login(case_manager)
    assert client.get("/cases/").status_code == 200


def test_end_all_sessions_only_by_post(as_user):
    assert as_user("case_manager").get(reverse("accounts:end_all_sessions")).status_code == 405


def test_the_account_page_has_the_button(as_user):
    page = as_user("case_manager").get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:end_all_sessions") in page
    assert "Überall abmelden" in page
    assert "60 Minuten ohne Aktivität" in page


def _stored(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_requests_within_a_minute_do_not_write_the_session(as_user, clock):
    client = as_user("case_manager")
    assert client.get(HOME).status_code == 200  # the first request renews
    renewed = _stored(client)
    # a minute earlier than written: a second write would move it
    Session.objects.filter(pk=renewed.pk).update(
        expire_date=renewed.expire_date - datetime.timedelta(minutes=1)
    )
    clock[0] += 59
    assert client.get(HOME).status_code == 200
    assert _stored(client).expire_date == renewed.expire_date - datetime.timedelta(minutes=1)


def test_a_request_after_a_minute_renews_the_expiry(as_user, clock):
    client = as_user("case_manager")
    client.get(HOME)
    first = _stored(client).expire_date
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=first - datetime.timedelta(minutes=5)
    )
    clock[0] += 60
    before = timezone.now()
    assert client.get(HOME).status_code == 200
    renewed = _stored(client).expire_date
    assert renewed >= before + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 1)


def test_a_session_past_its_expiry_asks_for_the_login_again(as_user):
    client = as_user("case_manager")
    client.get(HOME)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_visit_without_login_gets_no_session(client):
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


def test_a_cookie_of_an_ended_or_made_up_session_creates_no_session(rf):
    """Straight through the middleware, with the session not yet read by anything before it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    request = rf.get("/gibt-es-nicht/")
    request.session = SessionStore("ausgedachter-sitzungsschluessel-1234")
    response = sessions.SessionMiddleware(lambda r: HttpResponse()).process_response(
        request, HttpResponse(status=404)
    )
    assert response.status_code == 404
    assert not Session.objects.exists()
