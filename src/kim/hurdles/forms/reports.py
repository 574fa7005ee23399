"""Forms of the Meldebogen, of the triage by coordination and of the topic list."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import LifeDomain
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import LegalDomain, Municipality, Organisation

from ..models import HurdleReport, ReportSource, ReportState, Topic

ISO_DATE = "%Y-%m-%d"


class HurdleReportForm(KernModelForm):
    """Meldebogen: a structural hurdle seen in a case, described without personal data.

    Saved by ``services.submit_report`` after the check for personal data in the free text.
    """

    reported_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        help_text=_("Wann ist die Hürde aufgetreten oder aufgefallen?"),
        error_messages={
            "required": _("Bitte geben Sie das Datum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        # one installation serves one district: every municipality is one of the district
        queryset=Municipality.objects.all(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie die Kommune."),
            "invalid_choice": _("Diese Kommune gehört nicht zum Kreis."),
        },
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Beteiligte Institutionen"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Mehrere mit gedrückter Strg-Taste (Mac: Cmd-Taste) auswählen."),
        error_messages={
            "invalid_choice": _("Diese Institution gibt es nicht. Bitte wählen Sie aus der Liste."),
            "invalid_pk_value": _(
                "Diese Institution gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    legal_domains = forms.ModelMultipleChoiceField(
        label=_("Beteiligte Rechtskreise"),
        queryset=LegalDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Diesen Rechtskreis gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
            "invalid_pk_value": _(
                "Diesen Rechtskreis gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Lebensbereiche"),
        queryset=LifeDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Diesen Lebensbereich gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
            "invalid_pk_value": _(
                "Diesen Lebensbereich gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    description = forms.CharField(
        label=_("Beschreibung der Hürde"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Was ist strukturell schiefgelaufen? Bitte ohne Namen, Geburtsdaten, "
            "Telefonnummern, E-Mail-Adressen oder Aktenzeichen."
        ),
        error_messages={
            "required": _("Bitte beschreiben Sie die Hürde."),
            "max_length": _("Die Beschreibung ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )
    consequence = forms.CharField(
        label=_("Folge für die Person"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Der Text ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )
    attempts = forms.CharField(
        label=_("Was wurde versucht?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Der Text ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )
    suggested_topic = forms.CharField(
        label=_("Themenvorschlag"),
        required=False,
        max_length=200,
        help_text=_("Unter welchem Thema sollte die Koordination die Meldung sammeln?"),
        error_messages={
            "max_length": _("Der Vorschlag ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )

    class Meta:
        model = HurdleReport
        fields = [
            "reported_on",
            "municipality",
            "organisations",
            "legal_domains",
            "life_domains",
            "description",
            "consequence",
            "attempts",
            "suggested_topic",
        ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["organisations"].widget.attrs["size"] = 8

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        return day


class ReportStateForm(KernForm):
    """One triage step of a report (``workflow.REPORT_TRANSITIONS``): the target state and, as
    the step needs it, the topic or the reason of the rejection."""

    target = forms.ChoiceField(
        choices=ReportState.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Diesen Schritt gibt es nicht."),
            "invalid_choice": _("Diesen Schritt gibt es nicht."),
        },
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.filter(active=True),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie ein Thema."),
            "invalid_choice": _("Dieses Thema gibt es nicht. Bitte wählen Sie aus der Liste."),
        },
    )
    reason = forms.CharField(
        label=_("Grund der Ablehnung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die meldende Stelle sieht den Grund."),
        error_messages={
            "required": _("Bitte geben Sie den Grund der Ablehnung an."),
            "max_length": _("Der Grund ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )

    def __init__(self, *args, transition=None, **kwargs):
        target = transition.target if transition is not None else None
        if target is not None:
            # several of these forms stand on one page: unique ids per step
            kwargs.setdefault("auto_id", f"id_{target}_%s")
        super().__init__(*args, **kwargs)
        if target is not None and "target" not in self.initial:
            self.initial["target"] = target
        if transition is None or not transition.needs_topic:
            del self.fields["topic"]
        if transition is None or not transition.needs_reason:
            del self.fields["reason"]

    def service_kwargs(self):
        return {
            "topic": self.cleaned_data.get("topic"),
            "reason": self.cleaned_data.get("reason", ""),
        }


class ReportFilterForm(KernForm):
    """Filters of the report list for coordination; all optional."""

    state = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle")), *ReportState.choices],
        error_messages={"invalid_choice": _("Diesen Stand gibt es nicht.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        required=False,
        queryset=Topic.objects.all(),
        empty_label=_("alle"),
        error_messages={"invalid_choice": _("Dieses Thema gibt es nicht.")},
    )
    source = forms.ChoiceField(
        label=_("Herkunft"),
        required=False,
        choices=[("", _("alle")), *ReportSource.choices],
        error_messages={"invalid_choice": _("Diese Herkunft gibt es nicht.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        required=False,
        queryset=Municipality.objects.all(),
        empty_label=_("alle"),
        error_messages={"invalid_choice": _("Diese Kommune gehört nicht zum Kreis.")},
    )

    def filter(self, queryset, *, with_state=True):
        """``queryset`` narrowed by the valid filters; ``with_state=False`` leaves out the state
        (for the count per state)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if with_state and data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("topic"):
            queryset = queryset.filter(topic=data["topic"])
        if data.get("source"):
            queryset = queryset.filter(source=data["source"])
        if data.get("municipality"):
            queryset = queryset.filter(municipality=data["municipality"])
        return queryset

    @property
    def filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class TopicForm(KernModelForm):
    class Meta:
        model = Topic
        fields = ["name", "description"]
        labels = {"name": _("Bezeichnung"), "description": _("Beschreibung")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": _("Bitte geben Sie die Bezeichnung des Themas an."),
                "max_length": _("Die Bezeichnung ist zu lang (höchstens %(limit_value)d Zeichen)."),
                "unique": _("Ein Thema mit dieser Bezeichnung gibt es schon."),
            }
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Topic.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ein Thema mit dieser Bezeichnung gibt es schon."))
        return name
