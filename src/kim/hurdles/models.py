"""System level (concept § 3.3, § 5; DOMAIN.md § 4).

Case managers and external partners report structural hurdles on a Meldebogen; coordination
collects them by topic, reconstructs selected cases and derives generative themes, which go to
the steering group. Reports carry no personal data of the client: the link to the case is kept
for coordination only and never shown to external partners or the steering group.
"""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .queries import HurdleReportQuerySet, ReconstructionQuerySet, ThemeQuerySet


class Topic(models.Model):
    """A topic under which coordination collects hurdle reports (Thema)."""

    name = models.CharField(_("Bezeichnung"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReportSource(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("KIM-Case-Management")
    EXTERNAL = "external", _("externe Partnerorganisation")


class ReportState(models.TextChoices):
    RECEIVED = "received", _("eingegangen")
    TRIAGED = "triaged", _("gesichtet")
    ASSIGNED = "assigned", _("einem Thema zugeordnet")
    REJECTED = "rejected", pgettext_lazy("Meldung", "abgelehnt")  # a referral is "declined"


class HurdleReport(models.Model):
    """Meldebogen: a case-related structural hurdle, without personal data of the client."""

    reported_on = models.DateField(_("Datum"), default=timezone.localdate)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="hurdle_reports",
        verbose_name=_("Kommune"),
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="hurdle_reports",
        verbose_name=_("beteiligte Institutionen"),
    )
    legal_domains = models.ManyToManyField(
        "directory.LegalDomain",
        blank=True,
        related_name="hurdle_reports",
        verbose_name=_("beteiligte Rechtskreise"),
    )
    life_domains = models.ManyToManyField(
        "cases.LifeDomain",
        blank=True,
        related_name="hurdle_reports",
        verbose_name=_("Lebensbereiche"),
    )
    description = models.TextField(_("Beschreibung der Hürde"))
    consequence = models.TextField(_("Folge für die Person"), blank=True)
    attempts = models.TextField(_("Was wurde versucht?"), blank=True)
    suggested_topic = models.CharField(_("Themenvorschlag"), max_length=200, blank=True)
    source = models.CharField(_("Herkunft"), max_length=20, choices=ReportSource.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hurdle_reports",
        verbose_name=_("gemeldet von"),
    )
    reporter_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_hurdle_reports",
        verbose_name=_("meldende Organisation"),
    )
    # internal link for coordination (reconstruction); never shown outside coordination
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hurdle_reports",
        verbose_name=_("Fall (intern)"),
    )
    personal_data_confirmed = models.BooleanField(
        _("Freitext trotz Hinweis auf personenbezogene Daten bestätigt"), default=False
    )
    state = models.CharField(
        _("Stand"), max_length=10, choices=ReportState.choices, default=ReportState.RECEIVED
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("Thema"),
    )
    rejection_reason = models.TextField(_("Grund der Ablehnung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = IntegerVersionField()

    objects = HurdleReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldebogen")
        verbose_name_plural = _("Meldebögen")
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["state", "topic"])]

    def __str__(self):
        return _("Meldung %(number)s") % {"number": self.number}

    @property
    def number(self):
        return f"M-{self.pk:05d}" if self.pk else "M-neu"

    @property
    def text(self):
        """All free text of the report, as the topic suggestion reads it."""
        return "\n".join(
            part for part in (self.description, self.consequence, self.attempts) if part
        )


class ReportStateChange(models.Model):
    """Append-only history of a report's states: who, when, from, to, note."""

    report = models.ForeignKey(HurdleReport, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=10, choices=ReportState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=ReportState.choices)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Statuswechsel einer Meldung")
        verbose_name_plural = _("Statuswechsel von Meldungen")

    def __str__(self):
        return f"{self.report}: {self.from_state} → {self.to_state}"


class ReconstructionState(models.TextChoices):
    PLANNED = "planned", _("geplant")
    DONE = "done", _("durchgeführt")


class CaseReconstruction(models.Model):
    """Fallrekonstruktion: selected reports (and their cases) reconstructed across institutions,
    led by coordination; reporting organisations take part when a report came from outside."""

    title = models.CharField(_("Titel"), max_length=200)
    reports = models.ManyToManyField(
        HurdleReport, related_name="reconstructions", verbose_name=_("Meldungen")
    )
    planned_for = models.DateTimeField(
        pgettext_lazy("Fallrekonstruktion", "Termin"), null=True, blank=True
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Moderation"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("Teilnehmende")
    )
    external_organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("beteiligte externe Organisationen"),
    )
    state = models.CharField(
        _("Stand"),
        max_length=10,
        choices=ReconstructionState.choices,
        default=ReconstructionState.PLANNED,
    )
    held_on = models.DateField(_("durchgeführt am"), null=True, blank=True)
    findings = models.TextField(_("Erkenntnisse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = IntegerVersionField()

    objects = ReconstructionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fallrekonstruktion")
        verbose_name_plural = _("Fallrekonstruktionen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class ReconstructionStep(models.Model):
    """One step of the reconstructed path of a case across institutions."""

    reconstruction = models.ForeignKey(
        CaseReconstruction, on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Institution"),
    )
    actor = models.CharField(
        _("wer (sonst)"), max_length=200, blank=True, help_text=_("z. B. die Person selbst")
    )
    what = models.CharField(_("was"), max_length=300)
    happened_on = models.DateField(_("wann"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(
        _("Wartezeit (Tage)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    is_break_point = models.BooleanField(_("Bruchstelle"), default=False)
    note = models.TextField(_("Anmerkung"), blank=True)

    class Meta:
        verbose_name = _("Schritt der Rekonstruktion")
        verbose_name_plural = _("Schritte der Rekonstruktion")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.what}"


class ThemeState(models.TextChoices):
    """States of a generative theme; the later ones are driven by governance and target systems."""

    DEVELOPED = "developed", _("erarbeitet")
    BEFORE_STEERING_GROUP = "before_steering_group", _("der Lenkungsgruppe vorgelegt")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe eingerichtet")
    TARGET_SYSTEM_PROPOSED = "target_system_proposed", _("Zielsystem vorgeschlagen")
    DECIDED = "decided", _("beschlossen")
    MONITORING = "monitoring", _("im Monitoring")


class GenerativeTheme(models.Model):
    """A pattern that reconstructions reveal, clustered for the steering group (§ 3.3)."""

    title = models.CharField(_("Titel"), max_length=200, unique=True)
    cluster = models.CharField(
        _("Cluster"),
        max_length=100,
        help_text=_("Überschrift, unter der das Thema der Lenkungsgruppe vorgelegt wird."),
    )
    summary = models.TextField(
        _("Zusammenfassung (anonymisiert)"),
        help_text=_("Ohne Namen, Geburtsdaten, Aktenzeichen oder andere Angaben zu Personen."),
    )
    reconstructions = models.ManyToManyField(
        CaseReconstruction, blank=True, related_name="themes", verbose_name=_("Rekonstruktionen")
    )
    reports = models.ManyToManyField(
        HurdleReport, blank=True, related_name="themes", verbose_name=_("Meldungen")
    )
    state = models.CharField(
        _("Stand"), max_length=30, choices=ThemeState.choices, default=ThemeState.DEVELOPED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = IntegerVersionField()

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("generatives Thema")
        verbose_name_plural = _("generative Themen")
        ordering = ["cluster", "title"]

    def __str__(self):
        return self.title


class ThemeStateChange(models.Model):
    """Append-only history of a theme's states."""

    theme = models.ForeignKey(
        GenerativeTheme, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=30, choices=ThemeState.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=ThemeState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.theme}: {self.from_state} → {self.to_state}"
