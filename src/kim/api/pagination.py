"""Pagination of every list: page numbers, and cursors for the long, growing lists of cases and
contacts (a cursor stays stable while new entries arrive). Bad values of ``page``, ``page_size``
or ``cursor`` are validation errors with the field; a page past the end is 404."""

from base64 import b64decode
from urllib import parse

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, pagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _is_number(raw):
    return raw.isascii() and raw.isdigit()


def _page_size(request, param, default):
    raw = request.query_params.get(param)
    if raw is None:
        return default
    if not _is_number(raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {param: [_("Bitte eine ganze Zahl von 1 bis %(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )
    return int(raw)


def _with_bounds(parameters):
    """The OpenAPI parameters with the bounds this module checks."""
    bounds = {
        "page": {"minimum": 1},
        "page_size": {"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    }
    for parameter in parameters:
        parameter["schema"].update(bounds.get(parameter["name"], {}))
    return parameters


PAGE_SIZE_DESCRIPTION = _lazy("Einträge je Seite (1 bis %(max)s, Vorgabe %(default)s)") % {
    "max": MAX_PAGE_SIZE,
    "default": PAGE_SIZE,
}


class PagePagination(pagination.PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = _lazy("Nummer der Seite, ab 1")
    page_size_query_description = PAGE_SIZE_DESCRIPTION

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size)

    def get_schema_operation_parameters(self, view):
        return _with_bounds(super().get_schema_operation_parameters(view))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        raw = request.query_params.get(self.page_query_param, "1")
        if not _is_number(raw) or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("Die Seite ist eine ganze Zahl ab 1.")]}
            )
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(int(raw))
        except InvalidPage:
            raise exceptions.NotFound(
                _("Die Seite %(page)s gibt es nicht (letzte Seite: %(pages)s).")
                % {"page": raw, "pages": paginator.num_pages}
            ) from None
        return list(self.page)


class NewestFirstCursorPagination(pagination.CursorPagination):
    """Newest entries first; the cursor is an opaque string from ``next``/``previous``."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-pk"
    cursor_query_description = _lazy("Cursor aus den Links „next“ oder „previous“, unverändert")
    page_size_query_description = PAGE_SIZE_DESCRIPTION

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size)

    def get_schema_operation_parameters(self, view):
        return _with_bounds(super().get_schema_operation_parameters(view))

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        invalid = exceptions.ValidationError(
            {
                self.cursor_query_param: [
                    _(
                        "Dieser Cursor ist ungültig. Bitte verwenden Sie die Links aus „next“ "
                        "und „previous“ unverändert."
                    )
                ]
            }
        )
        try:
            querystring = b64decode(encoded.encode("ascii")).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True)
        except (TypeError, ValueError):
            raise invalid from None
        position = tokens.get("p", [None])[0]
        # the position is a primary key (ordering "-pk"); anything else is no cursor of ours
        if position is not None and not (_is_number(position) and len(position) <= 18):
            raise invalid
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise invalid from None
