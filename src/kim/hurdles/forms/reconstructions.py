"""Forms of the case reconstruction (Fallrekonstruktion): planning, timeline steps, recording.

Planning is saved by ``services.plan_reconstruction`` (which refuses rejected reports and adds the
reporting external organisations), recording by ``services.record_reconstruction``. The findings
go to the steering group with the generative themes, so they must not hold personal data.
"""

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import Organisation

from ..models import CaseReconstruction, HurdleReport, ReconstructionStep, ReportState
from ..personal_data import find_personal_data
from ..services import client_names

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
MAX_WAITING_DAYS = 3650


def date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format=ISO_DATE)


def personal_data_message(findings, intro):
    """The German refusal for a text that goes to the steering group but holds personal data."""
    found = "; ".join(f"{finding.label} („{finding.excerpt}“)" for finding in findings)
    return _(
        "%(intro)s Gefunden: %(found)s. Bitte entfernen oder umschreiben Sie diese Angaben."
    ) % {
        "intro": intro,
        "found": found,
    }


def names_in_cases(reports):
    """Names of the clients behind ``reports`` (through their internal case links)."""
    names = []
    for report in reports:
        if report.case_id:
            names.extend(client_names(report.case))
    return names


def _users_with_role(*roles):
    return User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles])


def coordination_users():
    return _users_with_role(Role.COORDINATION).distinct().order_by("last_name", "first_name")


