"""Forms of the Löschkonzept. Bad input gets a German message at the field; nothing changes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.forms.clients import DATE_ERRORS, DATE_INPUT_FORMATS, DateInput
from kim.core.forms import KernForm, KernModelForm

from .models import MAX_MONTHS, RetentionRule

REQUIRED = {"required": _("Bitte füllen Sie dieses Feld aus.")}


class RetentionRuleForm(KernModelForm):
    class Meta:
        model = RetentionRule
        fields = ["months", "explanation", "version"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "months": {
                "required": _("Bitte geben Sie die Frist in Monaten an."),
                "invalid": _("Die Frist ist eine ganze Zahl von Monaten, z. B. 36."),
                "min_value": _("Die Frist beträgt mindestens einen Monat."),
                "max_value": _("Die Frist beträgt höchstens %(limit)s Monate (zehn Jahre).")
                % {"limit": MAX_MONTHS},
            }
        }


class ErasureRequestForm(KernForm):
    requested_on = forms.DateField(
        label=_("Antrag vom"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={**DATE_ERRORS, "required": _("Bitte geben Sie das Datum des Antrags an.")},
    )
    reason = forms.CharField(
        label=_("Antrag und Grund"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_(
            "Wie und wann die Person die Löschung verlangt hat, z. B. „schriftlicher Antrag nach "
            "Art. 17 DSGVO, eingegangen per Post“. Bitte ohne Namen: die Begründung bleibt nach "
            "der Löschung erhalten."
        ),
        error_messages={
            "required": _("Bitte geben Sie an, wer die Löschung wann und wie beantragt hat."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens 1000 Zeichen)."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = timezone.localdate()


class ApproveForm(KernForm):
    confirm = forms.BooleanField(
        label=_(
            "Ich habe die Liste und die Folgen geprüft. Die Angaben zu diesen Personen werden "
            "unwiderruflich gelöscht."
        ),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie die Liste und die Folgen geprüft haben.")
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(KernForm):
    reason = forms.CharField(
        label=_("Grund für das Verwerfen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": _("Bitte begründen Sie, warum der Vorschlag verworfen wird."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens 1000 Zeichen)."),
        },
    )
