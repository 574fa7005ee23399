"""Serving stored files: only through views that checked the permission, never inline."""

import mimetypes

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def attachment_response(fieldfile, *, filename, content_type=None):
    """A download of a stored file as attachment, with headers that keep the browser from
    rendering or caching it (uploaded content is untrusted)."""
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Die Datei ist nicht mehr vorhanden.")) from None
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
