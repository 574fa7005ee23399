from django.urls import reverse

from .navigation import NAVIGATION


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path.strip("/")
    entries = []
    for entry in NAVIGATION:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        current = path.startswith(entry.section) if entry.section else path == ""
        entries.append({"label": entry.label, "url": reverse(entry.url_name), "current": current})
    return {"main_navigation": entries}
