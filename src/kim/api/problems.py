"""Errors of the API as ``application/problem+json`` (RFC 9457) with German ``title`` and
``detail``. Validation errors name the field in ``errors``:

    {"type": "urn:kim:problem:validation", "title": "Ungültige Angaben", "status": 400,
     "detail": "…", "instance": "/api/v1/cases/?phase=x",
     "errors": [{"field": "phase", "detail": "Diese Phase gibt es nicht. …",
                 "code": "invalid_choice"}]}
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE = "urn:kim:problem:{}"
logger = logging.getLogger(__name__)


def _not_found_detail():
    return _("Diesen Eintrag gibt es nicht, oder Sie dürfen ihn nicht sehen.")


def _problem(status, kind, title, detail, instance, errors=None):
    body = {
        "type": PROBLEM_TYPE.format(kind),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _flatten(detail, field=None):
    """DRF's nested error details as a flat list of ``{field, detail, code}``."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            items.extend(_flatten(value, f"{field}.{name}" if field and name else name or field))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    return [{"field": field, "detail": str(detail), "code": getattr(detail, "code", "invalid")}]


def _describe(exc):
    """(status, kind, title, detail, errors) of an exception the API answers for."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return (
            400,
            "validation",
            _("Ungültige Angaben"),
            _("Die Anfrage enthält ungültige Angaben. Die betroffenen Felder stehen in „errors“."),
            _flatten(exc.detail),
        )
    if isinstance(exc, exceptions.NotAuthenticated):
        detail = _(
            "Bitte melden Sie sich mit einem Zugangsschlüssel an (Kopfzeile „Authorization: "
            "Bearer <Schlüssel>“). Zugänge legen Sie in KIM unter „API-Zugänge“ an."
        )
        return exc.status_code, "not-authenticated", _("Nicht angemeldet"), detail, None
    if isinstance(exc, exceptions.AuthenticationFailed):
        return (
            exc.status_code,
            "authentication-failed",
            _("Nicht angemeldet"),
            str(exc.detail),
            None,
        )
    if isinstance(exc, exceptions.PermissionDenied):
        detail = _("Ihre Rolle hat keinen Zugriff auf diese Daten.")
        return 403, "permission-denied", _("Keine Berechtigung"), detail, None
    if isinstance(exc, exceptions.NotFound):
        default = str(exc.detail) == str(exceptions.NotFound.default_detail)
        detail = _not_found_detail() if default else str(exc.detail)
        return 404, "not-found", _("Nicht gefunden"), detail, None
    if isinstance(exc, exceptions.MethodNotAllowed):
        detail = _("Die KIM-API ist nur lesend: erlaubt sind GET, HEAD und OPTIONS.")
        return 405, "method-not-allowed", _("Methode nicht erlaubt"), detail, None
    if isinstance(exc, exceptions.NotAcceptable):
        detail = _("Die KIM-API antwortet nur im Format JSON (application/json).")
        return 406, "not-acceptable", _("Format nicht verfügbar"), detail, None
    if isinstance(exc, exceptions.UnsupportedMediaType):
        detail = _("Die KIM-API nimmt nur JSON (application/json) an.")
        return 415, "unsupported-media-type", _("Format nicht unterstützt"), detail, None
    if isinstance(exc, exceptions.Throttled):
        detail = _("Zu viele Anfragen. Bitte versuchen Sie es später erneut.")
        return 429, "throttled", _("Zu viele Anfragen"), detail, None
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, "error", _("Fehler"), str(exc.detail), None
    return None


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error as problem+json, an unexpected one as 500 (its
    traceback goes to the log, never to the client)."""
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    described = _describe(exc)
    if described is None:
        logger.exception("Unerwarteter Fehler in der API: %s", instance)
        body = _problem(
            500,
            "server-error",
            _("Interner Fehler"),
            _("Bei der Bearbeitung ist ein Fehler aufgetreten. Er wurde protokolliert."),
            instance,
        )
        return Response(body, status=500, content_type=CONTENT_TYPE)
    status, kind, title, detail, errors = described
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    body = _problem(status, kind, title, detail, instance, errors)
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPE)


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    """Any path under /api/v1/ that names no endpoint."""
    body = _problem(
        404,
        "not-found",
        _("Nicht gefunden"),
        _("Diesen Pfad gibt es in der KIM-API nicht. Die Endpunkte stehen unter /api/v1/docs/."),
        request.get_full_path(),
    )
    return JsonResponse(
        body, status=404, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
