"""Forms of bodies, memberships, meetings, agenda items, attendance and resolutions
(concept § 2.3, § 3.2, § 3.3; DOMAIN.md § 5)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kim.core import dates
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import Organisation
from kim.hurdles.models import GenerativeTheme, HurdleReport

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    Membership,
    MembershipFunction,
    Resolution,
    ResolutionKind,
    ResolutionResult,
)
from ..services import NewMember

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
MAX_NEW_MEMBERS = 8

SEAT_TAKEN = _("Dieser Sitz ist schon besetzt. Beenden Sie zuerst die bisherige Mitgliedschaft.")
SEAT_TAKEN_UNTIL = _(
    "Dieser Sitz ist schon besetzt: %(name)s bis %(until)s. Die neue Mitgliedschaft kann "
    "frühestens an diesem Tag beginnen."
)
VOTES_MISSING = _("Bitte geben Sie das Abstimmungsergebnis an.")
VOTES_NEGATIVE = _("Die Zahl der Stimmen kann nicht negativ sein.")
CHOOSE_FROM_LIST = _("Bitte wählen Sie aus der Liste.")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME)


def optional_formset(formset_class, data, prefix, **kwargs):
    """Bound only when the page sent the formset (its management form) along."""
    if data is not None and f"{prefix}-TOTAL_FORMS" in data:
        return formset_class(data, prefix=prefix, **kwargs)
    return formset_class(prefix=prefix, **kwargs)


def current_memberships(body, on=None):
    """Memberships of ``body`` in force on ``on`` (today if not given)."""
    on = on or timezone.localdate()
    return body.memberships.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on
    ).select_related("seat", "organisation", "user")


# ---------------------------------------------------------------------------------------------
# memberships


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.username})"


class MembershipForm(KernModelForm):
    """A person on a seat (member or deputy) or, without seat, in a working group or circle."""

    user = UserChoiceField(
        label=_("Benutzerkonto"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("ohne Konto"),
        help_text=_("Mitglieder mit Konto lesen Sitzungen, Tagesordnungen und Protokolle."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leer lassen, um den Namen aus dem Benutzerkonto zu übernehmen."),
        error_messages={"max_length": _("Der Name darf höchstens 200 Zeichen lang sein.")},
    )

    class Meta:
        model = Membership
        fields = [
            "seat",
            "function",
            "user",
            "name",
            "organisation",
            "email",
            "is_lead",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}
        labels = {"is_lead": _("leitet die Arbeitsgruppe")}
        help_texts = {
            "seat": _(
                "Nur für Gremien mit Sitzen nach Geschäftsordnung, z. B. die Lenkungsgruppe."
            ),
            "function": _("Je Sitz gibt es ein Mitglied und eine Stellvertretung."),
            "ends_on": _("Leer lassen, solange die Mitgliedschaft besteht."),
        }
        error_messages = {
            "seat": {"invalid_choice": _("Dieser Sitz gehört nicht zu diesem Gremium.")},
            "function": {"required": _("Bitte wählen Sie die Funktion.")},
            "organisation": {"invalid_choice": CHOOSE_FROM_LIST},
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
            "starts_on": {
                "required": _("Bitte geben Sie an, seit wann die Mitgliedschaft besteht."),
                "invalid": _("Bitte geben Sie ein gültiges Datum an."),
            },
            "ends_on": {"invalid": _("Bitte geben Sie ein gültiges Datum an.")},
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.instance.body = body
        self.fields["seat"].queryset = body.seats.all()
        self.fields["seat"].empty_label = _("ohne Sitz")
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")
        )
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("keine Angabe")
        if not body.seats.exists():
            del self.fields["seat"]
            del self.fields["function"]
        if body.kind != BodyKind.WORKING_GROUP:
            del self.fields["is_lead"]
        if not self.is_bound and "starts_on" not in self.initial:
            self.initial["starts_on"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if not cleaned.get("name"):
            if user:
                cleaned["name"] = user.get_full_name() or user.username
            elif "name" not in self.errors:
                self.add_error(
                    "name",
                    _("Bitte geben Sie den Namen an oder wählen Sie ein Benutzerkonto."),
                )
        if user and not cleaned.get("email"):
            cleaned["email"] = user.email
        self._check_seat(cleaned)
        return cleaned

    def _check_seat(self, cleaned):
        """A seat has one member and one deputy at a time; a handover on the same day is fine."""
        seat = cleaned.get("seat")
        starts_on = cleaned.get("starts_on")
        if not seat or not starts_on or "seat" in self.errors:
            return
        ends_on = cleaned.get("ends_on")
        function = cleaned.get("function") or MembershipFunction.MEMBER
        others = Membership.objects.filter(seat=seat, function=function).exclude(
            pk=self.instance.pk
        )
        overlapping = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
        if ends_on:
            overlapping = overlapping.filter(starts_on__lt=ends_on)
        holder = overlapping.order_by("starts_on").first()
        if holder is None:
            return
        if holder.ends_on is None:
            self.add_error("seat", SEAT_TAKEN)
        else:
            self.add_error(
                "seat",
                SEAT_TAKEN_UNTIL
                % {"name": holder.name, "until": date_format(holder.ends_on, "SHORT_DATE_FORMAT")},
            )


# ---------------------------------------------------------------------------------------------
# meetings and agenda


class MeetingForm(KernModelForm):
    starts_at = forms.DateTimeField(
        label=_("Beginn (Datum und Uhrzeit)"),
        widget=_datetime_input(),
        error_messages={
            "required": _("Bitte geben Sie Datum und Uhrzeit der Sitzung an."),
            "invalid": _("Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ HH:MM)."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ende (Datum und Uhrzeit)"),
        required=False,
        widget=_datetime_input(),
        error_messages={"invalid": _("Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ HH:MM).")},
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "invitation", "state"]
        widgets = {"invitation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("z. B. „1. Sitzung der Lenkungsgruppe 2026“"),
            "place": _("z. B. Kreishaus Lüdenscheid, Sitzungssaal"),
            "invitation": _(
                "Text der Einladung. Die Tagesordnungspunkte legen Sie danach in der Sitzung an."
            ),
        }
        error_messages = {
            "title": {
                "required": _("Bitte geben Sie einen Titel an."),
                "max_length": _("Der Titel darf höchstens 200 Zeichen lang sein."),
            },
            "place": {
                "required": _("Bitte geben Sie den Ort der Sitzung an."),
                "max_length": _("Der Ort darf höchstens 200 Zeichen lang sein."),
            },
            "state": {"required": _("Bitte wählen Sie den Stand der Sitzung.")},
        }

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.instance.body = body


def next_position(meeting):
    last = meeting.agenda_items.order_by("-position").first()
    return last.position + 1 if last else 1


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_state_display()})"


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        topic = obj.topic.name if obj.topic_id else _("ohne Thema")
        return f"{obj.number} · {dates.day(obj.reported_on)} · {topic}"


class AgendaItemForm(KernModelForm):
    position = forms.IntegerField(
        label=_("TOP"),
        min_value=1,
        max_value=999,
        help_text=_("Nummer des Tagesordnungspunkts."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Bitte geben Sie die Nummer des Tagesordnungspunkts an."),
            "invalid": _("Bitte geben Sie eine ganze Zahl an."),
            "min_value": _("Die Nummer muss zwischen 1 und 999 liegen."),
            "max_value": _("Die Nummer muss zwischen 1 und 999 liegen."),
        },
    )
    theme = ThemeChoiceField(
        label=_("generatives Thema"),
        queryset=GenerativeTheme.objects.none(),
        required=False,
        empty_label=_("keins"),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    report = ReportChoiceField(
        label=_("Meldebogen"),
        queryset=HurdleReport.objects.none(),
        required=False,
        empty_label=_("keiner"),
        help_text=_("Nur für die Koordination sichtbar; Mitglieder sehen keine Meldebögen."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "description", "theme", "working_group", "report"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {
                "required": _("Bitte geben Sie den Titel des Tagesordnungspunkts an."),
                "max_length": _("Der Titel darf höchstens 300 Zeichen lang sein."),
            },
            "working_group": {"invalid_choice": CHOOSE_FROM_LIST},
        }

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        self.fields["theme"].queryset = GenerativeTheme.objects.visible_to(user).order_by("title")
        self.fields["working_group"].queryset = Body.objects.filter(
            kind=BodyKind.WORKING_GROUP
        ).order_by("name")
        self.fields["working_group"].empty_label = _("keine")
        self.fields["report"].queryset = (
            HurdleReport.objects.visible_to(user).select_related("topic").order_by("-pk")
        )
        if not self.is_bound and "position" not in self.initial:
            self.initial["position"] = next_position(meeting)

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position and self.meeting.agenda_items.filter(position=position).exists():
            raise forms.ValidationError(_("Diese TOP-Nummer gibt es in der Sitzung schon."))
        return position


# ---------------------------------------------------------------------------------------------
# attendance


MEMBER_STATUS_CHOICES = [
    (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT.label),
    (AttendanceStatus.EXCUSED, AttendanceStatus.EXCUSED.label),
    (AttendanceStatus.ABSENT, AttendanceStatus.ABSENT.label),
]


class GuestForm(KernForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Der Name darf höchstens 200 Zeichen lang sein.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Die Organisation darf höchstens 200 Zeichen lang sein.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and not cleaned.get("name"):
            self.add_error("name", _("Bitte geben Sie den Namen des Gastes an."))
        return cleaned


GuestFormSet = forms.formset_factory(GuestForm, extra=3)


def attendance_memberships(meeting):
    """Memberships in force on the day of the meeting, and those already recorded for it."""
    day = timezone.localtime(meeting.starts_at).date()
    recorded = meeting.attendance.filter(membership__isnull=False).values("membership")
    return (
        meeting.body.memberships.filter(
            Q(pk__in=recorded)
            | (Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))
        )
        .select_related("seat", "organisation")
        .order_by(
            F("seat__position").asc(nulls_last=True),
            "seat",
            Case(When(function=MembershipFunction.MEMBER, then=0), default=1),
            "name",
        )
    )


class AttendanceForm(KernForm):
    """One status per membership of the body, and free rows for guests (``guests`` formset)."""

    def __init__(self, data=None, *, meeting, **kwargs):
        super().__init__(data, **kwargs)
        self.meeting = meeting
        recorded = {
            row.membership_id: row.status
            for row in meeting.attendance.filter(membership__isnull=False)
        }
        self.memberships = list(attendance_memberships(meeting))
        for membership in self.memberships:
            self.fields[f"member_{membership.pk}"] = forms.ChoiceField(
                label=membership.name,
                choices=MEMBER_STATUS_CHOICES,
                initial=recorded.get(membership.pk, self._default_status(membership)),
                error_messages={
                    "required": _("Bitte wählen Sie die Anwesenheit."),
                    "invalid_choice": _("Bitte wählen Sie anwesend, entschuldigt oder abwesend."),
                },
                widget=forms.Select(attrs={"class": "kern-form-input__select"}),
            )
        guests = meeting.attendance.filter(status=AttendanceStatus.GUEST).order_by("name")
        self.guests = optional_formset(
            GuestFormSet,
            data,
            "guests",
            initial=[{"name": g.name, "organisation": g.organisation} for g in guests],
        )

    @staticmethod
    def _default_status(membership):
        """Members are preset as present, deputies of a seat as absent."""
        if membership.function == MembershipFunction.DEPUTY:
            return AttendanceStatus.ABSENT
        return AttendanceStatus.PRESENT

    def rows(self):
        """(membership, bound field) for the template."""
        return [(m, self[f"member_{m.pk}"]) for m in self.memberships]

    def is_valid(self):
        valid = super().is_valid()
        return (not self.guests.is_bound or self.guests.is_valid()) and valid

    def guest_rows(self):
        """Guests entered; without the guest rows in the request the recorded guests stay."""
        rows = self.guests.cleaned_data if self.guests.is_bound else self.guests.initial
        return [row for row in rows if row.get("name")]

    @transaction.atomic
    def save(self):
        """Replace the attendance of the meeting by what the form holds."""
        Attendance.objects.filter(meeting=self.meeting).delete()
        rows = []
        for membership in self.memberships:
            rows.append(
                Attendance.objects.create(
                    meeting=self.meeting,
                    membership=membership,
                    name=membership.name,
                    organisation=membership.organisation.name if membership.organisation else "",
                    status=self.cleaned_data[f"member_{membership.pk}"],
                )
            )
        for guest in self.guest_rows():
            rows.append(
                Attendance.objects.create(
                    meeting=self.meeting,
                    name=guest["name"],
                    organisation=guest.get("organisation", ""),
                    status=AttendanceStatus.GUEST,
                )
            )
        return rows


# ---------------------------------------------------------------------------------------------
# resolutions


def _prefix(body):
    """ "LG" for the steering group (as its resolutions are cited), else the short name."""
    if body.kind == BodyKind.STEERING_GROUP:
        return "LG"
    if body.short_name:
        return body.short_name
    return "".join(word[0] for word in re.findall(r"\w+", body.name) if word[0].isupper()) or "B"


def default_number(meeting):
    """``LG <year>/<n>`` (other bodies: their short name): the next free number of the body in
    that year."""
    year = timezone.localtime(meeting.starts_at).year
    prefix = f"{_prefix(meeting.body)} {year}/"
    taken = set(
        Resolution.objects.filter(
            meeting__body=meeting.body, number__startswith=prefix
        ).values_list("number", flat=True)
    )
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _vote_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": VOTES_MISSING,
            "invalid": _("Bitte geben Sie eine ganze Zahl an."),
            "min_value": VOTES_NEGATIVE,
            "max_value": _("Höchstens 999 Stimmen."),
        },
    )


class ResolutionForm(KernModelForm):
    """Text, vote and what the resolution decides. ``meeting`` is read by
    ``services.record_resolution``; for a working group the ``members`` formset comes along."""

    votes_for = _vote_field(_("Ja-Stimmen"))
    votes_against = _vote_field(_("Nein-Stimmen"))
    votes_abstain = _vote_field(_("Enthaltungen"))
    result = forms.ChoiceField(
        label=_("Ergebnis"),
        choices=ResolutionResult.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte geben Sie das Ergebnis an: angenommen oder abgelehnt."),
            "invalid_choice": _("Bitte wählen Sie angenommen oder abgelehnt."),
        },
    )
    theme = ThemeChoiceField(
        label=_("generatives Thema"),
        queryset=GenerativeTheme.objects.none(),
        required=False,
        empty_label=_("keins"),
        help_text=_(
            "Pflicht beim Einrichten einer Arbeitsgruppe und beim Beschluss eines Zielsystems; "
            "ein angenommener Beschluss setzt das Thema auf den nächsten Stand."
        ),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    working_group_name = forms.CharField(
        label=_("Name der Arbeitsgruppe"),
        max_length=200,
        required=False,
        help_text=_("Nur beim Einrichten einer Arbeitsgruppe."),
        error_messages={"max_length": _("Der Name darf höchstens 200 Zeichen lang sein.")},
    )

    class Meta:
        model = Resolution
        fields = [
            "agenda_item",
            "number",
            "text",
            "kind",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "result",
            "theme",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"number": _("Wird vorgeschlagen; innerhalb der Sitzung eindeutig.")}
        error_messages = {
            "agenda_item": {"invalid_choice": _("Dieser TOP gehört nicht zu dieser Sitzung.")},
            "number": {
                "required": _("Bitte geben Sie die Beschlussnummer an."),
                "max_length": _("Die Beschlussnummer darf höchstens 30 Zeichen lang sein."),
            },
            "text": {"required": _("Bitte geben Sie den Beschlusstext an.")},
            "kind": {
                "required": _("Bitte wählen Sie die Art des Beschlusses."),
                "invalid_choice": CHOOSE_FROM_LIST,
            },
        }

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].empty_label = _("ohne TOP")
        self.fields["theme"].queryset = GenerativeTheme.objects.visible_to(user).order_by("title")
        self.members = optional_formset(
            MemberFormSet, args[0] if args else kwargs.get("data"), "members"
        )
        if not self.is_bound:
            self.initial.setdefault("number", default_number(meeting))
            self.initial.setdefault("kind", ResolutionKind.OTHER)

    def clean_number(self):
        number = (self.cleaned_data.get("number") or "").strip()
        if number and self.meeting.resolutions.filter(number=number).exists():
            raise forms.ValidationError(_("Diese Beschlussnummer gibt es in der Sitzung schon."))
        return number

    def clean(self):
        cleaned = super().clean()
        votes = [cleaned.get(f) for f in ("votes_for", "votes_against", "votes_abstain")]
        result = cleaned.get("result")
        if result == ResolutionResult.ADOPTED and None not in votes and votes[0] <= votes[1]:
            self.add_error(
                "result",
                _(
                    "Mit %(for)s Ja- und %(against)s Nein-Stimmen ist der Beschluss nicht "
                    "angenommen."
                )
                % {"for": votes[0], "against": votes[1]},
            )
        other_kind = cleaned.get("kind") not in (None, "", ResolutionKind.SET_UP_WORKING_GROUP)
        if other_kind and (cleaned.get("working_group_name") or self._member_rows_filled()):
            self.add_error(
                "kind",
                _(
                    "Name und Mitglieder einer Arbeitsgruppe gehören nur zu einem Beschluss "
                    "der Art „Arbeitsgruppe einrichten“. Bitte wählen Sie diese Art oder "
                    "leeren Sie die Angaben zur Arbeitsgruppe."
                ),
            )
        return cleaned

    def _member_rows_filled(self):
        if not self.members.is_bound:
            return False
        return any(
            (self.members.data.get(f"members-{i}-name") or "").strip()
            for i in range(MAX_NEW_MEMBERS)
        )

    def is_valid(self):
        valid = super().is_valid()
        return (not self.members.is_bound or self.members.is_valid()) and valid

    def new_members(self):
        """The filled member rows as ``services.NewMember`` (only for a working group)."""
        if not self.members.is_bound:
            return []
        return [
            NewMember(
                name=row["name"],
                organisation=row.get("organisation"),
                email=row.get("email", ""),
                is_lead=row.get("is_lead", False),
            )
            for row in self.members.cleaned_data
            if row.get("name")
        ]


class NewMemberForm(KernForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Der Name darf höchstens 200 Zeichen lang sein.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("keine Angabe"),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    is_lead = forms.BooleanField(label=_("Leitung"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and (cleaned.get("organisation") or cleaned.get("email")):
            self.add_error("name", _("Bitte geben Sie den Namen des Mitglieds an."))
        return cleaned


MemberFormSet = forms.formset_factory(
    NewMemberForm, extra=MAX_NEW_MEMBERS, max_num=MAX_NEW_MEMBERS, validate_max=True
)


class AttachmentForm(KernForm):
    """A document for the invitation (agenda papers, drafts for resolutions)."""

    name = forms.CharField(label=_("Bezeichnung"), max_length=200, required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("zu TOP"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("zur ganzen Sitzung"),
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, PNG, JPG, DOCX, ODT oder TXT, höchstens 10 MB."),
        error_messages={"required": _("Bitte wählen Sie eine Datei.")},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
