import hashlib

from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from kim.accounts import second_factor

from . import sessions
from .navigation import NAVIGATION
from .templatetags.quick import quick_reverse

# The entries of the navigation the user may see are kept in the session: two of them ask the
# database (a funded Baustein 3 position, a current working group membership), a query each on
# every page of a case manager, about a tenth of the machine's time at 16 users (issue #12).
NAV_KEY = "_kim_nav"
# the table itself is part of what the kept entries hold for: an update that changes an entry's
# permission does not show the entries kept before it
_TABLE = "|".join(f"{e.url_name}:{e.permission}" for e in NAVIGATION)


def _fingerprint(user):
    """What the kept entries hold for: the navigation table, the user, the day (positions are
    funded by date), the roles and permissions; when one of these changes, the next page
    computes them again."""
    parts = [_TABLE, str(user.pk), timezone.localdate().isoformat(), *sorted(user.roles)]
    # a superuser holds every permission (Django reads them all in a query of their own)
    parts += ["superuser"] if user.is_superuser else sorted(user.get_all_permissions())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def visible_entries(request, user):
    """The navigation entries whose permission ``user`` holds.

    Kept in the session with the time of the session's last renewal, and computed again when
    the session is renewed (at most a minute apart, ``sessions.RENEW_AFTER_SECONDS``; a page
    that renews it renews it here, so that both go into one write), when it was renewed by a
    request without a page since (a form sent, a download), or when the fingerprint changed. A
    new position or working group membership shows in the navigation about a minute later, a
    new role or day at once. The pages themselves check the permission on every request."""
    session = getattr(request, "session", None)
    login = session is not None and session.get(SESSION_KEY) is not None
    fingerprint = _fingerprint(user)
    if login:
        now = sessions._now()
        renewing = sessions.renews_now(session, now)
        kept = session.get(NAV_KEY)
        if (
            not renewing
            and isinstance(kept, dict)
            and kept.get("for") == fingerprint
            and kept.get("renewed") == session.get(sessions.RENEWED_AT)
            and isinstance(kept.get("urls"), list)
        ):
            names = set(kept["urls"])
            return [e for e in NAVIGATION if e.url_name in names]
    visible = [e for e in NAVIGATION if not e.permission or user.has_perm(e.permission)]
    if login:
        if renewing:
            session[sessions.RENEWED_AT] = now  # what the session middleware would do after
        session[NAV_KEY] = {
            "for": fingerprint,
            "renewed": session.get(sessions.RENEWED_AT),
            "urls": [e.url_name for e in visible],
        }
    return visible


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if second_factor.needs_verification(user):  # nothing to go to before the code is given
        return {}
    path = request.path.strip("/") + "/"
    visible = visible_entries(request, user)
    # the entry with the longest matching section is the current one ("cases/clients" > "cases")
    matching = [e for e in visible if e.section and path.startswith(e.section)]
    current = max(matching, key=lambda e: len(e.section), default=None)
    if current is None and path == "/":
        current = visible[0] if visible else None
    return {
        "main_navigation": [
            {"label": e.label, "url": quick_reverse(e.url_name), "current": e is current}
            for e in visible
        ]
    }
