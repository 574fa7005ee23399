"""Governance and network (concept § 2.3, § 3.2, § 3.3, § 3.5, § 3.8; DOMAIN.md § 5).

Bodies (the steering group with its seats by rules of procedure, working circles, working groups,
informed bodies), their meetings with agenda items, attendance and resolutions, the minutes that
are approved in the next meeting and then distributed, and cooperation agreements with their
evaluations.
"""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kim.core import dates

from .queries import BodyQuerySet, MeetingQuerySet, MinutesQuerySet


class BodyKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Lenkungsgruppe")
    WORKING_CIRCLE = "working_circle", _("Facharbeitskreis")
    LOCAL_CIRCLE = "local_circle", _("lokaler Arbeitskreis")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")
    INFORMED = "informed", _("informiertes Gremium")


class Body(models.Model):
    """Gremium."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=40, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=BodyKind.choices)
    description = models.TextField(_("Aufgabe"), blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("Sitzungen je Jahr (Rhythmus)"), null=True, blank=True, validators=[MaxValueValidator(52)]
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("Kommune"),
    )
    theme = models.ForeignKey(
        "hurdles.GenerativeTheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("generatives Thema"),
    )
    set_up_by = models.ForeignKey(
        "Resolution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies_set_up",
        verbose_name=_("eingerichtet durch Beschluss"),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:body_detail", args=[self.pk])


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY_CHAIR = "deputy_chair", _("stellvertretender Vorsitz")
    MEMBER = "member", _("Mitglied")


class Seat(models.Model):
    """A seat defined by the rules of procedure (§ 4 (2) GO of the steering group)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(_("Sitz"), max_length=200)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entsendende Organisation"),
    )
    role = models.CharField(
        _("Funktion"), max_length=15, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Sitz")
        verbose_name_plural = _("Sitze")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class MembershipFunction(models.TextChoices):
    MEMBER = "member", _("Mitglied")
    DEPUTY = "deputy", _("Stellvertretung")


class Membership(models.Model):
    """A person in a body, on a seat (member or deputy) or without seat (e.g. working groups)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    function = models.CharField(
        _("Funktion"),
        max_length=10,
        choices=MembershipFunction.choices,
        default=MembershipFunction.MEMBER,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Benutzerkonto"),
        help_text=_("Mitglieder mit Konto lesen Sitzungen, Tagesordnungen und Protokolle."),
    )
    name = models.CharField(_("Name"), max_length=200)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    is_lead = models.BooleanField(_("Leitung"), default=False)
    starts_on = models.DateField(_("seit"))
    ends_on = models.DateField(_("bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["seat__position", "function", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "function"],
                condition=Q(ends_on__isnull=True, seat__isnull=False),
                name="one_open_holder_per_seat_and_function",
                violation_error_message=_(
                    "Dieser Sitz ist schon besetzt. Beenden Sie zuerst die bisherige "
                    "Mitgliedschaft."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.body})"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("„bis“ liegt vor „seit“.")})
        if self.seat_id and self.body_id and self.seat.body_id != self.body_id:
            raise ValidationError({"seat": _("Dieser Sitz gehört zu einem anderen Gremium.")})


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("durchgeführt")
    CANCELLED = "cancelled", _("abgesagt")


class Meeting(models.Model):
    """Sitzung."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("Gremium")
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=200)
    invitation = models.TextField(_("Einladungstext"), blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.body.short_name or self.body.name}, {dates.day(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})


