"""Export jobs: long reports run in the background with a visible progress (issue #8)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV")
    PDF = "pdf", _("PDF")


class ExportJob(models.Model):
    """One export of a report for one user; the file is kept for a day (see services)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    report = models.CharField(_("Bericht"), max_length=40)
    format = models.CharField(_("Format"), max_length=5, choices=ExportFormat.choices)
    parameters = models.JSONField(_("Parameter"), default=dict)
    state = models.CharField(
        _("Stand"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    file = models.FileField(_("Datei"), upload_to="exports/", blank=True)
    filename = models.CharField(_("Dateiname"), max_length=200, blank=True)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exporte")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.report} ({self.get_format_display()}, {self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("reports:export_status", args=[self.pk])
