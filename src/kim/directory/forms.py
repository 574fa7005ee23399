from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm, QuickModelChoiceField, QuickSelect

from .models import (
    ContactPerson,
    LegalDomain,
    Municipality,
    Office,
    Organisation,
    PopulationFigures,
    Responsibility,
    Service,
    ServiceType,
)

LEGAL_DOMAIN_PREFIX = "rechtskreis"
SERVICE_TYPE_PREFIX = "angebot"


def need_choices():
    """Needs for the finder: legal domains and kinds of service, in two groups."""
    return [
        ("", _("Bitte wählen")),
        (
            _("Rechtskreis"),
            [(f"{LEGAL_DOMAIN_PREFIX}-{ld.pk}", str(ld)) for ld in LegalDomain.objects.all()],
        ),
        (
            _("Angebot"),
            [(f"{SERVICE_TYPE_PREFIX}-{st.pk}", str(st)) for st in ServiceType.objects.all()],
        ),
    ]


class FinderForm(KernForm):
    municipality = QuickModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Kommune."),
            "invalid_choice": _("Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste."),
        },
    )
    need = forms.ChoiceField(
        label=_("Bedarf (Rechtskreis oder Angebot)"),
        widget=QuickSelect,
        error_messages={
            "required": _("Bitte wählen Sie einen Bedarf."),
            "invalid_choice": _("Diesen Bedarf gibt es nicht. Bitte wählen Sie aus der Liste."),
        },
    )
    age = forms.IntegerField(
        label=_("Alter der Person"),
        required=False,
        min_value=0,
        max_value=130,
        help_text=_("In Jahren. Manche Angebote gelten nur für bestimmte Altersgruppen."),
        error_messages={
            "invalid": _("Bitte geben Sie das Alter als ganze Zahl an."),
            "min_value": _("Das Alter kann nicht negativ sein."),
            "max_value": _("Bitte geben Sie ein Alter bis 130 Jahre an."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = need_choices()
        self.fields["age"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "class": (
                    self.fields["age"].widget.attrs.get("class", "")
                    + " kern-form-input__input--width-4"
                ).strip(),
            }
        )

    def clean_need(self):
        prefix, _sep, pk = self.cleaned_data["need"].partition("-")
        model = {LEGAL_DOMAIN_PREFIX: LegalDomain, SERVICE_TYPE_PREFIX: ServiceType}[prefix]
        return model.objects.get(pk=pk)

    def search_kwargs(self) -> dict:
        need = self.cleaned_data["need"]
        key = "legal_domain" if isinstance(need, LegalDomain) else "service_type"
        return {key: need, "age": self.cleaned_data.get("age")}


class MunicipalityForm(KernModelForm):
    class Meta:
        model = Municipality
        fields = ["district", "name", "ags"]
        error_messages = {
            "ags": {
                "unique": _("Dieser AGS ist schon einer anderen Kommune zugeordnet."),
                "max_length": _("Der AGS hat genau 8 Ziffern."),
            },
        }


class PopulationFiguresForm(KernModelForm):
    class Meta:
        model = PopulationFigures
        fields = [
            "municipality",
            "year",
            "inhabitants",
            "without_german_citizenship",
            "without_eu_citizenship",
            "immigration",
            "asylum_applications",
            "source",
        ]


class LegalDomainForm(KernModelForm):
    class Meta:
        model = LegalDomain
        fields = ["code", "name", "description", "ordering"]
        error_messages = {"code": {"unique": _("Dieses Kürzel ist schon vergeben.")}}


class OrganisationForm(KernModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "type", "parent", "website", "email", "phone", "notes"]
        error_messages = {
            "name": {"unique": _("Eine Organisation mit diesem Namen gibt es schon.")}
        }


class OfficeForm(KernModelForm):
    class Meta:
        model = Office
        fields = [
            "organisation",
            "name",
            "municipality",
            "street",
            "postal_code",
            "city",
            "opening_hours",
            "phone",
            "email",
            "website",
        ]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}


class ServiceTypeForm(KernModelForm):
    class Meta:
        model = ServiceType
        fields = ["code", "name", "description"]
        error_messages = {
            "code": {"unique": _("Dieses Kürzel ist schon vergeben.")},
            "name": {"unique": _("Eine Angebotsart mit dieser Bezeichnung gibt es schon.")},
        }


class ServiceForm(KernModelForm):
    class Meta:
        model = Service
        fields = [
            "provider",
            "type",
            "name",
            "legal_domain",
            "target_group",
            "min_age",
            "max_age",
            "description",
        ]


class ResponsibilityForm(KernModelForm):
    class Meta:
        model = Responsibility
        fields = [
            "municipality",
            "legal_domain",
            "service",
            "office",
            "status",
            "min_age",
            "max_age",
            "note",
            "source",
        ]
        help_texts = {
            "legal_domain": _("Entweder ein Rechtskreis oder ein Angebot."),
            "status": _(
                "„unbekannt“, wenn die Quellen nicht sagen, welche Stelle diese Kommune versorgt."
            ),
        }


class ContactPersonForm(KernModelForm):
    class Meta:
        model = ContactPerson
        fields = [
            "organisation",
            "office",
            "municipality",
            "role",
            "first_name",
            "last_name",
            "job_title",
            "email",
            "phone",
        ]
