"""Forms of the API: the token form of the page "API-Zugänge", and the filters of lists that
have no filter form on the web (the others reuse the web forms, see ``filters.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm
from kim.directory.models import LegalDomain, Municipality, Organisation, ServiceType

from .services import DEFAULT_VALIDITY_DAYS, MAX_VALIDITY_DAYS


class TokenForm(KernForm):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür der Zugang gedacht ist, z. B. „Auswertung Koordinierungsstelle“."),
        error_messages={
            "required": _("Bitte geben Sie eine Bezeichnung an."),
            "max_length": _("Bitte höchstens %(limit_value)d Zeichen."),
        },
    )
    valid_days = forms.IntegerField(
        label=_("Gültig für (Tage)"),
        initial=DEFAULT_VALIDITY_DAYS,
        min_value=1,
        max_value=MAX_VALIDITY_DAYS,
        help_text=_("Höchstens %(max)s Tage. Danach legen Sie einen neuen Zugang an.")
        % {"max": MAX_VALIDITY_DAYS},
        error_messages={
            "required": _("Bitte geben Sie an, wie viele Tage der Zugang gilt."),
            "invalid": _("Bitte geben Sie die Tage als ganze Zahl an."),
            "min_value": _("Ein Zugang gilt mindestens 1 Tag."),
            "max_value": _("Ein Zugang gilt höchstens %(limit_value)s Tage."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_days"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "class": (
                    self.fields["valid_days"].widget.attrs.get("class", "")
                    + " kern-form-input__input--width-4"
                ).strip(),
            }
        )


def _choice(model, label, message):
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.all(),
        required=False,
        error_messages={"invalid_choice": message},
    )


def _municipality():
    return _choice(
        Municipality,
        _("Kommune"),
        _("Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste."),
    )


def _organisation(label=None):
    return _choice(Organisation, label or _("Organisation"), _("Diese Organisation gibt es nicht."))


def _legal_domain():
    return _choice(LegalDomain, _("Rechtskreis"), _("Diesen Rechtskreis gibt es nicht."))


def _service_type():
    return _choice(ServiceType, _("Angebotsart"), _("Diese Angebotsart gibt es nicht."))


class FilterForm(KernForm):
    """Narrows a QuerySet by every given field; a field maps to a lookup in ``lookups``."""

    lookups: dict[str, str] = {}

    def filter(self, queryset):
        for name, value in self.cleaned_data.items():
            if value not in (None, ""):
                queryset = queryset.filter(**{self.lookups.get(name, name): value})
        return queryset


class OrganisationFilterForm(FilterForm):
    type = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("alle")), *Organisation._meta.get_field("type").choices],
        error_messages={"invalid_choice": _("Diese Art gibt es nicht.")},
    )


class OfficeFilterForm(FilterForm):
    organisation = _organisation()
    municipality = _municipality()


class ServiceFilterForm(FilterForm):
    type = _service_type()
    provider = _organisation(_("Träger"))
    legal_domain = _legal_domain()


class ResponsibilityFilterForm(FilterForm):
    municipality = _municipality()
    legal_domain = _legal_domain()
    service_type = _service_type()
    lookups = {"service_type": "service__type"}


class ClientFilterForm(KernForm):
    """The search of the client list on the web: name (also spelt otherwise) or case number."""

    q = forms.CharField(
        label=_("Name oder Fallnummer"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Bitte geben Sie höchstens 100 Zeichen ein.")},
    )

    def filter(self, clients, user):
        return clients.search(self.cleaned_data["q"], user)
