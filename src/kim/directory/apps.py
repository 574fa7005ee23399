from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kim.directory"
    verbose_name = _("Verzeichnis der Integrationsakteure")

    def ready(self):
        from auditlog.registry import auditlog

        for model in self.get_models():
            auditlog.register(model)
