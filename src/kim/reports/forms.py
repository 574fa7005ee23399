"""The filter of every report: period, municipality, case manager, access channel, residence status
group, age group, gender. Bad input gets a German message; the report then shows nothing."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.roles import Role
from kim.cases.models import AccessChannel, Gender, ResidenceStatus
from kim.core.forms import KernForm, PersonChoiceField, QuickModelChoiceField
from kim.directory.models import Municipality

from .scope import AGE_GROUPS, AGE_UNKNOWN, ReportScope

ISO_DATE = "%Y-%m-%d"
# a report period lies within these (age groups count back 65+ years from the end)
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2200, 12, 31)
NOT_IN_LIST = _("Diesen Wert gibt es nicht. Bitte wählen Sie einen Eintrag aus der Liste.")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


def _choice(label, choices):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("alle")), *list(choices)],
        error_messages={"invalid_choice": NOT_IN_LIST},
    )


class ScopeForm(KernForm):
    start = forms.DateField(
        label=_("Zeitraum von"),
        widget=_date_widget(),
        error_messages={
            "required": _("Bitte geben Sie den Beginn des Zeitraums an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."),
        },
    )
    end = forms.DateField(
        label=_("Zeitraum bis"),
        widget=_date_widget(),
        error_messages={
            "required": _("Bitte geben Sie das Ende des Zeitraums an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."),
        },
    )
    municipality = QuickModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("alle"),
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    case_manager = PersonChoiceField(
        label=_("Case Manager:in"),
        queryset=None,
        required=False,
        empty_label=_("alle"),
        error_messages={"invalid_choice": NOT_IN_LIST},
    )
    access_channel = _choice(_("Zugangsweg"), AccessChannel.choices)
    residence_group = _choice(
        _("Aufenthaltsstatus (Gruppe)"), ResidenceStatus._meta.get_field("group").choices
    )
    age_group = _choice(
        _("Altersgruppe"), [(c, label) for c, label, _low, _high in AGE_GROUPS] + [AGE_UNKNOWN]
    )
    gender = _choice(_("Geschlecht"), Gender.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from kim.accounts.models import User

        self.user = user
        self.fields["case_manager"].queryset = User.objects.filter(
            groups__name=Role.CASE_MANAGER
        ).order_by("last_name", "first_name")
        self.fields["case_manager"].label_from_instance = lambda u: u.get_full_name() or u.username
        if not user.has_perm("reports.view_all_figures"):
            # a case manager sees their own caseload; steering members no one's in particular
            del self.fields["case_manager"]

    @classmethod
    def initial_period(cls):
        today = timezone.localdate()
        return {"start": today.replace(month=1, day=1), "end": today}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not (EARLIEST <= day <= LATEST):
                self.add_error(
                    name, _("Bitte wählen Sie ein Datum zwischen 01.01.1900 und 31.12.2200.")
                )
                cleaned[name] = None
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende des Zeitraums darf nicht vor dem Beginn liegen."))
        return cleaned

    def scope(self):
        """The ReportScope of a valid form; a case manager's is restricted to their own cases."""
        data = self.cleaned_data
        labels = {}
        for name in ("access_channel", "residence_group", "age_group", "gender"):
            labels.update(dict(self.fields[name].choices))
        restrict = None
        if not self.user.has_perm("reports.view_all_figures") and self.user.has_role(
            Role.CASE_MANAGER
        ):
            restrict = self.user
        return ReportScope(
            start=data["start"],
            end=data["end"],
            municipality=data.get("municipality"),
            case_manager=data.get("case_manager"),
            access_channel=data.get("access_channel", ""),
            residence_group=data.get("residence_group", ""),
            age_group=data.get("age_group", ""),
            gender=data.get("gender", ""),
            restrict_to=restrict,
            extra=labels,
        )
