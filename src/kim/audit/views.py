"""The log viewer (Protokoll) and its CSV export, for the role "Datenschutz und Revision" and
coordination (``audit.view_log``, 403 for everyone else).

Both answer GET only: no request to an address of this app changes a log entry (405 for POST,
PUT, DELETE). The export is logged (``services.record_log_export``) and holds the log as it was
before that entry.
"""

import csv

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import services
from .changes import ValueFormatter
from .display import change_text, log_row, log_rows
from .forms import LogFilterForm
from .queries import log_entries

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


def _list_page(request, form, *, status=200):
    page = Paginator(form.filter(log_entries()), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": log_rows(page.object_list, request.user),
        "filtered": form.is_filtered,
    }
    return render(request, "audit/log_list.html", context, status=status)


@require_safe
@permission_required("audit.view_log", raise_exception=True)
def log_list(request):
    form = LogFilterForm(request.GET)
    return _list_page(request, form, status=400 if form.errors else 200)


class _Echo:
    """A file that hands back what is written to it, for a streamed CSV."""

    def write(self, value):
        return value


# a cell that starts like a formula would be run by a spreadsheet (CSV injection): kept as text
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


CSV_HEADER = [
    "Zeitpunkt",
    "Benutzer:in",
    "Aktion",
    "Art des Objekts",
    "Objekt",
    "Objekt-ID",
    "Fall-ID",
    "Klient:in-ID",
    "IP-Adresse",
    "Weg",
    "Änderungen",
]


def _csv_lines(entries):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # the BOM makes Excel read UTF-8
    fmt = ValueFormatter()
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        row = log_row(entry, fmt)
        moment = date_format(timezone.localtime(row["at"]), "d.m.Y H:i:s")
        changes = " | ".join(change_text(c, row["action_code"]) for c in row["changes"])
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    moment,
                    row["actor"],
                    row["action"],
                    row["object_type"],
                    row["object"],
                    row["object_id"],
                    row["case_id"],
                    row["client_id"],
                    row["ip"],
                    row["channel"] or _("Web"),
                    changes,
                )
            ]
        )


@require_safe
@permission_required("audit.view_log", raise_exception=True)
def log_export(request):
    """The filtered log as CSV (UTF-8 with BOM, ";"), newest first; itself logged."""
    form = LogFilterForm(request.GET)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    entries = form.filter(log_entries())
    record = services.record_log_export(
        by=request.user, filters=form.described(), count=entries.count()
    )
    entries = entries.filter(pk__lt=record.pk)
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    filename = f"protokoll-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
