from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "kim.cases"
    verbose_name = _("Case Management")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # every change keeps who, when, old -> new (concept: complete history of a case)
        auditlog.register(models.Client, m2m_fields={"languages", "household_members"})
        auditlog.register(models.Case)
        auditlog.register(models.Assessment)
        auditlog.register(models.AssessmentEntry)
        auditlog.register(models.Goal)
        auditlog.register(models.Action)
        auditlog.register(models.Consent, m2m_fields={"organisations"})
        auditlog.register(models.Referral)
        auditlog.register(models.Contact, m2m_fields={"life_domains"})
        auditlog.register(models.Appointment)
        auditlog.register(models.Document)
        auditlog.register(models.Substitution)
