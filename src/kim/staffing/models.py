"""Staffing (concept § 3.5-3.8; DOMAIN.md § 2): funded positions of Bausteine 1-3, the
distribution key for the 14.0 FTE of on-site case management, case managers' assignments per
municipality, and consultation hours on site."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .queries import AssignmentQuerySet, ConsultationHoursQuerySet, PositionQuerySet

FTE = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class FundingModule(models.IntegerChoices):
    STRATEGIC = 1, _("Baustein 1 – strategische Koordination")
    CASE_MANAGEMENT = 2, _("Baustein 2 – Case Management")
    AUTHORITIES = 3, _("Baustein 3 – Ausländer- und Einbürgerungsbehörde")


class PositionType(models.TextChoices):
    COORDINATION = "coordination", _("Koordination")
    ADMINISTRATION = "administration", _("Verwaltungsassistenz")
    CASE_MANAGEMENT = "case_management", _("Case Management")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Ausländerbehörde")
    NATURALISATION_AUTHORITY = "naturalisation_authority", _("Einbürgerungsbehörde")


class Position(models.Model):
    """A funded position (Stelle) with its full-time equivalent (VZÄ)."""

    funding_module = models.PositiveSmallIntegerField(_("Baustein"), choices=FundingModule.choices)
    type = models.CharField(_("Art"), max_length=30, choices=PositionType.choices)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    fte = models.DecimalField(_("VZÄ"), **FTE)
    forwarded_fte = models.DecimalField(
        _("davon weitergeleitet an die Stadt Iserlohn (VZÄ)"), default=Decimal("0"), **FTE
    )
    location = models.CharField(_("Dienstort"), max_length=200, blank=True)
    funded_from = models.DateField(_("gefördert von"))
    funded_until = models.DateField(_("gefördert bis"), null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("Stelleninhaber:in"),
        help_text=_("Leer lassen, wenn die Stelle unbesetzt ist."),
    )
    notes = models.TextField(_("Hinweise"), blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")
        ordering = ["funding_module", "type", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0),
                name="position_fte_positive",
                violation_error_message=_("Die VZÄ müssen größer als 0 sein."),
            ),
            models.CheckConstraint(
                condition=Q(forwarded_fte__lte=models.F("fte")),
                name="position_forwarded_within_fte",
                violation_error_message=_(
                    "Es kann nicht mehr weitergeleitet werden, als die Stelle umfasst."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.fte} VZÄ)"

    @property
    def is_vacant(self):
        return self.holder_id is None

    def clean(self):
        super().clean()
        errors = {}
        if self.fte is not None and self.fte <= 0:
            errors["fte"] = _("Die VZÄ müssen größer als 0 sein.")
        if (
            self.fte is not None
            and self.forwarded_fte is not None
            and self.forwarded_fte > self.fte
        ):
            errors["forwarded_fte"] = _(
                "Es kann nicht mehr weitergeleitet werden, als die Stelle umfasst."
            )
        if self.funded_until and self.funded_from and self.funded_until < self.funded_from:
            errors["funded_until"] = _("Das Ende der Förderung liegt vor ihrem Beginn.")
        if errors:
            raise ValidationError(errors)


class DistributionKey(models.Model):
    """A computed distribution key, saved with its inputs (§ 3.6). One is in force."""

    name = models.CharField(_("Bezeichnung"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Jahr der Kennzahlen"))
    weight_immigration = models.DecimalField(
        _("Gewicht Zuzüge"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    weight_asylum = models.DecimalField(
        _("Gewicht Asylanträge"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    weight_non_eu = models.DecimalField(
        _("Gewicht Einwohner:innen ohne deutsche und ohne EU-Staatsangehörigkeit"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fte_total = models.DecimalField(_("zu verteilende VZÄ"), **FTE)
    step = models.DecimalField(_("Schrittweite (VZÄ)"), max_digits=4, decimal_places=2)
    in_force = models.BooleanField(_("in Kraft"), default=False)
    note = models.TextField(_("Hinweis"), blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField(_("berechnet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Verteilungsschlüssel")
        verbose_name_plural = _("Verteilungsschlüssel")
        ordering = ["-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_force"],
                condition=Q(in_force=True),
                name="one_distribution_key_in_force",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def weights(self):
        return {
            "immigration": self.weight_immigration,
            "asylum_applications": self.weight_asylum,
            "without_eu_citizenship": self.weight_non_eu,
        }


class DistributionKeyLine(models.Model):
    """One municipality's line of a saved key: the inputs and every intermediate figure."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="lines")
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    immigration = models.PositiveIntegerField(_("Zuzüge"))
    asylum_applications = models.PositiveIntegerField(_("Asylanträge"))
    without_eu_citizenship = models.PositiveIntegerField(
        _("ohne dt. und ohne EU-Staatsangehörigkeit")
    )
    share_immigration = models.DecimalField(max_digits=12, decimal_places=10)
    share_asylum = models.DecimalField(max_digits=12, decimal_places=10)
    share_non_eu = models.DecimalField(max_digits=12, decimal_places=10)
    weighted_share = models.DecimalField(_("gewichteter Anteil"), max_digits=12, decimal_places=10)
    quota = models.DecimalField(_("rechnerische Schritte"), max_digits=14, decimal_places=8)
    whole_steps = models.PositiveIntegerField(_("ganze Schritte"))
    remainder = models.DecimalField(_("Rest"), max_digits=12, decimal_places=10)
    extra_step = models.BooleanField(_("Restschritt"))
    fte = models.DecimalField(_("VZÄ"), **FTE)

    class Meta:
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality"], name="key_line_unique_municipality"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.fte}"


