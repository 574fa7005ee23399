from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kim.accounts"
    verbose_name = _("Benutzerkonten und Rollen")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User
        from .roles import sync_role_permissions

        # who was given which role, and when: accounts and their roles are in the audit log
        auditlog.register(
            User,
            m2m_fields={"groups"},
            exclude_fields=["last_login", "session_epoch"],
            mask_fields=["password"],
        )

        # Permissions of apps that migrate after ours exist only at the end of migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="kim.accounts.sync_roles")
