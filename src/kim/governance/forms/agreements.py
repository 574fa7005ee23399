"""Forms of cooperation agreements and their evaluations (concept § 3.5, § 3.8)."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.services import DocumentRejected, check_document
from kim.core.forms import KernModelForm
from kim.directory.models import Organisation

from ..models import AgreementEvaluation, CooperationAgreement

ISO_DATE = "%Y-%m-%d"


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class AgreementForm(KernModelForm):
    evaluation_interval_months = forms.IntegerField(
        label=_("Evaluation alle … Monate"),
        min_value=1,
        max_value=120,
        initial=12,
        help_text=_("Abstand zwischen zwei Evaluationen, 1 bis 120 Monate."),
        error_messages={
            "required": _("Bitte geben Sie an, alle wie viele Monate evaluiert wird."),
            "invalid": _("Bitte geben Sie eine ganze Zahl von Monaten an."),
            "min_value": _("Der Abstand muss zwischen 1 und 120 Monaten liegen."),
            "max_value": _("Der Abstand muss zwischen 1 und 120 Monaten liegen."),
        },
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "partner",
            "title",
            "signed_on",
            "subjects",
            "document",
            "evaluation_interval_months",
            "active",
        ]
        widgets = {
            "signed_on": _date_input(),
            "subjects": forms.Textarea(attrs={"rows": 5}),
            "document": forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        }
        help_texts = {
            "partner": _("Organisation aus dem Verzeichnis, z. B. die Stadt oder Gemeinde."),
            "subjects": _(
                "Was die Vereinbarung regelt, z. B. Einsatz des Case Managements vor Ort."
            ),
            "document": _(
                "Die unterschriebene Vereinbarung als PDF, höchstens 10 MB. Eine neue Datei "
                "ersetzt die bisherige."
            ),
        }
        error_messages = {
            "partner": {"required": _("Bitte wählen Sie den Partner der Vereinbarung.")},
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "signed_on": {
                "required": _("Bitte geben Sie das Datum der Unterzeichnung an."),
                "invalid": _("Bitte geben Sie ein gültiges Datum an."),
            },
            "subjects": {"required": _("Bitte beschreiben Sie die Gegenstände der Vereinbarung.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.order_by("name")

    def clean_signed_on(self):
        return _not_in_future(
            self.cleaned_data.get("signed_on"),
            _("Das Datum der Unterzeichnung darf nicht in der Zukunft liegen."),
        )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not isinstance(document, UploadedFile):
            return document  # no new upload: the stored file stays
        if not document.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("Bitte laden Sie die Vereinbarung als PDF-Datei hoch."))
        try:
            check_document(document)
        except DocumentRejected as exc:
            raise forms.ValidationError(exc.message) from None
        return document


class EvaluationForm(KernModelForm):
    class Meta:
        model = AgreementEvaluation
        fields = ["evaluated_on", "result", "next_steps"]
        widgets = {
            "evaluated_on": _date_input(),
            "result": forms.Textarea(attrs={"rows": 5}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "result": _("Was hat sich bewährt, was nicht? Ohne Angaben zu einzelnen Personen."),
        }
        error_messages = {
            "evaluated_on": {
                "required": _("Bitte geben Sie das Datum der Evaluation an."),
                "invalid": _("Bitte geben Sie ein gültiges Datum an."),
            },
            "result": {"required": _("Bitte geben Sie das Ergebnis der Evaluation an.")},
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.instance.agreement = agreement

    def clean_evaluated_on(self):
        evaluated_on = _not_in_future(
            self.cleaned_data.get("evaluated_on"),
            _("Das Datum der Evaluation darf nicht in der Zukunft liegen."),
        )
        if evaluated_on and evaluated_on < self.agreement.signed_on:
            raise forms.ValidationError(
                _("Die Evaluation kann nicht vor der Unterzeichnung liegen.")
            )
        return evaluated_on
