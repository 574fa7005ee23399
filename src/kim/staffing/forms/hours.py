"""Forms of rooms and consultation hours (concept § 3.6)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import Municipality

from ..models import ConsultationHours, Room

MUNICIPALITY_ERRORS = {
    "required": _("Bitte wählen Sie eine Kommune."),
    "invalid_choice": _("Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste."),
}


class RoomForm(KernModelForm):
    class Meta:
        model = Room
        fields = ["municipality", "name", "kind", "address", "accessible"]
        help_texts = {
            "name": _("z. B. „Rathaus Balve, Beratungsraum“"),
            "address": _("Straße, Hausnummer, PLZ und Ort, so wie sie im Aushang stehen soll."),
        }
        error_messages = {
            "municipality": MUNICIPALITY_ERRORS,
            "name": {"required": _("Bitte geben Sie eine Bezeichnung des Raums an.")},
            "kind": {
                "required": _("Bitte wählen Sie, wem der Raum gehört."),
                "invalid_choice": _("Bitte wählen Sie eine Art aus der Liste."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].empty_label = _("Bitte wählen")

    def clean(self):
        cleaned = super().clean()
        municipality, name = cleaned.get("municipality"), cleaned.get("name")
        if municipality and name:
            duplicates = Room.objects.filter(municipality=municipality, name__iexact=name.strip())
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                # on the field, so that it is linked to the input; the model's unique constraint
                # is then skipped (fields with errors are excluded from model validation)
                self.add_error(
                    "name",
                    _("In %(municipality)s gibt es schon einen Raum „%(name)s“.")
                    % {"municipality": municipality, "name": name},
                )
        return cleaned


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.municipality} – {obj.name}"


class CaseManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def case_managers():
    return User.objects.filter(groups__name=Role.CASE_MANAGER.value, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


class ConsultationHoursForm(KernModelForm):
    case_manager = CaseManagerChoiceField(
        label=_("Case Manager:in"),
        queryset=User.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Case Manager:in."),
            "invalid_choice": _(
                "Diese Person gibt es nicht oder sie ist keine Case Manager:in. "
                "Bitte wählen Sie aus der Liste."
            ),
        },
    )
    room = RoomChoiceField(
        label=_("Raum"),
        queryset=Room.objects.none(),
        empty_label=_("Bitte wählen"),
        help_text=_("Der Raum muss in der gewählten Kommune liegen."),
        error_messages={
            "required": _("Bitte wählen Sie einen Raum."),
            "invalid_choice": _("Diesen Raum gibt es nicht. Bitte wählen Sie aus der Liste."),
        },
    )

    class Meta:
        model = ConsultationHours
        fields = [
            "case_manager",
            "municipality",
            "room",
            "weekday",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_until",
            "note",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "starts_at": _("Uhrzeit, z. B. 09:00"),
            "ends_at": _("Uhrzeit, z. B. 12:00"),
            "valid_until": _("Leer lassen, wenn die Sprechzeit bis auf Weiteres gilt."),
        }
        error_messages = {
            "municipality": MUNICIPALITY_ERRORS,
            "weekday": {
                "required": _("Bitte wählen Sie einen Wochentag."),
                "invalid_choice": _("Bitte wählen Sie einen Wochentag von Montag bis Freitag."),
            },
            "starts_at": {
                "required": _("Bitte geben Sie an, wann die Sprechzeit beginnt."),
                "invalid": _("Bitte geben Sie eine Uhrzeit im Format HH:MM an, z. B. 09:00."),
            },
            "ends_at": {
                "required": _("Bitte geben Sie an, wann die Sprechzeit endet."),
                "invalid": _("Bitte geben Sie eine Uhrzeit im Format HH:MM an, z. B. 12:00."),
            },
            "valid_from": {
                "required": _("Bitte geben Sie an, ab wann die Sprechzeit gilt."),
                "invalid": _("Bitte geben Sie ein Datum an, z. B. 01.03.2026."),
            },
            "valid_until": {"invalid": _("Bitte geben Sie ein Datum an, z. B. 31.12.2026.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers()
        self.fields["room"].queryset = Room.objects.select_related("municipality")
        self.fields["municipality"].empty_label = _("Bitte wählen")
        self.fields["weekday"].choices = [
            ("", _("Bitte wählen")),
            *self.fields["weekday"].choices[1:],
        ]


class HoursFilterForm(KernForm):
    """GET filter of the list; invalid values are ignored (the list shows everything)."""

    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("Alle Kommunen"),
        error_messages=MUNICIPALITY_ERRORS,
    )
    all_periods = forms.BooleanField(
        label=_("Auch künftige und beendete Sprechzeiten zeigen"), required=False
    )
