from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "kim.governance"
    verbose_name = _("Gremien und Netzwerk")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Body,
            models.Seat,
            models.Membership,
            models.Meeting,
            models.AgendaItem,
            models.Attendance,
            models.Resolution,
            models.Minutes,
            models.CooperationAgreement,
            models.AgreementEvaluation,
        ):
            auditlog.register(model)
