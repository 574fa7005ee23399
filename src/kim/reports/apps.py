from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kim.reports"
    verbose_name = _("Controlling und Berichte")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # the creation of an export and every export and download (as an access: services.py,
        # views/exports.py) are logged; the job's own steps are queryset updates, not logged
        auditlog.register(models.ExportJob, include_fields=["state"])
