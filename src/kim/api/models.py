"""Personal access tokens of the REST API (issue #11).

A token acts for its user with exactly the user's permissions: the API asks the same QuerySets
(``visible_to``) and role permissions as the web pages. The token itself is shown once, at
creation; only its SHA-256 hash is stored, with a short prefix so that its owner can tell the
tokens apart.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .queries import ApiTokenQuerySet

TOKEN_PREFIX = "kim_"
# "kim_" and the first 8 characters of the secret part: enough to recognise, useless to guess
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Benutzer:in"),
    )
    name = models.CharField(
        _("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür der Zugang gedacht ist, z. B. „Auswertung Koordinierungsstelle“."),
    )
    prefix = models.CharField(_("Kennung"), max_length=SHOWN_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_on = models.DateField(_("zuletzt benutzt am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Zugang")
        verbose_name_plural = _("API-Zugänge")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