class Assignment(models.Model):
    """Einsatzgebiet: a case manager's FTE share in a municipality for a period."""

    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("Case Manager:in"),
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("Kommune"),
    )
    fte = models.DecimalField(_("VZÄ"), **FTE)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einsatzgebiet")
        verbose_name_plural = _("Einsatzgebiete")
        ordering = ["case_manager__last_name", "municipality__name"]

    def __str__(self):
        return f"{self.case_manager} – {self.municipality}: {self.fte} VZÄ"

    def clean(self):
        super().clean()
        if self.fte is not None and self.fte <= 0:
            raise ValidationError({"fte": _("Die VZÄ müssen größer als 0 sein.")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("„Gültig bis“ liegt vor „gültig ab“.")})


class RoomKind(models.TextChoices):
    DISTRICT = "district", _("Raum des Kreises")
    TOWN_HALL = "town_hall", _("Raum der Kommune (z. B. Rathaus)")


class Room(models.Model):
    """A room for consultation hours on site (§ 3.6)."""

    name = models.CharField(_("Bezeichnung"), max_length=200)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="rooms",
        verbose_name=_("Kommune"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=RoomKind.choices)
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    accessible = models.BooleanField(_("barrierefrei"), default=False)

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="room_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")


class ConsultationHours(models.Model):
    """Sprechzeit: weekly advice hours of a case manager in a municipality and room."""

    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_hours",
        verbose_name=_("Case Manager:in"),
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="consultation_hours",
        verbose_name=_("Kommune"),
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="consultation_hours", verbose_name=_("Raum")
    )
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    starts_at = models.TimeField(_("von"))
    ends_at = models.TimeField(_("bis"))
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    note = models.CharField(
        _("Hinweis"), max_length=200, blank=True, help_text=_("z. B. nur nach Terminvereinbarung")
    )

    objects = ConsultationHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sprechzeit")
        verbose_name_plural = _("Sprechzeiten")
        ordering = ["municipality__name", "weekday", "starts_at"]

    def __str__(self):
        return (
            f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}, {self.room}"
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("„Gültig bis“ liegt vor „gültig ab“.")
        if (
            self.room_id
            and self.municipality_id
            and self.room.municipality_id != self.municipality_id
        ):
            errors["room"] = _("Dieser Raum liegt nicht in der gewählten Kommune.")
        if errors:
            raise ValidationError(errors)
