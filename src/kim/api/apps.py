from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kim.api"
    verbose_name = _("REST-API")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, schema  # noqa: F401  (schema: the OpenAPI extension of the auth)

        # creating and revoking a token is in the change log; the hash never is, and the daily
        # "last used" date is no change worth a log entry
        auditlog.register(models.ApiToken, exclude_fields=["key_hash", "last_used_on"])
