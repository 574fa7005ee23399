"""Forms of positions (Stellen) and assignments (Einsatzgebiete)."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core.forms import KernModelForm

from ..models import Assignment, Position

DATE_ERRORS = {"invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")}
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]  # ISO, German, English
FTE_POSITIVE = _("Die VZÄ müssen größer als 0 sein.")


class DateInput(forms.DateInput):
    """A native date picker (``<input type="date">``); the browser sends ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DecimalCommaField(forms.DecimalField):
    """A decimal number that accepts the German comma ("0,5") as well as a point ("0.5").

    Shown localised ("0,50") in a text input with the decimal keypad on mobile devices."""

    default_error_messages = {
        "invalid": _("Bitte geben Sie eine Zahl an, z. B. 0,5."),
        "max_digits": _("Bitte geben Sie höchstens %(max)s Ziffern an."),
        "max_decimal_places": _("Bitte geben Sie höchstens %(max)s Nachkommastellen an."),
        "max_whole_digits": _("Bitte geben Sie höchstens %(max)s Stellen vor dem Komma an."),
        "min_value": _("Der Wert darf nicht negativ sein."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value and "." not in value and get_format("DECIMAL_SEPARATOR") != ",":
                # "0,5" is a decimal comma in the English interface too (the German habit);
                # otherwise "1.000,5" and "1,000.5" follow the active language
                value = value.replace(",", ".")
        return super().to_python(value)


ORDER = ("last_name", "first_name", "username")


def active_users(keep=None):
    """Active users; ``keep`` (a user id) stays selectable when that user was deactivated."""
    return User.objects.filter(Q(is_active=True) | Q(pk=keep)).order_by(*ORDER)


def case_managers(keep=None):
    """Active users with the role case manager (and ``keep``, the one already chosen)."""
    return (
        User.objects.filter(Q(is_active=True, groups__name=Role.CASE_MANAGER.value) | Q(pk=keep))
        .distinct()
        .order_by(*ORDER)
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PositionForm(KernModelForm):
    class Meta:
        model = Position
        fields = [
            "funding_module",
            "type",
            "title",
            "fte",
            "forwarded_fte",
            "location",
            "funded_from",
            "funded_until",
            "holder",
            "notes",
        ]
        field_classes = {
            "fte": DecimalCommaField,
            "forwarded_fte": DecimalCommaField,
            "holder": UserChoiceField,
        }
        widgets = {
            "funded_from": DateInput(),
            "funded_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "fte": _("Vollzeitäquivalente, z. B. 0,5 oder 1,0."),
            "forwarded_fte": _("Nur für Baustein 1: Anteil, der an die Stadt Iserlohn geht."),
        }
        error_messages = {
            "funding_module": {"required": _("Bitte wählen Sie einen Baustein.")},
            "type": {"required": _("Bitte wählen Sie die Art der Stelle.")},
            "title": {"required": _("Bitte geben Sie eine Bezeichnung an.")},
            "fte": {"required": _("Bitte geben Sie die VZÄ an.")},
            "funded_from": {
                "required": _("Bitte geben Sie den Beginn der Förderung an."),
                **DATE_ERRORS,
            },
            "funded_until": DATE_ERRORS,
            "holder": {"invalid_choice": _("Bitte wählen Sie eine Person aus der Liste.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        holder = self.fields["holder"]
        holder.queryset = active_users(keep=self.instance.holder_id)
        holder.empty_label = _("unbesetzt")
        self.fields["forwarded_fte"].required = False
        for name in ("funding_module", "type"):
            choices = list(self.fields[name].choices)
            self.fields[name].choices = [("", _("Bitte wählen")), *choices[1:]]
        for name in ("funded_from", "funded_until"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS

    def clean_fte(self):
        fte = self.cleaned_data.get("fte")
        if fte is not None and fte <= 0:
            raise forms.ValidationError(FTE_POSITIVE, code="min_value")
        return fte

    def clean_forwarded_fte(self):
        value = self.cleaned_data.get("forwarded_fte")
        return Decimal("0") if value is None else value


class AssignmentForm(KernModelForm):
    class Meta:
        model = Assignment
        fields = ["case_manager", "municipality", "fte", "valid_from", "valid_until"]
        field_classes = {"fte": DecimalCommaField, "case_manager": UserChoiceField}
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        help_texts = {
            "fte": _("Anteil der Stelle für diese Kommune, z. B. 0,5."),
            "valid_until": _("Leer lassen, wenn das Einsatzgebiet unbefristet gilt."),
        }
        error_messages = {
            "case_manager": {
                "required": _("Bitte wählen Sie eine Case Manager:in."),
                "invalid_choice": _("Bitte wählen Sie eine Case Manager:in aus der Liste."),
            },
            "municipality": {
                "required": _("Bitte wählen Sie eine Kommune."),
                "invalid_choice": _("Bitte wählen Sie eine Kommune aus der Liste."),
            },
            "fte": {"required": _("Bitte geben Sie die VZÄ an.")},
            "valid_from": {"required": _("Bitte geben Sie an, ab wann es gilt."), **DATE_ERRORS},
            "valid_until": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["case_manager"]
        field.queryset = case_managers(keep=self.instance.case_manager_id)
        field.empty_label = _("Bitte wählen")
        self.fields["municipality"].empty_label = _("Bitte wählen")
        for name in ("valid_from", "valid_until"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS

    def clean_fte(self):
        fte = self.cleaned_data.get("fte")
        if fte is not None and fte <= 0:
            raise forms.ValidationError(FTE_POSITIVE, code="min_value")
        return fte