class AgendaItem(models.Model):
    """Tagesordnungspunkt (TOP); may point to what it deals with."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("TOP"))
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    theme = models.ForeignKey(
        "hurdles.GenerativeTheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("generatives Thema"),
    )
    working_group = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Arbeitsgruppe"),
    )
    report = models.ForeignKey(
        "hurdles.HurdleReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Meldebogen"),
    )

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_unique_position",
                violation_error_message=_("Diese TOP-Nummer gibt es in der Sitzung schon."),
            )
        ]

    def __str__(self):
        return f"TOP {self.position}: {self.title}"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("Datei"), upload_to="governance/%Y/")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("anwesend")
    EXCUSED = "excused", _("entschuldigt")
    ABSENT = "absent", _("abwesend")
    GUEST = "guest", _("Gast")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    status = models.CharField(_("Anwesenheit"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        ordering = ["status", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="attendance_once_per_member",
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"


class ResolutionKind(models.TextChoices):
    SET_UP_WORKING_GROUP = "set_up_working_group", _("Arbeitsgruppe einrichten")
    ADOPT_TARGET_SYSTEM = "adopt_target_system", _("Zielsystem beschließen")
    RECOMMEND_CHANGE = "recommend_change", _("Veränderungsprozess empfehlen")
    OTHER = "other", _("sonstiger Beschluss")


class ResolutionResult(models.TextChoices):
    # "angenommen"/"abgelehnt" of a referral are "accepted"/"declined": contexts keep them apart
    ADOPTED = "adopted", pgettext_lazy("Beschluss", "angenommen")
    REJECTED = "rejected", pgettext_lazy("Beschluss", "abgelehnt")


class Resolution(models.Model):
    """Beschluss: text, vote, what it decides. Deciding it moves the linked theme on."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("TOP"),
    )
    number = models.CharField(_("Beschlussnummer"), max_length=30)
    text = models.TextField(_("Beschlusstext"))
    kind = models.CharField(_("Art"), max_length=30, choices=ResolutionKind.choices)
    votes_for = models.PositiveSmallIntegerField(_("Ja-Stimmen"))
    votes_against = models.PositiveSmallIntegerField(_("Nein-Stimmen"))
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"))
    result = models.CharField(_("Ergebnis"), max_length=10, choices=ResolutionResult.choices)
    theme = models.ForeignKey(
        "hurdles.GenerativeTheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("generatives Thema"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting__starts_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_number")
        ]

    def __str__(self):
        return f"{_('Beschluss')} {self.number}"


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    APPROVED = "approved", _("genehmigt")


class Minutes(models.Model):
    """Protokoll: written here, approved in the next meeting, then frozen; a correction is a new
    version with a reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(
        _("Fassung"), default=1, validators=[MinValueValidator(1)]
    )
    text = models.TextField(_("Protokolltext"))
    state = models.CharField(
        _("Stand"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    correction_reason = models.TextField(_("Grund der Korrektur"), blank=True)
    approved_in = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("genehmigt in der Sitzung"),
    )
    approved_at = models.DateTimeField(_("genehmigt am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version_lock = IntegerVersionField()

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_unique_version")
        ]

    def __str__(self):
        return _("Protokoll %(meeting)s (Fassung %(version)s)") % {
            "meeting": self.meeting,
            "version": self.version,
        }

    @property
    def is_frozen(self):
        return self.state == MinutesState.APPROVED


class Distribution(models.Model):
    """Who received approved minutes and resolutions, and when (§ 3.3: 'per Protokoll')."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="distributions")
    recipient = models.CharField(_("Empfänger:in"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Verteiler-Eintrag")
        verbose_name_plural = _("Verteiler")
        ordering = ["recipient"]

    def __str__(self):
        return f"{self.recipient} <{self.email}>"


class CooperationAgreement(models.Model):
    """Kooperationsvereinbarung with a municipality or a regional actor (§ 3.5, § 3.8)."""

    partner = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="cooperation_agreements",
        verbose_name=_("Partner"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    signed_on = models.DateField(_("unterzeichnet am"))
    subjects = models.TextField(_("Gegenstände"))
    document = models.FileField(_("Dokument"), upload_to="agreements/", blank=True)
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("Evaluation alle … Monate"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    active = models.BooleanField(_("gültig"), default=True)

    class Meta:
        verbose_name = _("Kooperationsvereinbarung")
        verbose_name_plural = _("Kooperationsvereinbarungen")
        ordering = ["partner__name", "title"]

    def __str__(self):
        return f"{self.title} ({self.partner})"


class AgreementEvaluation(models.Model):
    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("evaluiert am"))
    result = models.TextField(_("Ergebnis"))
    next_steps = models.TextField(_("Vereinbarte nächste Schritte"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Evaluation")
        verbose_name_plural = _("Evaluationen")
        ordering = ["-evaluated_on"]

    def __str__(self):
        return f"{self.agreement}: {dates.day(self.evaluated_on)}"

    def clean(self):
        super().clean()
        if self.evaluated_on and self.agreement_id and self.evaluated_on < self.agreement.signed_on:
            raise ValidationError(
                {"evaluated_on": _("Die Evaluation kann nicht vor der Unterzeichnung liegen.")}
            )
