"""Forms for the client's record that the Baustein 3 pre-check reads (kim/residence):
the yes/no facts and dates on the client, residence periods, language certificates, schooling.

Rules of the data (no date in the future, an end not before the start, the legal basis with a
residence permit) live in the models' ``clean``; the forms add German messages for choices that
do not exist and what goes with what on the client (employment and its "since").
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernModelForm

from ..models import (
    CefrLevel,
    Client,
    EducationRecord,
    Employment,
    Language,
    LanguageCertificate,
    ResidencePeriod,
    ResidenceStatus,
)
from .clients import DATE_ERRORS, DATE_INPUT_FORMATS, DateInput, renderer

CHOOSE_FROM_LIST = _("Diese Antwort gibt es nicht. Bitte wählen Sie aus der Liste.")
FUTURE = _("Dieses Datum darf nicht in der Zukunft liegen.")


def _dates(form, *names):
    for name in names:
        field = form.fields[name]
        field.widget = DateInput(attrs=field.widget.attrs)
        field.input_formats = DATE_INPUT_FORMATS
        field.error_messages.update(DATE_ERRORS)


def _choice_messages(form):
    """A German message for a choice that is not offered, unless the form names its own."""
    declared = form._meta.error_messages or {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) and (
            "invalid_choice" not in declared.get(name, {})
        ):
            field.error_messages["invalid_choice"] = CHOOSE_FROM_LIST


FACT_DATES = (
    "employment_since",
    "integration_course_completed_on",
    "orientation_test_passed_on",
    "naturalisation_test_passed_on",
)


class ResidenceFactsForm(KernModelForm):
    """The yes/no facts, employment, livelihood and tests of a client."""

    default_renderer = renderer

    class Meta:
        model = Client
        fields = [
            "identity_clarified",
            "commitment_declared",
            "relevant_convictions",
            "lives_with_minor_child",
            "children_school_attendance",
            "employment",
            "employment_since",
            "livelihood",
            "integration_course_completed_on",
            "orientation_test_passed_on",
            "naturalisation_test_passed_on",
            "version",
        ]
        widgets = {
            "identity_clarified": forms.RadioSelect,
            "commitment_declared": forms.RadioSelect,
            "relevant_convictions": forms.RadioSelect,
            "lives_with_minor_child": forms.RadioSelect,
        }
        help_texts = {
            "commitment_declared": _(
                "Die schriftliche Erklärung, wie sie die Behörden verwenden (Einbürgerung, "
                "§ 25b AufenthG)."
            ),
            "lives_with_minor_child": _(
                "Ein eigenes minderjähriges, lediges Kind im selben Haushalt (§ 25b AufenthG: "
                "4 statt 6 Jahre)."
            ),
            "employment_since": _("Seit wann die Person in dieser Form erwerbstätig ist."),
            "orientation_test_passed_on": _("Abschlusstest des Orientierungskurses."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, *FACT_DATES)
        _choice_messages(self)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in FACT_DATES:
            if data.get(name) and data[name] > today:
                self.add_error(name, FUTURE)
        if data.get("employment_since") and data.get("employment") in (
            Employment.UNKNOWN,
            Employment.NONE,
        ):
            self.add_error(
                "employment_since",
                _("„Seit“ gibt es nur bei einer Erwerbstätigkeit. Bitte wählen Sie deren Form."),
            )
        return data


class ResidencePeriodForm(KernModelForm):
    default_renderer = renderer

    class Meta:
        model = ResidencePeriod
        fields = ["status", "legal_basis", "started_on", "ended_on", "note"]
        error_messages = {
            "status": {
                "required": _("Bitte wählen Sie den Aufenthaltsstatus."),
                "invalid_choice": _(
                    "Diesen Aufenthaltsstatus gibt es nicht. Bitte wählen Sie aus der Liste."
                ),
            },
            "started_on": {"required": _("Bitte geben Sie den Beginn an.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = ResidenceStatus.objects.filter(active=True)
        self.fields["status"].empty_label = _("Bitte wählen")
        _dates(self, "started_on", "ended_on")


class LanguageCertificateForm(KernModelForm):
    default_renderer = renderer

    class Meta:
        model = LanguageCertificate
        fields = ["language", "level", "skills", "issued_on", "issuer"]
        widgets = {"skills": forms.RadioSelect}
        error_messages = {
            "language": {
                "required": _("Bitte wählen Sie die Sprache."),
                "invalid_choice": _("Diese Sprache gibt es nicht. Bitte wählen Sie aus der Liste."),
            },
            "level": {
                "required": _("Bitte wählen Sie das Sprachniveau."),
                "invalid_choice": _(
                    "Dieses Sprachniveau gibt es nicht. Bitte wählen Sie A1, A2, B1, B2, C1 "
                    "oder C2."
                ),
            },
            "issued_on": {"required": _("Bitte geben Sie das Ausstellungsdatum an.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Bitte wählen")), *CefrLevel.choices]
        self.fields["language"].empty_label = _("Bitte wählen")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("language", Language.objects.filter(code="de").first())
        _dates(self, "issued_on")
        _choice_messages(self)


class EducationRecordForm(KernModelForm):
    default_renderer = renderer

    class Meta:
        model = EducationRecord
        fields = ["kind", "institution", "started_on", "ended_on", "obtained_on", "note"]
        help_texts = {
            "started_on": _("Bei Schulbesuch, Ausbildung und Studium."),
            "obtained_on": _("Nur bei einem Abschluss."),
        }
        error_messages = {
            "kind": {
                "required": _("Bitte wählen Sie die Art."),
                "invalid_choice": _("Diese Art gibt es nicht. Bitte wählen Sie aus der Liste."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Bitte wählen")), *self.fields["kind"].choices[1:]]
        _dates(self, "started_on", "ended_on", "obtained_on")
