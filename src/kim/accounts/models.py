from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """A person who works with KIM. Belongs to an organisation (DOMAIN.md § 7)."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("Organisation"),
    )
    # part of the session hash: raising it ends every session of the user ("Überall abmelden")
    session_epoch = models.PositiveIntegerField(_("Sitzungsstand"), default=0, editable=False)
    # the language of the interface chosen in the header; empty: the cookie's or German
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("Benutzer:in")
        verbose_name_plural = _("Benutzer:innen")

    def __str__(self):
        return self.get_full_name() or self.username

    # Django checks a session against this hash on every request; it covers the password (a new
    # password ends the other sessions) and, here, the session epoch as well.
    def get_session_auth_hash(self):
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, secret):
        return salted_hmac(
            "kim.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def roles(self) -> set[str]:
        # cached per request object; groups are the roles (read with the permissions, backends.py)
        if not hasattr(self, "_role_cache"):
            from .backends import load_roles_and_permissions

            load_roles_and_permissions(self)
        return self._role_cache

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]
