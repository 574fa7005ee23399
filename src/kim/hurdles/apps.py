from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HurdlesConfig(AppConfig):
    name = "kim.hurdles"
    verbose_name = _("Systemebene: Integrationshürden")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Topic)
        auditlog.register(
            models.HurdleReport, m2m_fields={"organisations", "legal_domains", "life_domains"}
        )
        auditlog.register(
            models.CaseReconstruction,
            m2m_fields={"reports", "participants", "external_organisations"},
        )
        auditlog.register(models.ReconstructionStep)
        auditlog.register(models.GenerativeTheme, m2m_fields={"reconstructions", "reports"})
