from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetSystemsConfig(AppConfig):
    name = "kim.targetsystems"
    verbose_name = _("Dienstleistungsketten und Zielsysteme")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.TargetSystem)
        auditlog.register(models.ServiceChain)
        auditlog.register(models.ChainStep)
        auditlog.register(models.Agreement, m2m_fields={"parties"})
        auditlog.register(models.Indicator)
        auditlog.register(models.CaseLink)
