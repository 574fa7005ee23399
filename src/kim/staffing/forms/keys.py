"""Forms of the indicator import and the distribution key (concept § 3.6)."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core import dates
from kim.core.forms import KernForm
from kim.directory.models import PopulationFigures

from ..models import DistributionKey
from .positions import DecimalCommaField

MAX_UPLOAD = 2 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")


def year_field(**kwargs):
    return forms.IntegerField(
        label=_("Jahr der Kennzahlen"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Bitte geben Sie das Jahr an."),
            "invalid": _("Bitte geben Sie das Jahr als vierstellige Zahl an."),
            "min_value": _("Bitte geben Sie ein Jahr ab 2000 an."),
            "max_value": _("Bitte geben Sie ein Jahr bis 2100 an."),
        },
        **kwargs,
    )


class IndicatorImportForm(KernForm):
    year = year_field(help_text=_("Das Jahr, auf das sich die Zahlen beziehen, z. B. 2024."))
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "Eine Zeile je Kommune (AGS oder Name) mit den Spalten Einwohner, ohne deutsche "
            "Staatsangehörigkeit, ohne EU-Staatsangehörigkeit, Zuzüge und Asylanträge. "
            "Höchstens 2 MB."
        ),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
        },
    )
    source = forms.CharField(
        label=_("Quelle"),
        required=False,
        max_length=300,
        help_text=_("z. B. IT.NRW, Kommunalprofil 2024"),
        error_messages={"max_length": _("Bitte höchstens %(limit_value)s Zeichen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["year"].widget.attrs["inputmode"] = "numeric"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Die Datei ist größer als 2 MB."))
        return upload


def figure_years():
    return list(
        PopulationFigures.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


def weight_field(label):
    return DecimalCommaField(
        label=label,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("1"),
        error_messages={"required": _("Bitte geben Sie ein Gewicht an (0 für „nicht zählen“).")},
    )


class KeyComputeForm(KernForm):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=200,
        help_text=_("z. B. Verteilungsschlüssel 2026, Vorschlag für den Kreisausschuss"),
        error_messages={
            "required": _("Bitte geben Sie eine Bezeichnung an."),
            "max_length": _("Bitte höchstens %(limit_value)s Zeichen."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Jahr der Kennzahlen"),
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie das Jahr der Kennzahlen."),
            "invalid_choice": _("Für dieses Jahr liegen keine Kennzahlen vor."),
        },
    )
    weight_immigration = weight_field(_("Gewicht Zuzüge"))
    weight_asylum = weight_field(_("Gewicht Asylanträge"))
    weight_non_eu = weight_field(
        _("Gewicht Einwohner:innen ohne deutsche und ohne EU-Staatsangehörigkeit")
    )
    fte_total = DecimalCommaField(
        label=_("Zu verteilende VZÄ"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("14.00"),
        error_messages={"required": _("Bitte geben Sie die zu verteilenden VZÄ an.")},
    )
    step = DecimalCommaField(
        label=_("Schrittweite (VZÄ)"),
        max_digits=4,
        decimal_places=2,
        initial=Decimal("0.05"),
        help_text=_("Die kleinste Einheit, in der verteilt wird, z. B. 0,05 VZÄ."),
        error_messages={"required": _("Bitte geben Sie die Schrittweite an.")},
    )
    note = forms.CharField(
        label=_("Hinweis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = figure_years()
        self.fields["year"].choices = [("", _("Bitte wählen"))] + [(y, str(y)) for y in years]
        if years and not self.is_bound:
            self.initial.setdefault("year", years[0])
            self.initial.setdefault("name", _("Verteilungsschlüssel %(year)s") % {"year": years[0]})

    def weights(self):
        data = self.cleaned_data
        return {
            "immigration": data["weight_immigration"],
            "asylum_applications": data["weight_asylum"],
            "without_eu_citizenship": data["weight_non_eu"],
        }

    def key_kwargs(self):
        data = self.cleaned_data
        return {
            "year": data["year"],
            "weights": self.weights(),
            "fte_total": data["fte_total"],
            "step": data["step"],
        }


class KeyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.name} ({obj.year}, {dates.day(obj.computed_at)})"
        return f"{label} – {_('in Kraft')}" if obj.in_force else label


class KeyCompareForm(KernForm):
    a = KeyChoiceField(
        label=_("Schlüssel A"),
        queryset=DistributionKey.objects.all(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie den ersten Schlüssel."),
            "invalid_choice": _("Diesen Schlüssel gibt es nicht."),
        },
    )
    b = KeyChoiceField(
        label=_("Schlüssel B"),
        queryset=DistributionKey.objects.all(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie den zweiten Schlüssel."),
            "invalid_choice": _("Diesen Schlüssel gibt es nicht."),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"] == data["b"]:
            self.add_error("b", _("Bitte wählen Sie zwei verschiedene Schlüssel."))
        return data
