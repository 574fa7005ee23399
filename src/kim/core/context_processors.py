import hashlib

from django.utils import timezone

from kim.accounts import second_factor

from .navigation import NAVIGATION
from .sessions import renews_now
from .templatetags.quick import quick_reverse

# The entries of the navigation the user may see are kept in the session: two of them ask the
# database (a funded Baustein 3 position, a current working group membership), a query each on
# every page of a case manager, about a tenth of the machine's time at 16 users (issue #12).
NAV_KEY = "_kim_nav"


def _fingerprint(user):
    """What the kept entries hold for: the user, the day (positions are funded by date), the
    roles and permissions; when one of these changes, the next page computes them again."""
    parts = [str(user.pk), timezone.localdate().isoformat(), *sorted(user.roles)]
    # a superuser holds every permission (Django reads them all in a query of their own)
    parts += ["superuser"] if user.is_superuser else sorted(user.get_all_permissions())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def visible_entries(request, user):
    """The navigation entries whose permission ``user`` holds.

    Kept in the session and computed again whenever the session is renewed anyway (at most a
    minute apart, ``sessions.RENEW_AFTER_SECONDS``) or the fingerprint changed: a new position
    or working group membership shows in the navigation within a minute, a new role or day at
    once. The pages themselves check the permission on every request."""
    session = getattr(request, "session", None)
    fingerprint = _fingerprint(user)
    kept = session.get(NAV_KEY) if session is not None else None
    if (
        isinstance(kept, dict)
        and kept.get("for") == fingerprint
        and isinstance(kept.get("urls"), list)
        and not renews_now(session)
    ):
        names = set(kept["urls"])
        return [e for e in NAVIGATION if e.url_name in names]
    visible = [e for e in NAVIGATION if not e.permission or user.has_perm(e.permission)]
    if session is not None:
        session[NAV_KEY] = {"for": fingerprint, "urls": [e.url_name for e in visible]}
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
