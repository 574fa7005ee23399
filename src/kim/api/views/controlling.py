"""The state controlling figures of a period (Landescontrolling, issue #8): the fixed indicator
set of ``kim.reports.indicators`` for the ``ReportScope`` of the report's own filter form
(``ScopeForm``), for coordination (``reports.view_state_report``), as on the report page. Small
cells are suppressed ("<5") as in every export. Aggregates only: no access log entry."""

import datetime
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from kim.reports.exporters import filters_text, suppression_note
from kim.reports.forms import ScopeForm
from kim.reports.indicators import definition_text, evaluate_all

from ..filters import validated_form
from ..serializers.controlling import ControllingSerializer
from .base import ApiView

# the indicators count ages back from the period's end: years far outside these are typos
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_SCHEMA = {"type": "string", "format": "date", "example": "2026-01-01"}


@extend_schema(
    tags=["Landescontrolling"],
    summary="Kennzahlen für das Landescontrolling",
    description=(
        "Der feste Kennzahlensatz des Landescontrollings für einen Zeitraum (`start`, `end`, "
        "jeweils einschließlich) und die Filter des Berichts, wie auf der Seite "
        "„Landescontrolling“: je Kennzahl die Zeilen der Ausprägungen und die Summe, Zellen mit "
        "1 bis 4 Personen als „<5“. Nur für die Koordination."
    ),
    responses=ControllingSerializer,
)
class Controlling(ApiView):
    required_permissions = ("reports.view_state_report",)
    serializer_class = ControllingSerializer
    filter_form = ScopeForm  # documents the parameters; validated in ``get``
    parameters_from_filter_form = True
    filter_schema = {"start": DATE_SCHEMA, "end": DATE_SCHEMA}
    pagination_class = None

    def get(self, request, *args, **kwargs):
        self._check_iso_dates(request.query_params)
        form = validated_form(ScopeForm, request.query_params, user=request.user)
        self._check_period(form.cleaned_data)
        scope = form.scope()
        data = {
            "scope": {"start": scope.start, "end": scope.end, "filters": filters_text(scope)},
            "suppression_note": suppression_note(),
            "indicators": evaluate_all(scope),
        }
        serializer = ControllingSerializer(data, context={"definition": definition_text})
        return Response(serializer.data)

    def _check_iso_dates(self, params):
        """The API takes dates as JJJJ-MM-TT only (the form would also read 31.01.2026)."""
        message = _("Bitte geben Sie das Datum als JJJJ-MM-TT an, z. B. 2026-01-31.")
        errors = {
            name: [ErrorDetail(message, code="invalid")]
            for name in ("start", "end")
            if params.get(name) and not ISO_DATE.fullmatch(params[name])
        }
        if errors:
            raise exceptions.ValidationError(errors)

    def _check_period(self, data):
        message = _("Bitte ein Datum zwischen %(first)s und %(last)s.") % {
            "first": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
            "last": date_format(LATEST, "SHORT_DATE_FORMAT"),
        }
        errors = {
            name: [ErrorDetail(message, code="out_of_range")]
            for name in ("start", "end")
            if not EARLIEST <= data[name] <= LATEST
        }
        if errors:
            raise exceptions.ValidationError(errors)
