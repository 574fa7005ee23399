"""Filters of the API lists are the Django forms of the web lists (``CaseFilterForm``,
``ReportFilterForm``, ``FinderForm``, …): the same parameters, the same German messages, the same
QuerySet narrowing. Unlike the web page, which shows an invalid filter next to the list, the API
refuses it: 400 with the field in ``errors``.

A view names its form in ``filter_form`` and may pass keyword arguments to it
(``get_filter_form_kwargs``) and narrow the QuerySet itself (``apply_filter_form``); the default is
the form's own ``filter(queryset)``. The OpenAPI parameters are derived from the form's fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.filters import BaseFilterBackend

EMPTY_MESSAGE = _(
    "Dieser Parameter ist leer. Bitte lassen Sie ihn weg, wenn Sie nicht danach filtern."
)


def validated_form(form_class, data, **kwargs):
    """The bound, valid form; otherwise a validation error with every field's German message.

    An empty optional parameter (``?phase=``) is refused rather than read as "no filter", as the
    web form would: an API client leaves out what it does not filter by, and the schema says so.
    """
    form = form_class(data, **kwargs)
    errors = {}
    if not form.is_valid():
        errors = {
            name: [ErrorDetail(e["message"], code=e["code"]) for e in field_errors]
            for name, field_errors in form.errors.get_json_data().items()
        }
    for name, field in form_class.base_fields.items():
        if not field.required and name not in errors and data.get(name) == "":
            errors[name] = [ErrorDetail(EMPTY_MESSAGE, code="empty")]
    if errors:
        raise exceptions.ValidationError(errors)
    return form


class FormFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        form_class = getattr(view, "filter_form", None)
        if form_class is None:
            return queryset
        form = validated_form(form_class, request.query_params, **view.get_filter_form_kwargs())
        return view.apply_filter_form(form, queryset)

    def get_schema_operation_parameters(self, view):
        form_class = getattr(view, "filter_form", None)
        if form_class is None:
            return []
        overrides = getattr(view, "filter_schema", {})
        return [
            {
                "name": name,
                "required": field.required,
                "in": "query",
                "description": _description(field),
                "schema": _non_empty(overrides.get(name) or field_schema(field)),
            }
            for name, field in form_class.base_fields.items()
        ]


def _non_empty(schema):
    """Empty values are refused (``validated_form``): free text needs at least one character."""
    if schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema:
        schema = {**schema, "minLength": 1}
    return schema


def _description(field):
    parts = [str(field.label or "")]
    if field.help_text:
        parts.append(str(field.help_text))
    return " – ".join(p for p in parts if p)


def field_schema(field) -> dict:
    """The OpenAPI schema of a query parameter read by a form field."""
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "integer", "description": "ID"}
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, label in field.choices if not isinstance(label, list)]
        values = [v for v in values if v]
        return {"type": "string", "enum": values} if values else {"type": "string"}
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    schema = {"type": "string"}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema
