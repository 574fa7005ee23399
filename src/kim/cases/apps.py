from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "kim.cases"
    verbose_name = _("Case Management")

    def ready(self):
        from auditlog.registry import auditlog

        from kim.core.encryption import masked_in_log

        from . import models

        def register(model, **options):
            # an encrypted text must not reach the log in clear: it records that the text
            # changed, by whom and when, but not the text (kim/core/encryption.py)
            auditlog.register(model, **masked_in_log(model), **options)

        # every change keeps who, when, old -> new (concept: complete history of a case)
        register(models.Client, m2m_fields={"languages", "household_members"})
        register(models.Case)
        register(models.Assessment)
        register(models.AssessmentEntry)
        register(models.Goal)
        register(models.Action)
        register(models.Consent, m2m_fields={"organisations"})
        register(models.Referral)
        register(models.Contact, m2m_fields={"life_domains"})
        register(models.Appointment)
        register(models.Document)
        register(models.Substitution)
        # the client's record for the Baustein 3 pre-check, filed under the client
        register(models.ResidencePeriod)
        register(models.LanguageCertificate)
        register(models.EducationRecord)
