"""Every API read of case data is in the access log, like an opening of the case file in the web
(``cases.services.log_case_file_opened``): one entry per object read, with who, when, from
where, and that it came through the API with which token.

The entries are django-auditlog's "access" entries, so the history page of a case lists API
reads of the case together with the openings in the web.
"""

from auditlog.models import LogEntry
from django.db import transaction


def _via(request):
    via = {"via": "api"}
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "prefix"):
        via["token"] = token.prefix
    return via


@transaction.atomic
def log_read(request, objects):
    """One access entry per object in ``objects`` (cases, clients), acted by the request's user.

    The actor is set here because the API authenticates in the view, after django-auditlog's
    middleware has looked at the (then still anonymous) request.
    """
    user = request.user
    via = _via(request)
    for obj in objects:
        extra = obj.get_additional_data() if hasattr(obj, "get_additional_data") else {}
        LogEntry.objects.log_create(
            obj,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            actor=user,
            actor_email=user.email or None,
            additional_data={**(extra or {}), **via},
        )