def participant_users():
    """Case managers and coordination, coordination marked (``is_coordination``)."""
    coordination = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=Role.COORDINATION.value
    )
    return (
        _users_with_role(Role.CASE_MANAGER, Role.COORDINATION)
        .distinct()
        .annotate(is_coordination=Exists(coordination))
        .order_by("last_name", "first_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        role = Role.COORDINATION.label if obj.is_coordination else Role.CASE_MANAGER.label
        return f"{name} ({role})"


class ReportChoiceField(forms.ModelMultipleChoiceField):
    """The reports to reconstruct; the template shows them as a table (number, topic, municipality,
    state) through ``choice.data.value.instance``."""

    def label_from_instance(self, obj):
        topic = obj.topic.name if obj.topic_id else _("ohne Thema")
        return f"{obj.number} – {topic} – {obj.municipality.name} – {obj.get_state_display()}"


INVALID_REPORT = _("Diese Meldung gibt es nicht. Bitte wählen Sie aus der Liste.")


class ReconstructionForm(KernModelForm):
    """Plan a reconstruction: which reports, when, where, who moderates, who takes part."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Ohne Namen von Klient:innen, z. B. „Anerkennung Pflegeabschluss“."),
        error_messages={
            "required": _("Bitte geben Sie einen Titel an."),
            "max_length": _("Der Titel darf höchstens 200 Zeichen lang sein."),
        },
    )
    reports = ReportChoiceField(
        label=_("Meldungen"),
        queryset=HurdleReport.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Welche Meldungen (und damit welche Fälle) werden rekonstruiert? "
            "Abgelehnte Meldungen können nicht rekonstruiert werden."
        ),
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Meldung aus."),
            "invalid_choice": INVALID_REPORT,
            "invalid_pk_value": INVALID_REPORT,
        },
    )
    planned_for = forms.DateTimeField(
        label=_("Termin (Datum und Uhrzeit)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME),
        error_messages={"invalid": _("Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ HH:MM).")},
    )
    place = forms.CharField(
        label=_("Ort"),
        max_length=200,
        required=False,
        help_text=_("z. B. Kreishaus Lüdenscheid, Raum 2.14"),
        error_messages={"max_length": _("Der Ort darf höchstens 200 Zeichen lang sein.")},
    )
    moderator = UserChoiceField(
        label=_("Moderation"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Bitte wählen"),
        help_text=_("Eine Person aus der Koordination."),
        error_messages={
            "invalid_choice": _("Die Moderation übernimmt eine Person aus der Koordination.")
        },
    )
    participants = ParticipantChoiceField(
        label=_("Teilnehmende"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Case Manager:innen und Koordination. Organisationen, die eine der Meldungen von "
            "außen gemeldet haben, nehmen automatisch teil."
        ),
        error_messages={
            "invalid_choice": _(
                "Teilnehmen können nur Case Manager:innen und die Koordination. "
                "Bitte wählen Sie aus der Liste."
            ),
            "invalid_pk_value": _("Bitte wählen Sie aus der Liste."),
        },
    )

    class Meta:
        model = CaseReconstruction
        fields = ["title", "reports", "planned_for", "place", "moderator", "participants"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # rejected reports are listed (coordination sees them) but refused by the service
        self.fields["reports"].queryset = (
            HurdleReport.objects.visible_to(user)
            .select_related("topic", "municipality", "reporter_organisation")
            .annotate(
                rejected=models.Case(
                    models.When(state=ReportState.REJECTED, then=models.Value(1)),
                    default=models.Value(0),
                    output_field=models.IntegerField(),
                )
            )
            # grouped by topic on the page; rejected ones last in their group
            .order_by(
                models.F("topic__name").asc(nulls_last=True), "rejected", "-reported_on", "-pk"
            )
        )
        self.fields["moderator"].queryset = coordination_users()
        self.fields["participants"].queryset = participant_users()


class StepForm(KernModelForm):
    """One step of the reconstructed path: who (an institution or someone else), what, when,
    how long the person waited, and whether the path broke here."""

    position = forms.IntegerField(
        label=_("Reihenfolge"),
        min_value=1,
        max_value=999,
        help_text=_("Der wievielte Schritt auf dem Weg?"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Bitte geben Sie an, der wievielte Schritt das ist."),
            "invalid": _("Bitte geben Sie die Reihenfolge als ganze Zahl an."),
            "min_value": _("Die Reihenfolge beginnt bei 1."),
            "max_value": _("Die Reihenfolge geht höchstens bis 999."),
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("keine aus dem Verzeichnis"),
        help_text=_("Aus dem Verzeichnis – oder unten angeben, wer sonst gehandelt hat."),
        error_messages={
            "invalid_choice": _("Diese Institution gibt es nicht. Bitte wählen Sie aus der Liste.")
        },
    )
    actor = forms.CharField(
        label=_("Wer sonst"),
        max_length=200,
        required=False,
        help_text=_("z. B. „die Person selbst“ oder „Vermieter“ – ohne Namen."),
        error_messages={"max_length": _("Die Angabe darf höchstens 200 Zeichen lang sein.")},
    )
    what = forms.CharField(
        label=_("Was ist geschehen?"),
        max_length=300,
        error_messages={
            "required": _("Bitte beschreiben Sie, was in diesem Schritt geschehen ist."),
            "max_length": _("Die Beschreibung darf höchstens 300 Zeichen lang sein."),
        },
    )
    happened_on = forms.DateField(
        label=_("Wann?"),
        required=False,
        widget=date_input(),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")},
    )
    waiting_days = forms.IntegerField(
        label=_("Wartezeit (Tage)"),
        required=False,
        min_value=0,
        max_value=MAX_WAITING_DAYS,
        help_text=_("Wie viele Tage hat die Person auf diesen Schritt gewartet?"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Bitte geben Sie die Wartezeit als ganze Zahl von Tagen an."),
            "min_value": _("Die Wartezeit kann nicht negativ sein."),
            "max_value": _("Die Wartezeit beträgt höchstens 3650 Tage (zehn Jahre)."),
        },
    )
    is_break_point = forms.BooleanField(
        label=_("Bruchstelle: hier ist der Weg abgebrochen oder hängen geblieben"),
        required=False,
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = ReconstructionStep
        fields = [
            "position",
            "organisation",
            "actor",
            "what",
            "happened_on",
            "waiting_days",
            "is_break_point",
            "note",
        ]

    def __init__(self, *args, reconstruction, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.reconstruction = reconstruction
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )
        self.fields["happened_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_happened_on(self):
        happened_on = self.cleaned_data["happened_on"]
        if happened_on and happened_on > timezone.localdate():
            raise forms.ValidationError(
                _("Ein Schritt der Rekonstruktion kann nicht in der Zukunft liegen.")
            )
        return happened_on

    def clean(self):
        cleaned = super().clean()
        actor = (cleaned.get("actor") or "").strip()
        if "organisation" not in self.errors and not cleaned.get("organisation") and not actor:
            self.add_error(
                "organisation",
                _(
                    "Bitte wählen Sie eine Institution aus dem Verzeichnis oder geben Sie an, "
                    "wer sonst gehandelt hat."
                ),
            )
        return cleaned

    def save(self, commit=True):
        self.instance.reconstruction = self.reconstruction
        return super().save(commit=commit)


class RecordForm(KernForm):
    """Record a held reconstruction: its findings (they go to the steering group) and the date."""

    held_on = forms.DateField(
        label=_("Durchgeführt am"),
        required=False,
        widget=date_input(),
        help_text=_("Leer lassen, wenn die Rekonstruktion heute stattgefunden hat."),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")},
    )
    findings = forms.CharField(
        label=_("Erkenntnisse"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Was zeigt der rekonstruierte Weg über die Strukturen? Die Erkenntnisse werden mit "
            "den generativen Themen der Lenkungsgruppe vorgelegt: ohne Namen, Geburtsdaten, "
            "Aktenzeichen oder andere Angaben zu Personen."
        ),
        error_messages={"required": _("Bitte halten Sie die Erkenntnisse fest.")},
    )

    def __init__(self, *args, reconstruction, **kwargs):
        super().__init__(*args, **kwargs)
        self.reconstruction = reconstruction
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(
                _("Eine Rekonstruktion kann nicht in der Zukunft durchgeführt worden sein.")
            )
        return held_on

    def clean_findings(self):
        findings = self.cleaned_data["findings"].strip()
        if not findings:
            raise forms.ValidationError(_("Bitte halten Sie die Erkenntnisse fest."))
        reports = self.reconstruction.reports.select_related("case__client")
        found = find_personal_data(findings, names_in_cases(reports))
        if found:
            raise forms.ValidationError(
                personal_data_message(
                    found,
                    _(
                        "Die Erkenntnisse werden der Lenkungsgruppe vorgelegt und dürfen keine "
                        "personenbezogenen Daten enthalten."
                    ),
                )
            )
        return findings
