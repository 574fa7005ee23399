from kim.accounts import second_factor

from .navigation import NAVIGATION
from .templatetags.quick import quick_reverse


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if second_factor.needs_verification(user):  # nothing to go to before the code is given
        return {}
    path = request.path.strip("/") + "/"
    visible = [e for e in NAVIGATION if not e.permission or user.has_perm(e.permission)]
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
