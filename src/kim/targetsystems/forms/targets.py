"""Forms of target systems, their agreements and the steering group's decision (concept § 3.3).

The forms check what a single field can tell; what depends on the state of the target system
(frozen once proposed, the resolution's meeting date) is checked by ``services``.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kim.cases.models import LifeDomain
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import Organisation, OrganisationType, ServiceType

from ..models import Agreement, CaseRule, TargetSystem, TargetSystemState

ISO_DATE = "%Y-%m-%d"


class TargetSystemFilterForm(KernForm):
    """The list's filter: all target systems, or those in one state."""

    state = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle Stände")), *TargetSystemState.choices],
        error_messages={
            "invalid_choice": _("Diesen Stand gibt es nicht; es werden alle Zielsysteme gezeigt.")
        },
    )

    def selected_state(self):
        if self.is_valid() and self.cleaned_data["state"]:
            return self.cleaned_data["state"]
        return None


class TargetSystemForm(KernModelForm):
    """Title, summary and the rule which cases the target system applies to. Editing a draft adds
    the hidden ``lock_version``, so a save over someone else's change is refused."""

    class Meta:
        model = TargetSystem
        fields = ["title", "summary", "case_rule", "rule_service_type", "rule_life_domain"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "case_rule": forms.RadioSelect,
        }
        help_texts = {
            "title": _("Zum Beispiel „Zugang zum Integrationskurs“."),
            "case_rule": _(
                "Welche Fälle das Monitoring einbezieht. Einzelne Fälle kann die Koordination "
                "zusätzlich von Hand verknüpfen."
            ),
            "rule_service_type": _("Nur bei „Fälle mit einer Vermittlung in die Angebotsart“."),
            "rule_life_domain": _("Nur bei „Fälle mit einem Ziel im Lebensbereich“."),
        }
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "summary": {"required": _("Bitte beschreiben Sie Ziel und Inhalt kurz.")},
            "case_rule": {
                "required": _("Bitte wählen Sie, für welche Fälle das Zielsystem gilt."),
                "invalid_choice": _("Bitte wählen Sie eine der angebotenen Regeln."),
            },
            "rule_service_type": {
                "invalid_choice": _("Bitte wählen Sie eine Angebotsart aus der Liste.")
            },
            "rule_life_domain": {
                "invalid_choice": _("Bitte wählen Sie einen Lebensbereich aus der Liste.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["lock_version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            self.fields["lock_version"].initial = self.instance.lock_version
        self.fields["rule_service_type"].queryset = ServiceType.objects.order_by("name")
        self.fields["rule_life_domain"].queryset = LifeDomain.objects.all()

    def clean(self):
        data = super().clean()
        # the parameter of a rule that is not chosen would only mislead a later reader
        rule = data.get("case_rule")
        if rule != CaseRule.REFERRAL_SERVICE_TYPE:
            data["rule_service_type"] = None
        if rule != CaseRule.GOAL_LIFE_DOMAIN:
            data["rule_life_domain"] = None
        return data

    def _post_clean(self):
        super()._post_clean()
        version = self.cleaned_data.get("lock_version")
        if version is not None:
            self.instance.lock_version = version


class PartiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, organisation):
        if organisation.short_name and organisation.short_name != organisation.name:
            return f"{organisation.name} ({organisation.short_name})"
        return organisation.name


class AgreementForm(KernModelForm):
    parties = PartiesField(
        label=_("Beteiligte Institutionen"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mindestens zwei Institutionen aus dem Verzeichnis."),
        error_messages={
            "required": _("Bitte wählen Sie die beteiligten Institutionen (mindestens zwei)."),
            "invalid_choice": _("Diese Institution gibt es im Verzeichnis nicht."),
            "invalid_pk_value": _("Diese Institution gibt es im Verzeichnis nicht."),
        },
    )

    class Meta:
        model = Agreement
        fields = ["text", "parties"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "text": _(
                "Wer tut was bis wann, z. B. „Die Ausländerbehörde übermittelt die Berechtigung "
                "binnen einer Woche an die Volkshochschule.“ Ohne Angaben zu Personen."
            )
        }
        error_messages = {"text": {"required": _("Bitte geben Sie den Text der Vereinbarung an.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organisation.objects.order_by("name")

    def party_groups(self):
        """The checkboxes of the parties grouped by kind of organisation, in the order of the
        kinds (authorities first)."""
        kinds = dict(self.fields["parties"].queryset.values_list("pk", "type"))
        order = {kind: i for i, kind in enumerate(OrganisationType.values)}
        groups = {}
        for checkbox in self["parties"]:
            kind = kinds.get(int(str(checkbox.data["value"])), OrganisationType.OTHER)
            groups.setdefault(kind, []).append(checkbox)
        return [
            (OrganisationType(kind).label, groups[kind])
            for kind in sorted(groups, key=lambda k: order.get(k, len(order)))
        ]


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, resolution):
        day = timezone.localtime(resolution.meeting.starts_at)
        text = Truncator(" ".join(resolution.text.split())).chars(160)
        return _("Beschluss %(number)s, Sitzung vom %(day)s: %(text)s") % {
            "number": resolution.number,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
            "text": text,
        }


class DecisionForm(KernForm):
    """The steering group's resolution and the day from which the target system applies."""

    resolution = ResolutionChoiceField(
        label=_("Beschluss der Lenkungsgruppe"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie den Beschluss der Lenkungsgruppe."),
            "invalid_choice": _(
                "Dieser Beschluss passt nicht: Er muss angenommen sein, „Zielsystem beschließen“ "
                "lauten, das Thema betreffen und darf keinem anderen Zielsystem zugeordnet sein."
            ),
        },
    )
    in_force_from = forms.DateField(
        label=_("in Kraft ab"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        help_text=_("Frühestens am Tag der Sitzung, in der der Beschluss gefasst wurde."),
        error_messages={
            "required": _("Bitte geben Sie an, ab wann das Zielsystem gilt."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )

    def __init__(self, *args, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions
