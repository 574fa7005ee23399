"""Sessions that end after ``KIM_SESSION_AGE_MINUTES`` of inactivity, written at most once a
minute.

Django renews the expiry of a session by writing it on every request
(``SESSION_SAVE_EVERY_REQUEST``): one UPDATE and one commit per page, at 16 users the most
frequent write of the database (issue #12). Here a session is written when it changed or when
its last renewal is a minute old or older; it then ends between 59 and 60 minutes after the last
request instead of exactly 60.
"""

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

RENEWED_AT = "_kim_renewed_at"
RENEW_AFTER_SECONDS = 60


def _now():
    return int(time.time())


def renews_now(session, now=None):
    """Whether ``session`` is renewed (written) at the end of this request: its last renewal is
    ``RENEW_AFTER_SECONDS`` old or older, or there was none. What is kept in the session for a
    while (the navigation, kim/core/context_processors.py) is computed again then, without a
    write of its own."""
    renewed_at = session.get(RENEWED_AT)
    now = _now() if now is None else now
    return not isinstance(renewed_at, int) or now - renewed_at >= RENEW_AFTER_SECONDS


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # only the session of a login: an anonymous visit, or a cookie of an ended or made-up
        # session (which loads as empty), gets no session from here
        if session is not None and session.get(SESSION_KEY) is not None:
            now = _now()
            if renews_now(session, now):
                session[RENEWED_AT] = now  # marks it modified: saved with a new expiry
        return super().process_response(request, response)
