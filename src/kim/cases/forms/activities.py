"""Forms of the tabs "Vermittlungen", "Kontakte und Termine" and "Dokumente" of a case file."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm
from kim.directory.forms import FinderForm
from kim.directory.models import Office, Service

from ..models import Appointment, Contact, ContactChannel, LifeDomain, Referral, ReferralState
from ..services import ALLOWED_DOCUMENTS

ISO_DATE = "%Y-%m-%d"


def date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format=ISO_DATE)


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = f" ({obj.municipality.name})" if obj.municipality_id else ""
        return f"{obj.organisation.name} – {obj.name}{place}"


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        band = f" ({obj.age_band_label})" if obj.age_band_label else ""
        return f"{obj.name} – {obj.provider.name}{band}"


class ReferralForm(KernModelForm):
    """A new referral; saved by ``services.propose_referral`` (which checks the consent)."""

    office = OfficeChoiceField(
        label=_("Dienststelle"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Bitte wählen"),
        help_text=_("Die Stelle, an die vermittelt wird."),
        error_messages={
            "invalid_choice": _("Diese Dienststelle gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )
    service = ServiceChoiceField(
        label=_("Angebot"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("kein bestimmtes Angebot"),
        help_text=_("Wenn an ein bestimmtes Angebot vermittelt wird, z. B. einen Sprachkurs."),
        error_messages={
            "invalid_choice": _("Dieses Angebot gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )

    class Meta:
        model = Referral
        fields = ["office", "service", "life_domain", "reason"]
        labels = {"reason": _("Anlass der Vermittlung")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = (
            Office.objects.visible_to(user)
            .select_related("organisation", "municipality")
            .order_by("organisation__name", "name")
        )
        self.fields["service"].queryset = (
            Service.objects.visible_to(user)
            .select_related("provider")
            .order_by("name", "provider__name")
        )
        self.fields["life_domain"].empty_label = _("kein bestimmter Lebensbereich")
        self.fields["life_domain"].queryset = LifeDomain.objects.all()


class ReferralStateForm(KernForm):
    """One step of a referral (e.g. "sent"), with its date and, when it ends, the outcome."""

    target = forms.ChoiceField(choices=ReferralState.choices, widget=forms.HiddenInput)
    on = forms.DateField(
        label=_("Datum"),
        widget=date_input(),
        error_messages={
            "required": _("Bitte geben Sie das Datum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        },
    )
    outcome = forms.CharField(
        label=_("Ergebnis"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("z. B. Integrationskurs begonnen am …"),
    )

    WITH_OUTCOME = {ReferralState.COMPLETED, ReferralState.DECLINED}

    def __init__(self, *args, referral=None, target=None, **kwargs):
        if referral is not None and target is not None:
            # unique ids per referral and step: several of these forms stand on one page
            kwargs.setdefault("auto_id", f"id_referral{referral.pk}_{target}_%s")
            kwargs.setdefault("initial", {"target": target, "on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.attrs["max"] = timezone.localdate().isoformat()
        chosen = target or self.data.get("target")
        if chosen not in self.WITH_OUTCOME:
            del self.fields["outcome"]


class NeedForm(FinderForm):
    """The responsibility finder for the client of a case: municipality and age come from the
    client, the user chooses only the need (legal domain or kind of service)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["municipality"]
        del self.fields["age"]


class ContactForm(KernModelForm):
    """Beratungskontakt. Create it with ``instance=Contact(case=case)`` so that the model's rules
    (not in the future, not before the case began) are checked on validation."""

    class Meta:
        model = Contact
        fields = [
            "contact_on",
            "duration_minutes",
            "channel",
            "interpreter_used",
            "life_domains",
            "note",
        ]
        widgets = {
            "contact_on": date_input(),
            "life_domains": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "duration_minutes": {
                "required": _("Bitte geben Sie die Dauer in Minuten an."),
                "invalid": _("Bitte geben Sie die Dauer als ganze Zahl an."),
                "min_value": _("Die Dauer beträgt mindestens 1 Minute."),
                "max_value": _("Die Dauer beträgt höchstens 600 Minuten."),
            },
            "contact_on": {
                "required": _("Bitte geben Sie das Datum des Kontakts an."),
                "invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
            },
            "channel": {"required": _("Bitte wählen Sie die Art des Kontakts.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["duration_minutes"].widget.attrs.update(
            {"inputmode": "numeric", "min": 1, "max": 600}
        )
        self.fields["channel"].choices = [("", _("Bitte wählen")), *ContactChannel.choices]
        self.fields["life_domains"].queryset = LifeDomain.objects.all()
        self.fields["life_domains"].help_text = _("Um welche Lebensbereiche ging es?")


class AppointmentForm(KernModelForm):
    """Termin: only in the future (a past conversation is logged as a contact)."""

    class Meta:
        model = Appointment
        fields = ["starts_at", "duration_minutes", "place", "note"]
        labels = {"starts_at": _("Beginn (Datum und Uhrzeit)")}
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        error_messages = {
            "starts_at": {
                "required": _("Bitte geben Sie Datum und Uhrzeit des Termins an."),
                "invalid": _("Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ HH:MM)."),
            },
            "duration_minutes": {
                "required": _("Bitte geben Sie die Dauer in Minuten an."),
                "invalid": _("Bitte geben Sie die Dauer als ganze Zahl an."),
                "min_value": _("Ein Termin dauert mindestens 5 Minuten."),
                "max_value": _("Ein Termin dauert höchstens 600 Minuten."),
            },
            "place": {"required": _("Bitte geben Sie den Ort des Termins an.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs.update(
            {"inputmode": "numeric", "min": 5, "max": 600}
        )
        self.fields["place"].help_text = _("z. B. Rathaus Balve, Raum 12, oder Hausbesuch")

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(
                _(
                    "Ein Termin kann nicht in der Vergangenheit liegen. Ein Gespräch, das schon "
                    "stattgefunden hat, erfassen Sie bitte als Kontakt."
                )
            )
        return starts_at


class DocumentForm(KernForm):
    """Upload of a file; size, type and content are checked by ``services.check_document``."""

    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, PNG, JPG, DOCX, ODT oder TXT, höchstens 10 MB."),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Es wurde keine Datei übertragen. Bitte wählen Sie die Datei erneut."),
            "max_length": _("Der Dateiname ist zu lang (höchstens 255 Zeichen)."),
        },
        max_length=255,
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_DOCUMENTS)}),
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=300,
        help_text=_("z. B. Bescheid des Jobcenters vom …"),
        error_messages={"max_length": _("Die Beschreibung ist zu lang (höchstens 300 Zeichen).")},
    )
