from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Löschkonzept and data subject rights (issue 10): retention periods, deletion runs that
    anonymise clients after approval by coordination, the Art. 15 GDPR export of one client."""

    name = "kim.privacy"
    verbose_name = _("Datenschutz")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # who changed a period, who proposed, approved or rejected a deletion, and when
        auditlog.register(models.RetentionRule)
        auditlog.register(models.DeletionRun)
        auditlog.register(models.DeletionItem)
