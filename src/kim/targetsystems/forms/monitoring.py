"""Forms of the monitoring on case level: indicators of a target system, linking a case by hand.

Which parameters a measure needs is checked by ``services.check_indicator`` (one place for the
rule and its German message); the form only offers the measures of ``measures.MEASURES``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm

from ..measures import MEASURE_CHOICES, MEASURES
from ..models import Indicator

PARAMETER_LABELS = {
    "service_type": _("Angebotsart"),
    "organisation": _("Institution"),
    "life_domain": _("Lebensbereich"),
    "within_days": _("Frist in Tagen"),
}
# what a parameter does where a measure uses it without requiring it
OPTIONAL_USE = {
    "service_type": _(
        "Bei den Vermittlungen wahlweise: nur Vermittlungen in Angebote dieser Art zählen."
    ),
    "organisation": _(
        "Bei den Vermittlungen wahlweise: nur Vermittlungen an diese Institution zählen."
    ),
}


def _required_for(name):
    labels = [f"„{m.label}“" for m in MEASURES.values() if name in m.requires]
    if not labels:
        return ""
    return _("Nötig für %(measures)s.") % {"measures": ", ".join(labels)}


class IndicatorForm(KernModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "measure",
            "service_type",
            "organisation",
            "life_domain",
            "within_days",
            "target_value",
        ]
        widgets = {"measure": forms.RadioSelect(choices=MEASURE_CHOICES)}
        localized_fields = ("target_value",)  # 42,5 as written in German
        error_messages = {
            "name": {"required": _("Bitte geben Sie eine Bezeichnung an.")},
            "within_days": {
                "invalid": _("Bitte geben Sie die Frist als ganze Zahl von Tagen an."),
                "min_value": _("Die Frist muss zwischen 1 und 365 Tagen liegen."),
                "max_value": _("Die Frist muss zwischen 1 und 365 Tagen liegen."),
            },
            "target_value": {
                "invalid": _("Bitte geben Sie den Zielwert als Zahl an, z. B. 80 oder 42,5."),
                "max_digits": _("Der Zielwert ist zu groß."),
                "max_decimal_places": _("Der Zielwert hat höchstens eine Nachkommastelle."),
                "max_whole_digits": _("Der Zielwert ist zu groß."),
            },
        }
        help_texts = {
            "name": _("Wie das Monitoring den Indikator nennt, z. B. „Tage bis zum Kursbeginn“."),
            "target_value": _(
                "In der Einheit der Messgröße (Tage oder Prozent); das Diagramm zeigt ihn als "
                "gestrichelte Linie."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the measure is checked by the service, so an unknown or missing one gets its message
        self.fields["measure"].required = False
        self.fields["measure"].label = _("Messgröße")
        for name in PARAMETER_LABELS:
            hint = " ".join(str(t) for t in (_required_for(name), OPTIONAL_USE.get(name, "")) if t)
            self.fields[name].help_text = hint
        self.fields["within_days"].widget.attrs.update({"min": 1, "max": 365})
        self.fields["target_value"].widget.attrs["inputmode"] = "decimal"

    def measure_options(self):
        """Each measure's radio button with what it counts and which parameters it needs."""
        options = []
        for choice in self["measure"]:
            measure = MEASURES[choice.data["value"]]
            needs = ", ".join(str(PARAMETER_LABELS[name]) for name in measure.requires)
            options.append({"choice": choice, "measure": measure, "needs": needs})
        return options


class CaseLinkForm(KernForm):
    case_number = forms.CharField(
        label=_("Fallnummer"),
        max_length=20,
        help_text=_("Die Nummer aus der Fallakte, z. B. 2026-000123."),
        error_messages={
            "required": _("Bitte geben Sie die Fallnummer an."),
            "max_length": _("Eine Fallnummer hat höchstens 20 Zeichen."),
        },
    )
