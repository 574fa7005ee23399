"""Forms of the minutes: writing, approval, correction, distribution, and the period of the
activity report."""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kim.core import dates
from kim.core.forms import KernForm, KernModelForm

from ..models import Meeting, MeetingState, Minutes

ISO_DATE = "%Y-%m-%d"


class MinutesForm(KernModelForm):
    """The text of a draft; the hidden ``version_lock`` refuses a save over someone else's."""

    class Meta:
        model = Minutes
        fields = ["text", "version_lock"]
        labels = {"text": _("Protokolltext")}
        help_texts = {
            "text": _(
                "Zeilen, die mit „TOP“ beginnen, werden im PDF zu Überschriften. Leerzeilen "
                "trennen Absätze. Teilnehmende und Beschlüsse setzt das PDF aus der Sitzung ein."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 24})}
        error_messages = {"text": {"required": _("Bitte schreiben Sie den Protokolltext.")}}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{dates.day(meeting.starts_at)}, {meeting.title}"


class ApproveForm(KernForm):
    """In which later meeting of the same body the minutes were approved."""

    in_meeting = MeetingChoiceField(
        label=_("genehmigt in der Sitzung"),
        queryset=Meeting.objects.none(),
        empty_label=_("– bitte wählen –"),
        error_messages={
            "required": _("Bitte wählen Sie die Sitzung, in der das Protokoll genehmigt wurde."),
            "invalid_choice": _(
                "Ein Protokoll wird in einer späteren Sitzung desselben Gremiums genehmigt."
            ),
        },
    )

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["in_meeting"].queryset = later_meetings(minutes.meeting)


def later_meetings(meeting):
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )


class CorrectionForm(KernForm):
    text = forms.CharField(
        label=_("Korrigierter Protokolltext"),
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": _("Bitte geben Sie den korrigierten Protokolltext ein.")},
    )
    reason = forms.CharField(
        label=_("Grund der Korrektur"),
        help_text=_("Was wird korrigiert und warum? Der Grund steht in der neuen Fassung."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte begründen Sie die Korrektur.")},
    )


@dataclass(frozen=True)
class Recipient:
    key: str
    name: str
    email: str
    organisation: str = ""
    group: str = ""

    @property
    def label(self):
        label = f"{self.name} <{self.email}>"
        if self.organisation:
            label += f" – {self.organisation}"
        if self.group:
            label += f" ({self.group})"
        return label


LINE = re.compile(r"^(?P<name>[^<>;]*?)\s*<(?P<email>[^<>;\s]+)>\s*(?:;\s*(?P<org>.*))?$")


def parse_recipients(text):
    """``Name <mail>; Organisation`` per line → [(name, email, organisation)]; a ValidationError
    names every line that does not fit."""
    found, errors = [], []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        problem = None
        if not match or not match["name"].strip():
            problem = _("Zeile %(n)s: bitte als „Name <E-Mail>; Organisation“ angeben.")
        else:
            try:
                validate_email(match["email"])
            except ValidationError:
                problem = _("Zeile %(n)s: „%(email)s“ ist keine gültige E-Mail-Adresse.")
        if problem:
            errors.append(
                ValidationError(
                    problem, params={"n": number, "email": match["email"] if match else ""}
                )
            )
            continue
        found.append((match["name"].strip(), match["email"], (match["org"] or "").strip()))
    if errors:
        raise ValidationError(errors)
    return found


class DistributionForm(KernForm):
    recipients = forms.MultipleChoiceField(
        label=_("Empfänger:innen aus den Gremien"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    additional = forms.CharField(
        label=_("Weitere Empfänger:innen"),
        help_text=_(
            "Eine Person je Zeile: „Name <E-Mail>; Organisation“, z. B. "
            "„Maria Schulz <m.schulz@example.org>; Integrationsrat Iserlohn“."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, candidates, received=None, **kwargs):
        """``received``: {e-mail (lower case): sent at} of this version; those are not chosen
        in advance, so that nobody gets the same minutes twice by accident."""
        super().__init__(*args, **kwargs)
        received = received or {}
        self.candidates = {candidate.key: candidate for candidate in candidates}
        choices = []
        for candidate in candidates:
            label = candidate.label
            sent_at = received.get(candidate.email.lower())
            if sent_at:
                label += " – " + _("erhalten am %(date)s") % {
                    "date": date_format(timezone.localtime(sent_at), "SHORT_DATE_FORMAT")
                }
            choices.append((candidate.key, label))
        self.fields["recipients"].choices = choices
        self.fields["recipients"].error_messages["invalid_choice"] = _(
            "„%(value)s“ steht nicht mehr auf der Liste der Empfänger:innen."
        )
        if not self.is_bound:
            self.initial.setdefault(
                "recipients",
                [c.key for c in candidates if c.email.lower() not in received],
            )

    def clean_additional(self):
        return parse_recipients(self.cleaned_data["additional"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        chosen = [self.candidates[key] for key in cleaned.get("recipients", [])]
        recipients, seen = [], set()
        entries = [(c.name, c.email, c.organisation) for c in chosen]
        for name, email, organisation in entries + cleaned.get("additional", []):
            if email.lower() in seen:
                continue
            seen.add(email.lower())
            recipients.append((name, email, organisation))
        if not recipients:
            raise ValidationError(
                _("Bitte wählen Sie mindestens eine Empfängerin oder einen Empfänger.")
            )
        cleaned["all_recipients"] = recipients
        return cleaned


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


class ActivityReportForm(KernForm):
    start = forms.DateField(
        label=_("Berichtszeitraum von"),
        widget=_date_widget(),
        error_messages={
            "required": _("Bitte geben Sie den Beginn des Berichtszeitraums an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."),
        },
    )
    end = forms.DateField(
        label=_("Berichtszeitraum bis"),
        widget=_date_widget(),
        error_messages={
            "required": _("Bitte geben Sie das Ende des Berichtszeitraums an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende des Zeitraums darf nicht vor dem Beginn liegen."))
        return cleaned
