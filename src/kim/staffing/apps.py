from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "kim.staffing"
    verbose_name = _("Personal und Einsatz")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Position,
            models.DistributionKey,
            models.Assignment,
            models.Room,
            models.ConsultationHours,
        ):
            auditlog.register(model)
