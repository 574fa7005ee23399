"""Forms of the generative themes: creating a theme from reconstructions, its state steps, and the
filter of the steering group overview.

Title and summary go to the steering group: they are refused when they look like they hold
personal data (no confirmation, unlike the Meldebogen).
"""

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm

from ..models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ThemeState,
)
from ..personal_data import find_personal_data
from .reconstructions import names_in_cases, personal_data_message

INVALID_CHOICE = _("Bitte wählen Sie aus der Liste.")


class ReconstructionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        held = date_format(obj.held_on, "SHORT_DATE_FORMAT") if obj.held_on else ""
        return _("%(title)s (durchgeführt am %(held)s)") % {"title": obj.title, "held": held}


class ReportChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        topic = obj.topic.name if obj.topic_id else _("ohne Thema")
        return f"{obj.number} – {topic} – {obj.municipality.name}"


class ThemeForm(KernModelForm):
    """A generative theme from one or more held reconstructions; saved by
    ``services.create_theme`` (which links the reports of the reconstructions too)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Kurz und ohne Angaben zu Personen, z. B. „Wartezeiten bei der Anerkennung“."),
        error_messages={
            "required": _("Bitte geben Sie einen Titel an."),
            "max_length": _("Der Titel darf höchstens 200 Zeichen lang sein."),
        },
    )
    cluster = forms.CharField(
        label=_("Cluster"),
        max_length=100,
        help_text=_(
            "Überschrift, unter der das Thema der Lenkungsgruppe vorgelegt wird. Ein vorhandenes "
            "Cluster auswählen oder ein neues eingeben."
        ),
        widget=forms.TextInput(attrs={"list": "cluster-options", "autocomplete": "off"}),
        error_messages={
            "required": _("Bitte geben Sie ein Cluster an."),
            "max_length": _("Das Cluster darf höchstens 100 Zeichen lang sein."),
        },
    )
    summary = forms.CharField(
        label=_("Zusammenfassung (anonymisiert)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Geht an die Lenkungsgruppe: ohne Namen, Geburtsdaten, Telefonnummern, "
            "E-Mail-Adressen, Aktenzeichen oder Fallnummern."
        ),
        error_messages={"required": _("Bitte fassen Sie das Thema zusammen.")},
    )
    reconstructions = ReconstructionChoiceField(
        label=_("Fallrekonstruktionen"),
        queryset=CaseReconstruction.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Durchgeführte Rekonstruktionen, auf die das Thema zurückgeht."),
        error_messages={
            "required": _(
                "Ein generatives Thema geht auf mindestens eine durchgeführte "
                "Fallrekonstruktion zurück. Bitte wählen Sie eine aus."
            ),
            "invalid_choice": _(
                "Diese Rekonstruktion gibt es nicht oder sie ist noch nicht durchgeführt. "
                "Bitte wählen Sie aus der Liste."
            ),
            "invalid_pk_value": INVALID_CHOICE,
        },
    )
    reports = ReportChoiceField(
        label=_("Weitere Meldungen"),
        queryset=HurdleReport.objects.none(),
        required=False,
        help_text=_(
            "Die Meldungen der Rekonstruktionen gehören automatisch dazu. Hier können Sie weitere "
            "Meldungen zum selben Muster hinzufügen (mehrere mit Strg-Taste auswählen)."
        ),
        error_messages={
            "invalid_choice": _(
                "Diese Meldung gibt es nicht oder sie wurde abgelehnt. Bitte wählen Sie aus der "
                "Liste."
            ),
            "invalid_pk_value": INVALID_CHOICE,
        },
    )

    class Meta:
        model = GenerativeTheme
        fields = ["title", "cluster", "summary", "reconstructions", "reports"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reconstructions"].queryset = (
            CaseReconstruction.objects.visible_to(user)
            .filter(state=ReconstructionState.DONE)
            .order_by("-held_on", "-pk")
        )
        self.fields["reports"].queryset = (
            HurdleReport.objects.visible_to(user)
            .selectable_for_reconstruction()
            .select_related("topic", "municipality")
            .order_by(models.F("topic__name").asc(nulls_last=True), "-reported_on", "-pk")
        )
        # a list of several rows (KERN styles only the one-line select)
        self.fields["reports"].widget.attrs.update(
            {
                "class": "kern-form-input__input",
                "size": 10,
                "style": "height: auto; min-height: 12rem; padding-block: .5rem; overflow-y: auto",
            }
        )

    @staticmethod
    def existing_clusters():
        return (
            GenerativeTheme.objects.order_by("cluster").values_list("cluster", flat=True).distinct()
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if GenerativeTheme.objects.filter(title__iexact=title).exists():
            raise forms.ValidationError(
                _("Ein generatives Thema mit diesem Titel gibt es schon."), code="unique"
            )
        return title

    def clean_cluster(self):
        cluster = " ".join(self.cleaned_data["cluster"].split())
        # the same cluster in another spelling of upper and lower case is the same heading
        existing = next(
            (c for c in self.existing_clusters() if c.casefold() == cluster.casefold()), None
        )
        return existing or cluster

    def clean(self):
        cleaned = super().clean()
        reports = [
            report
            for reconstruction in cleaned.get("reconstructions") or []
            for report in reconstruction.reports.select_related("case__client")
        ]
        reports += list(
            HurdleReport.objects.filter(
                pk__in=[r.pk for r in cleaned.get("reports") or []]
            ).select_related("case__client")
        )
        names = names_in_cases(reports)
        for field, intro in (
            (
                "title",
                _(
                    "Der Titel wird der Lenkungsgruppe vorgelegt und darf keine "
                    "personenbezogenen Daten enthalten."
                ),
            ),
            (
                "summary",
                _(
                    "Die Zusammenfassung wird der Lenkungsgruppe vorgelegt und darf keine "
                    "personenbezogenen Daten enthalten."
                ),
            ),
        ):
            if field in cleaned:
                found = find_personal_data(cleaned[field], names)
                if found:
                    self.add_error(field, personal_data_message(found, intro))
        return cleaned


class ThemeStateForm(KernForm):
    """One step of a theme's state table; ``target`` comes from the button of the step."""

    target = forms.ChoiceField(
        choices=ThemeState.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Bitte wählen Sie einen Schritt."),
            "invalid_choice": _("Diesen Stand gibt es nicht."),
        },
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Die Anmerkung darf höchstens 2000 Zeichen lang sein.")},
    )


class ThemeOverviewFilterForm(KernForm):
    """Filter of the steering group overview: all themes, or those in one state."""

    state = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle Stände")), *ThemeState.choices],
        error_messages={"invalid_choice": _("Diesen Stand gibt es nicht.")},
    )

    def selected_state(self):
        if self.is_valid() and self.cleaned_data["state"]:
            return self.cleaned_data["state"]
        return None
