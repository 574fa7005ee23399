"""Service chains and target systems (concept § 3.3, § 5; DOMAIN.md § 4).

A working group (a governance ``Body`` of kind working group, set up by a steering group resolution
for a generative theme) works on a target system: the service chains of the theme as they are
(as-is) and as they should be (to-be), agreements between institutions, and the indicators by
which the target system is monitored on case level. The steering group decides it by a
resolution; from the date in force its content is frozen, and any later change is a new version
that supersedes it.
"""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .queries import TargetSystemQuerySet


class TargetSystemState(models.TextChoices):
    DRAFT = "draft", _("Entwurf der Arbeitsgruppe")
    PROPOSED = "proposed", _("der Lenkungsgruppe vorgelegt")
    IN_FORCE = "in_force", _("in Kraft")
    SUPERSEDED = "superseded", _("abgelöst")


class CaseRule(models.TextChoices):
    """Which cases a target system applies to, besides those linked by hand."""

    MANUAL = "manual", _("nur von Hand verknüpfte Fälle")
    REFERRAL_SERVICE_TYPE = (
        "referral_service_type",
        _("Fälle mit einer Vermittlung in die Angebotsart"),
    )
    GOAL_LIFE_DOMAIN = "goal_life_domain", _("Fälle mit einem Ziel im Lebensbereich")


class TargetSystem(models.Model):
    """Zielsystem, in versions: a new version copies its predecessor and supersedes it once in
    force."""

    working_group = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        related_name="target_systems",
        verbose_name=_("Arbeitsgruppe"),
        limit_choices_to={"kind": "working_group"},
    )
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(
        _("Ziel und Kurzbeschreibung"),
        help_text=_("Was sich für die Menschen ändern soll, ohne Angaben zu Personen."),
    )
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("vorherige Fassung"),
    )
    state = models.CharField(
        _("Stand"),
        max_length=12,
        choices=TargetSystemState.choices,
        default=TargetSystemState.DRAFT,
    )
    resolution = models.OneToOneField(
        "governance.Resolution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_system",
        verbose_name=_("Beschluss der Lenkungsgruppe"),
    )
    in_force_from = models.DateField(_("in Kraft seit"), null=True, blank=True)
    case_rule = models.CharField(
        _("Gilt für"), max_length=30, choices=CaseRule.choices, default=CaseRule.MANUAL
    )
    rule_service_type = models.ForeignKey(
        "directory.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Angebotsart (Regel)"),
    )
    rule_life_domain = models.ForeignKey(
        "cases.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Lebensbereich (Regel)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = IntegerVersionField()

    objects = TargetSystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zielsystem")
        verbose_name_plural = _("Zielsysteme")
        ordering = ["working_group__name", "title", "-version"]

    def __str__(self):
        return _("%(title)s (Fassung %(version)s)") % {"title": self.title, "version": self.version}

    def get_absolute_url(self):
        return reverse("targetsystems:detail", args=[self.pk])

    @property
    def is_frozen(self):
        """Only a draft is edited; what lies before the steering group or was decided is fixed."""
        return self.state != TargetSystemState.DRAFT

    @property
    def theme(self):
        return self.working_group.theme


class ServiceChain(models.Model):
    """Dienstleistungskette: the ordered steps of all institutions involved in a service, as-is
    and to-be (the steps carry the variant)."""

    target_system = models.ForeignKey(
        TargetSystem, on_delete=models.CASCADE, related_name="chains", verbose_name=_("Zielsystem")
    )
    title = models.CharField(_("Titel"), max_length=200)
    service_type = models.ForeignKey(
        "directory.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Angebotsart"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)

    class Meta:
        verbose_name = _("Dienstleistungskette")
        verbose_name_plural = _("Dienstleistungsketten")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("targetsystems:chain_detail", args=[self.pk])


class ChainVariant(models.TextChoices):
    AS_IS = "as_is", _("Ist")
    TO_BE = "to_be", _("Soll")


class ChainStep(models.Model):
    chain = models.ForeignKey(ServiceChain, on_delete=models.CASCADE, related_name="steps")
    variant = models.CharField(_("Fassung"), max_length=5, choices=ChainVariant.choices)
    position = models.PositiveSmallIntegerField(_("Schritt Nr."), validators=[MinValueValidator(1)])
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Institution"),
    )
    office = models.ForeignKey(
        "directory.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dienststelle"),
    )
    legal_domain = models.ForeignKey(
        "directory.LegalDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Rechtskreis"),
    )
    title = models.CharField(_("Schritt"), max_length=200)
    client_task = models.TextField(_("Was die Person mitbringen oder tun muss"), blank=True)
    institution_task = models.TextField(_("Was die Institution tut"), blank=True)
    typical_days = models.PositiveSmallIntegerField(
        _("typische Dauer (Tage)"), null=True, blank=True, validators=[MaxValueValidator(730)]
    )
    is_break_point = models.BooleanField(_("bekannte Bruchstelle"), default=False)
    break_point_note = models.TextField(_("Was an der Bruchstelle passiert"), blank=True)

    class Meta:
        verbose_name = _("Schritt der Dienstleistungskette")
        verbose_name_plural = _("Schritte der Dienstleistungskette")
        ordering = ["variant", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "variant", "position"],
                name="chain_step_unique_position",
                violation_error_message=_("Diese Schrittnummer gibt es in der Kette schon."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Agreement(models.Model):
    """An agreement between institutions that belongs to the target system."""

    target_system = models.ForeignKey(
        TargetSystem, on_delete=models.CASCADE, related_name="agreements"
    )
    parties = models.ManyToManyField(
        "directory.Organisation", related_name="+", verbose_name=_("Beteiligte Institutionen")
    )
    text = models.TextField(_("Vereinbarung"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)

    class Meta:
        verbose_name = _("Vereinbarung")
        verbose_name_plural = _("Vereinbarungen")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:60]


class Indicator(models.Model):
    """A figure measured from case data; which measure and its parameters: ``measures.py``."""

    target_system = models.ForeignKey(
        TargetSystem, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    measure = models.CharField(_("Messgröße"), max_length=40)
    service_type = models.ForeignKey(
        "directory.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Angebotsart"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Institution"),
    )
    life_domain = models.ForeignKey(
        "cases.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Lebensbereich"),
    )
    within_days = models.PositiveSmallIntegerField(
        _("innerhalb von … Tagen"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    target_value = models.DecimalField(
        _("Zielwert"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def definition(self):
        from .measures import MEASURES

        return MEASURES.get(self.measure)


class LinkSource(models.TextChoices):
    RULE = "rule", _("nach Regel")
    MANUAL = "manual", _("von Hand")


class CaseLink(models.Model):
    """A case the target system applies to; its figures feed the monitoring (anonymously)."""

    target_system = models.ForeignKey(
        TargetSystem, on_delete=models.CASCADE, related_name="case_links"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="target_system_links"
    )
    source = models.CharField(_("verknüpft"), max_length=10, choices=LinkSource.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verknüpfter Fall")
        verbose_name_plural = _("verknüpfte Fälle")
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_system", "case"],
                name="case_link_once",
                violation_error_message=_("Dieser Fall ist schon verknüpft."),
            )
        ]

    def __str__(self):
        return f"{self.target_system}: {self.case}"

    def get_additional_data(self):
        return {"case_id": self.case_id}
