"""Löschkonzept (retention and deletion) and data subject rights (issue 10; GDPR Art. 5 (1) e,
Art. 15, Art. 17; SGB X § 84).

- ``RetentionRule``: how long a kind of data is kept, in months, counted from the closure of the
  client's last case or from the last activity (``retention.py`` says what counts). Edited by
  coordination and administration; the defaults come from a data migration.
- ``DeletionRun`` (Löschvorschlag): the clients due for erasure, proposed by the daily command
  ``retention_due`` or by coordination (erasure on request), approved by a second person of
  coordination and then carried out (``erasure.py``), or rejected with a reason.
- ``DeletionItem``: one client in a run. It holds no name: after the erasure the client row is
  anonymous, and so is everything here.
"""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .queries import DeletionRunQuerySet

MAX_MONTHS = 120


class DataKind(models.TextChoices):
    """The kinds of data with a retention period of their own.

    Everything else follows the person: documents and consent scans are erased with the client
    (a file is not kept longer than the record it belongs to), log entries stay with personal
    data blanked (accountability, Art. 5 (2) GDPR); hurdle reports, themes and target systems
    hold no personal data and stay.
    """

    CLIENT_WITH_CASES = "client_with_cases", _("Klient:innen mit Fällen")
    CLIENT_WITHOUT_CASE = "client_without_case", _("Klient:innen ohne Fall")


class RetentionRule(models.Model):
    kind = models.CharField(
        _("Art der Daten"), max_length=30, choices=DataKind.choices, unique=True
    )
    months = models.PositiveSmallIntegerField(
        _("Frist (Monate)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
        help_text=_("Ganze Monate, 1 bis 120 (zehn Jahre)."),
    )
    explanation = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_("Warum diese Frist gilt, z. B. der Beschluss oder die Rechtsgrundlage."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geändert von"),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = IntegerVersionField()

    class Meta:
        verbose_name = _("Löschfrist")
        verbose_name_plural = _("Löschfristen")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.months} Monate"

    @property
    def counted_from(self):
        return COUNTED_FROM[self.kind]


COUNTED_FROM = {
    DataKind.CLIENT_WITH_CASES: _(
        "Abschluss des letzten Falls oder letzte Aktivität, je nachdem, was später liegt"
    ),
    DataKind.CLIENT_WITHOUT_CASE: _("letzte Aktivität"),
}


class RunKind(models.TextChoices):
    RETENTION = "retention", _("Löschfrist abgelaufen")
    REQUEST = "request", _("Löschung auf Antrag")


class RunState(models.TextChoices):
    PROPOSED = "proposed", _("zur Freigabe")
    EXECUTED = "executed", _("gelöscht")
    REJECTED = "rejected", _("verworfen")


class DeletionRun(models.Model):
    """Löschvorschlag: who is to be erased, why, and what became of it."""

    kind = models.CharField(_("Anlass"), max_length=10, choices=RunKind.choices)
    state = models.CharField(
        _("Stand"), max_length=10, choices=RunState.choices, default=RunState.PROPOSED
    )
    reason = models.TextField(_("Begründung"), blank=True)
    requested_on = models.DateField(_("Antrag vom"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
        help_text=_("leer: der tägliche Lauf"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    rejection_reason = models.TextField(_("Grund für das Verwerfen"), blank=True)
    # counts per part of the erasure plan (erasure.PLAN keys, "log_entries"), when carried out
    summary = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    version = IntegerVersionField()

    objects = DeletionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("Löschvorschlag")
        verbose_name_plural = _("Löschvorschläge")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Löschvorschlag Nr. {self.pk}"

    def get_absolute_url(self):
        return reverse("privacy:run_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state == RunState.PROPOSED


class Basis(models.TextChoices):
    LAST_CASE_CLOSED = "last_case_closed", _("letzter Fall abgeschlossen")
    LAST_ACTIVITY = "last_activity", _("letzte Aktivität")
    REQUEST = "request", _("Antrag der Person")


class ItemState(models.TextChoices):
    PENDING = "pending", _("vorgesehen")
    ERASED = "erased", _("anonymisiert")
    SKIPPED = "skipped", _("nicht gelöscht")


class DeletionItem(models.Model):
    run = models.ForeignKey(DeletionRun, on_delete=models.CASCADE, related_name="items")
    client = models.ForeignKey(
        "cases.Client",
        on_delete=models.PROTECT,
        related_name="deletion_items",
        verbose_name=_("Klient:in"),
    )
    basis = models.CharField(_("Grundlage"), max_length=20, choices=Basis.choices)
    counted_from = models.DateField(_("gezählt ab"), null=True, blank=True)
    due_on = models.DateField(_("fällig seit"), null=True, blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=ItemState.choices, default=ItemState.PENDING
    )
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)
    erased_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Person im Löschvorschlag")
        verbose_name_plural = _("Personen im Löschvorschlag")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "client"], name="deletion_item_once_per_run")
        ]

    def __str__(self):
        # no name: this text is kept in the log after the erasure
        return f"Löschvorschlag Nr. {self.run_id}, Klient:in {self.client_id}"

    def get_additional_data(self):
        return {"deletion_run": self.run_id}
