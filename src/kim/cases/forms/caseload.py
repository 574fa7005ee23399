"""Forms of the caseload pages: the filter of the case list and the substitution form."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core.forms import (
    KernForm,
    KernModelForm,
    PersonChoiceField,
    QuickModelChoiceField,
    QuickSelect,
)
from kim.directory.models import Municipality

from ..models import AssessmentEntry, CasePhase, Goal, LifeDomain, NeedLevel, Substitution

STATUS_OPEN = "offen"
STATUS_CLOSED = "abgeschlossen"
STATUS_ALL = "alle"
STATUS_CHOICES = [
    (STATUS_OPEN, _("offene Fälle")),
    (STATUS_CLOSED, _("abgeschlossene Fälle")),
    (STATUS_ALL, _("alle Fälle")),
]
OPEN_PHASES = [(value, label) for value, label in CasePhase.choices if value != CasePhase.CLOSED]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]  # ISO, German, English


def case_managers():
    """Active users with the role case manager, for choice fields."""
    return User.objects.filter(is_active=True, groups__name=Role.CASE_MANAGER.value).order_by(
        "last_name", "first_name", "username"
    )


class CaseManagerChoiceField(PersonChoiceField):
    pass


class LifeDomainChoiceField(QuickModelChoiceField):
    """Life domains by ``display_name`` (the seeded names in the user's language)."""

    def label_from_values(self, name):
        return gettext(name) if name else ""


class CaseFilterForm(KernForm):
    """Filters of the case list (GET). The case manager filter is offered to coordination only."""

    q = forms.CharField(
        label=_("Name oder Fallnummer"),
        required=False,
        max_length=100,
        help_text=_("Auch in Originalschrift oder in anderer Schreibweise, z. B. „Mohamad“."),
        error_messages={"max_length": _("Bitte geben Sie höchstens 100 Zeichen ein.")},
    )
    municipality = QuickModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("alle Kommunen"),
        error_messages={
            "invalid_choice": _("Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("alle Phasen")), *OPEN_PHASES],
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("Diese Phase gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )
    # cases with a goal, or with a need (not "kein Bedarf") in an assessment, in that domain
    life_domain = LifeDomainChoiceField(
        label=_("Lebensbereich (Ziel oder Bedarf)"),
        queryset=LifeDomain.objects.all(),
        required=False,
        empty_label=_("alle Lebensbereiche"),
        error_messages={
            "invalid_choice": _(
                "Diesen Lebensbereich gibt es nicht. Bitte wählen Sie aus der Liste."
            )
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=STATUS_CHOICES,
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("Diesen Status gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )
    case_manager = CaseManagerChoiceField(
        label=_("Case Manager:in"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("alle Case Manager:innen"),
        error_messages={
            "invalid_choice": _(
                "Diese Case Manager:in gibt es nicht. Bitte wählen Sie aus der Liste."
            )
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.has_role(Role.COORDINATION):
            self.fields["case_manager"].queryset = case_managers()
        else:
            del self.fields["case_manager"]

    @property
    def shows_case_manager(self):
        return "case_manager" in self.fields

    def filter(self, cases):
        """Apply the valid filters; a filter with bad input is left out (its error is shown)."""
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or STATUS_OPEN
        if data.get("phase"):
            # an open phase implies "open"; both conditions at once would make PostgreSQL
            # underestimate the rows by far and choose a slow plan (issue #12)
            cases = cases.filter(phase=data["phase"]) if status != STATUS_CLOSED else cases.none()
        elif status == STATUS_OPEN:
            cases = cases.open()
        elif status == STATUS_CLOSED:
            cases = cases.filter(phase=CasePhase.CLOSED)
        if data.get("municipality"):
            cases = cases.filter(client__municipality=data["municipality"])
        if data.get("case_manager"):
            cases = cases.filter(case_manager=data["case_manager"])
        if data.get("life_domain"):
            domain = data["life_domain"]
            with_goal = Goal.objects.filter(life_domain=domain).values("case")
            with_need = (
                AssessmentEntry.objects.filter(life_domain=domain)
                .exclude(need=NeedLevel.NONE)
                .values("assessment__case")
            )
            cases = cases.filter(Q(pk__in=with_goal) | Q(pk__in=with_need))
        if data.get("q"):
            cases = cases.search(data["q"])
        return cases


class SubstitutionForm(KernModelForm):
    """Coordination records who stands in for whom (holiday, illness)."""

    absent = CaseManagerChoiceField(
        label=_("Abwesende Case Manager:in"),
        queryset=User.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie, wer abwesend ist."),
            "invalid_choice": _("Bitte wählen Sie eine Case Manager:in aus der Liste."),
        },
    )
    substitute = CaseManagerChoiceField(
        label=_("Vertretung durch"),
        queryset=User.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie, wer die Vertretung übernimmt."),
            "invalid_choice": _("Bitte wählen Sie eine Case Manager:in aus der Liste."),
        },
    )
    starts_on = forms.DateField(
        label=_("von"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte geben Sie an, ab wann die Vertretung gilt."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 31.01.2026."),
        },
    )
    ends_on = forms.DateField(
        label=_("bis"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer lassen, wenn das Ende noch nicht feststeht."),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 31.01.2026.")},
    )

    class Meta:
        model = Substitution
        fields = ["absent", "substitute", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = case_managers()
        self.fields["substitute"].queryset = case_managers()
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        absent, substitute = cleaned.get("absent"), cleaned.get("substitute")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if absent and substitute and absent == substitute:
            self.add_error("substitute", _("Eine Person kann sich nicht selbst vertreten."))
        elif absent and substitute and starts_on and not (ends_on and ends_on < starts_on):
            overlapping = Substitution.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on),
                absent=absent,
                substitute=substitute,
            )
            if ends_on:
                overlapping = overlapping.filter(starts_on__lte=ends_on)
            if overlapping.exists():
                raise forms.ValidationError(
                    _(
                        "%(substitute)s vertritt %(absent)s in diesem Zeitraum bereits. "
                        "Bitte prüfen Sie die eingetragenen Vertretungen."
                    )
                    % {"substitute": substitute, "absent": absent}
                )
        return cleaned


def parse_week(raw: str | None) -> datetime.date | None:
    """A day of the wanted week from ``?week=YYYY-MM-DD``; ``None`` when it is not such a date."""
    if not raw or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        return None
    try:
        day = datetime.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    if not 1900 <= day.year <= 2200:
        return None
    return day
