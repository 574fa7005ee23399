from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The access and change log (Protokoll): who read or changed what, when and from where.

    The entries themselves are django-auditlog's ``LogEntry`` rows, written by every app (changes
    through ``auditlog.register`` in the apps' ``ready``, reads through ``auditlog.signals
    .accessed``). This app reads them (viewer, CSV export, the accesses on a client's page) and
    keeps them append-only (no view or admin changes them; on PostgreSQL a trigger refuses it).
    """

    name = "kim.audit"
    verbose_name = _("Protokoll")
