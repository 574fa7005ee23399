"""Forms for clients, consent and opening a case (views/clients.py).

Rules that belong to the data (a date of birth in the future, district entry before entry to
Germany, …) live in ``Client.clean`` / ``Consent.clean``; a ModelForm runs them and shows their
German messages at the field. The forms add what only the input form knows: the postal code
format, what goes with what (interpreter need and language, status and its section), the allowed
types of a consent scan.
"""

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core.forms import KernForm, KernFormRenderer, KernModelForm
from kim.directory.models import Organisation

from ..models import AccessChannel, Client, Consent, ConsentKind, Language, ResidenceStatus
from ..services import DocumentRejected, check_document


class ClientFormRenderer(KernFormRenderer):
    """The KERN field frame of kim/forms/field.html, with multi-selects shown as a list and
    check-box lists side by side (cases/clients/_field.html)."""

    field_template_name = "cases/clients/_field.html"


renderer = ClientFormRenderer()

MULTI_SELECT_ATTRS = {
    "class": "kern-form-input__input",
    "style": "height: auto; min-height: 9rem; padding-block: .5rem; overflow-y: auto",
}


def _fit_multi_selects(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.SelectMultiple) and not isinstance(
            field.widget, forms.CheckboxSelectMultiple
        ):
            field.widget.attrs.update(MULTI_SELECT_ATTRS)


