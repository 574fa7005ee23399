"""The filters of the log viewer (GET). Bad input gets a German message, and then no entry is
shown at all: a list that silently left out one filter would look like an answer it is not."""

import datetime

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.forms.clients import DATE_ERRORS, DATE_INPUT_FORMATS, DateInput
from kim.cases.models import Case
from kim.core import dates
from kim.core.forms import KernForm

from .changes import ACTION_LABELS, MODEL_LABELS, object_type_label
from .queries import about_case, about_client

ACTION_CODES = {
    "created": LogEntry.Action.CREATE,
    "changed": LogEntry.Action.UPDATE,
    "deleted": LogEntry.Action.DELETE,
    "accessed": LogEntry.Action.ACCESS,
}


def _kind_choices():
    """Every kind of object the log may hold, by its German name."""
    models = {*auditlog.get_models(), *MODEL_LABELS}
    kinds = []
    for content_type in ContentType.objects.get_for_models(*models).values():
        kinds.append((f"{content_type.app_label}.{content_type.model}", content_type))
    kinds.sort(key=lambda kind: str(object_type_label(kind[1])).lower())
    return [("", _("alle Arten")), *((key, object_type_label(ct)) for key, ct in kinds)]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


def _choice_error(what):
    return {
        "invalid_choice": _("%(what)s gibt es nicht. Bitte wählen Sie aus der Liste.")
        % {"what": what}
    }


class LogFilterForm(KernForm):
    date_from = forms.DateField(
        label=_("von"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages=DATE_ERRORS,
    )
    date_to = forms.DateField(
        label=_("bis"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages=DATE_ERRORS,
    )
    actor = UserChoiceField(
        label=_("Benutzer:in"),
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        required=False,
        empty_label=_("alle Benutzer:innen"),
        error_messages=_choice_error(_("Diese Benutzer:in")),
    )
    action = forms.ChoiceField(
        label=_("Aktion"),
        required=False,
        choices=[
            ("", _("alle Aktionen")),
            *((key, ACTION_LABELS[code]) for key, code in ACTION_CODES.items()),
        ],
        error_messages=_choice_error(_("Diese Aktion")),
    )
    kind = forms.ChoiceField(
        label=_("Art des Objekts"),
        required=False,
        help_text=_("z. B. Fall, Dokument"),
        error_messages=_choice_error(_("Diese Art")),
    )
    object_id = forms.IntegerField(
        label=_("Objekt-ID"),
        required=False,
        min_value=1,
        help_text=_("z. B. 42 aus …/cases/42/"),
        error_messages={
            "invalid": _("Die Objekt-ID ist eine ganze Zahl, z. B. 42."),
            "min_value": _("Die Objekt-ID ist eine ganze Zahl, z. B. 42."),
        },
    )
    case_number = forms.CharField(
        label=_("Fallnummer"),
        required=False,
        max_length=20,
        help_text=_("mit Akte und Dokumenten"),
        error_messages={"max_length": _("Eine Fallnummer hat höchstens 20 Zeichen.")},
    )
    client_id = forms.IntegerField(
        label=_("Klient:in-ID"),
        required=False,
        min_value=1,
        help_text=_("mit allen ihren Fällen"),
        error_messages={
            "invalid": _("Die Klient:in-ID ist eine ganze Zahl, z. B. 17."),
            "min_value": _("Die Klient:in-ID ist eine ganze Zahl, z. B. 17."),
        },
    )
    ip = forms.GenericIPAddressField(
        label=_("IP-Adresse"),
        required=False,
        error_messages={
            "invalid": _("Bitte geben Sie eine IP-Adresse an, z. B. 192.0.2.10 oder 2001:db8::1.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()

    def clean_case_number(self):
        number = self.cleaned_data["case_number"].strip()
        if number and not Case.objects.filter(number=number).exists():
            raise forms.ValidationError(
                _("Einen Fall mit der Nummer „%(number)s“ gibt es nicht."),
                params={"number": number},
            )
        return number

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return data

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, entries):
        """The entries that match every filter; none at all while a filter is invalid."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["date_from"]:
            entries = entries.filter(timestamp__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(
                timestamp__lt=_start_of(data["date_to"] + datetime.timedelta(days=1))
            )
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        if data["action"]:
            entries = entries.filter(action=ACTION_CODES[data["action"]])
        if data["kind"]:
            app_label, model = data["kind"].split(".", 1)
            entries = entries.filter(
                content_type=ContentType.objects.get_by_natural_key(app_label, model)
            )
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"])
        if data["case_number"]:
            case = Case.objects.get(number=data["case_number"])
            entries = entries.filter(about_case(case.pk))
        if data["client_id"]:
            entries = entries.filter(about_client(data["client_id"]))
        if data["ip"]:
            entries = entries.filter(remote_addr=data["ip"])
        return entries

    def described(self):
        """The filters in use as ``{label: value}`` (kept with the log entry of an export)."""
        if not self.is_valid():
            return {}
        described = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(value, datetime.date):
                value = dates.day(value)
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)
            described[str(field.label)] = str(value)
        return described


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