class DateInput(forms.DateInput):
    """A native date picker (``<input type="date">``); the browser sends ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")}
# ISO from the date picker; typed: German 24.11.2026 or English 24/11/2026, in either language
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]

postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Die Postleitzahl hat genau 5 Ziffern."), code="postal_code"
)

CLIENT_DATE_FIELDS = (
    "date_of_birth",
    "residence_valid_until",
    "entered_germany_on",
    "entered_district_on",
)


class ClientForm(KernModelForm):
    """All data of a client. ``user`` limits the household members to clients they may see."""

    default_renderer = renderer

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "first_name_original",
            "last_name_original",
            "date_of_birth",
            "year_of_birth",
            "gender",
            "nationalities",
            "languages",
            "interpreter_needed",
            "interpreter_language",
            "municipality",
            "residence_status",
            "residence_section",
            "residence_valid_until",
            "entered_germany_on",
            "entered_district_on",
            "household_members",
            "phone",
            "email",
            "street",
            "postal_code",
            "city",
            "version",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "gender": forms.RadioSelect,
            "household_members": forms.SelectMultiple(attrs={"size": 6}),
            "nationalities": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "first_name": _(
                "In lateinischer Schrift, wie im Ausweis oder in der Meldebescheinigung."
            ),
            "first_name_original": _("z. B. in arabischer oder kyrillischer Schrift"),
            "date_of_birth": _("Wenn nur das Jahr bekannt ist, lassen Sie das Datum leer."),
            "nationalities": _("Mehrere mit Strg (Mac: Cmd) auswählen."),
            "household_members": _(
                "Personen, die mit ihr/ihm zusammenleben und hier als Klient:in erfasst sind. "
                "Mehrere mit Strg (Mac: Cmd) auswählen."
            ),
            "postal_code": _("5 Ziffern"),
        }
        error_messages = {
            "first_name": {"required": _("Bitte geben Sie den Vornamen an.")},
            "last_name": {"required": _("Bitte geben Sie den Nachnamen an.")},
            "municipality": {
                "required": _("Bitte wählen Sie die Kommune, in der die Person wohnt."),
                "invalid_choice": _("Diese Kommune gibt es nicht. Bitte wählen Sie aus der Liste."),
            },
            "year_of_birth": {
                "invalid": _("Bitte geben Sie das Geburtsjahr als vierstellige Zahl an."),
                "min_value": _("Bitte geben Sie ein Geburtsjahr ab 1900 an."),
            },
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
            "household_members": {
                "invalid_choice": _(
                    "Diese Person können Sie nicht als Haushaltsangehörige:n auswählen."
                ),
                "invalid_pk_value": _(
                    "Diese Person können Sie nicht als Haushaltsangehörige:n auswählen."
                ),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in CLIENT_DATE_FIELDS:
            field = self.fields[name]
            field.widget = DateInput(attrs=field.widget.attrs)
            field.input_formats = DATE_INPUT_FORMATS
            field.error_messages.update(DATE_ERRORS)
        _fit_multi_selects(self)
        members = Client.objects.visible_to(user).select_related("municipality")
        if self.instance.pk:
            members = members.exclude(pk=self.instance.pk)
        self.fields["household_members"].queryset = members
        if self.instance.pk and not self.is_bound:
            # links to people the user cannot see are kept (clean_household_members), not shown
            linked = [m.pk for m in self.initial.get("household_members", [])]
            self.initial["household_members"] = list(members.filter(pk__in=linked))
        self.fields["residence_status"].queryset = ResidenceStatus.objects.filter(active=True)
        self.fields["residence_status"].empty_label = _("nicht bekannt")
        self.fields["interpreter_language"].queryset = Language.objects.all()
        self.fields["interpreter_language"].empty_label = _("keine")
        self.fields["municipality"].empty_label = _("Bitte wählen")
        self.fields["postal_code"].validators.append(postal_code_validator)
        self.fields["postal_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["year_of_birth"].widget.attrs["inputmode"] = "numeric"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    @property
    def birth_year(self):
        data = getattr(self, "cleaned_data", {})
        if data.get("date_of_birth"):
            return data["date_of_birth"].year
        return data.get("year_of_birth")

    def clean_household_members(self):
        """Keep links to household members the user cannot see: the user cannot choose them,
        and saving the form must not drop them."""
        chosen = list(self.cleaned_data["household_members"])
        if self.instance.pk:
            hidden = self.instance.household_members.exclude(
                pk__in=Client.objects.visible_to(self.user).values("pk")
            )
            chosen += list(hidden)
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Bitte wählen Sie die Sprache der Dolmetschung.")
            )
        status = data.get("residence_status")
        if status and status.needs_section and not data.get("residence_section", "").strip():
            self.add_error(
                "residence_section",
                _("Bitte geben Sie die Rechtsgrundlage an, z. B. § 25 Abs. 2 AufenthG."),
            )
        if not status and "residence_status" not in self.errors:
            if data.get("residence_section"):
                self.add_error(
                    "residence_section",
                    _("Bitte wählen Sie zuerst den Aufenthaltsstatus."),
                )
            if data.get("residence_valid_until"):
                self.add_error(
                    "residence_valid_until",
                    _("Bitte wählen Sie zuerst den Aufenthaltsstatus."),
                )
        return data


class DuplicateConfirmForm(KernForm):
    """The confirmation under the duplicate warning."""

    default_renderer = renderer

    confirm_not_duplicate = forms.BooleanField(
        label=_("Ich habe geprüft: Es ist eine andere Person"), required=False
    )


def scan_check(uploaded):
    """A consent scan is a PDF, PNG or JPG of at most 10 MB whose content matches its type."""
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in {"pdf", "png", "jpg", "jpeg"}:
        raise forms.ValidationError(
            _("Als Scan sind nur PDF-, PNG- und JPG-Dateien erlaubt."), code="scan_type"
        )
    try:
        check_document(uploaded)
    except DocumentRejected as exc:
        raise forms.ValidationError(exc.message, code="scan_rejected") from exc


class ConsentForm(KernModelForm):
    default_renderer = renderer

    class Meta:
        model = Consent
        fields = ["kind", "organisations", "given_on", "scope", "valid_until", "scan"]
        widgets = {
            "kind": forms.RadioSelect,
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        }
        help_texts = {
            "scan": _("PDF, PNG oder JPG, höchstens 10 MB."),
            "valid_until": _("Leer lassen, wenn die Einwilligung bis zum Widerruf gilt."),
        }
        error_messages = {
            "kind": {"required": _("Bitte wählen Sie die Art der Einwilligung.")},
            "given_on": {"required": _("Bitte geben Sie an, wann die Einwilligung erteilt wurde.")},
            "scope": {"required": _("Bitte beschreiben Sie den Umfang: welche Daten, wozu.")},
            "organisations": {
                "invalid_choice": _("Diese Organisation gibt es nicht im Verzeichnis."),
                "invalid_pk_value": _("Diese Organisation gibt es nicht im Verzeichnis."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConsentKind.choices
        _fit_multi_selects(self)
        self.fields["organisations"].queryset = Organisation.objects.visible_to(user)
        self.fields["organisations"].help_text = _(
            "Bei einer Schweigepflichtentbindung: mit wem Daten ausgetauscht werden dürfen. "
            "Mehrere mit Strg (Mac: Cmd) auswählen."
        )
        for name in ("given_on", "valid_until"):
            field = self.fields[name]
            field.widget = DateInput(attrs=field.widget.attrs)
            field.input_formats = DATE_INPUT_FORMATS
            field.error_messages.update(DATE_ERRORS)
        if not self.is_bound and not self.initial.get("given_on"):
            self.initial["given_on"] = timezone.localdate()

    def clean_scan(self):
        uploaded = self.cleaned_data.get("scan")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not a stored file
            scan_check(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == ConsentKind.WAIVER
            and not data.get("organisations")
            and "organisations" not in self.errors
        ):
            self.add_error(
                "organisations",
                _(
                    "Eine Schweigepflichtentbindung nennt mindestens eine Organisation, "
                    "mit der Daten ausgetauscht werden dürfen."
                ),
            )
        return data


class RevokeConsentForm(KernForm):
    default_renderer = renderer

    note = forms.CharField(
        label=_("Notiz zum Widerruf"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. wie und wann die Person widerrufen hat."),
    )


def case_manager_choices():
    return User.objects.filter(is_active=True, groups__name=Role.CASE_MANAGER.value).order_by(
        "last_name", "first_name", "username"
    )


class CaseManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class OpenCaseForm(KernForm):
    default_renderer = renderer

    access_channel = forms.ChoiceField(
        label=_("Zugangsweg"),
        choices=[("", _("Bitte wählen")), *AccessChannel.choices],
        help_text=_("Wie ist die Person zum Case Management gekommen?"),
        error_messages={
            "required": _("Bitte wählen Sie den Zugangsweg."),
            "invalid_choice": _("Diesen Zugangsweg gibt es nicht. Bitte wählen Sie aus der Liste."),
        },
    )
    case_manager = CaseManagerChoiceField(
        label=_("Zuständige Case Manager:in"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie die zuständige Case Manager:in."),
            "invalid_choice": _(
                "Diese Person ist keine Case Manager:in. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    opened_on = forms.DateField(
        label=_("Fallbeginn"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"required": _("Bitte geben Sie den Fallbeginn an."), **DATE_ERRORS},
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. Anlass der Kontaktaufnahme"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_manager_choices()
        self.fields["case_manager"].initial = user.pk
        self.fields["opened_on"].initial = timezone.localdate()

    def clean_opened_on(self):
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise forms.ValidationError(_("Ein Fall kann nicht in der Zukunft beginnen."))
        return opened_on
