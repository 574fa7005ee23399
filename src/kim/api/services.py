"""Writes of the API: creating and revoking personal access tokens. Each in one transaction;
django-auditlog records both (who, when, which token), never the secret."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SHOWN_PREFIX_LENGTH, TOKEN_PREFIX, ApiToken, hash_token

DEFAULT_VALIDITY_DAYS = 90
MAX_VALIDITY_DAYS = 365


class ApiTokenError(Exception):
    """A step the user asked for that cannot be done; the message says why, in German."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@transaction.atomic
def create_token(user, *, name, valid_days=DEFAULT_VALIDITY_DAYS):
    """A new token for ``user``; returns ``(token, raw)``. ``raw`` is shown once and not kept."""
    name = " ".join((name or "").split())
    if not name:
        raise ApiTokenError(_("Bitte geben Sie eine Bezeichnung an."), field="name")
    if not 1 <= valid_days <= MAX_VALIDITY_DAYS:
        raise ApiTokenError(
            _("Ein Zugang gilt mindestens 1 und höchstens %(max)s Tage.")
            % {"max": MAX_VALIDITY_DAYS},
            field="valid_days",
        )
    if not user.is_active:
        raise ApiTokenError(_("Für ein deaktiviertes Benutzerkonto gibt es keinen Zugang."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:SHOWN_PREFIX_LENGTH],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
    )
    return token, raw


@transaction.atomic
def revoke_token(token, *, by):
    """From now on the token is refused (401). Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != by.pk:
        raise ApiTokenError(_("Sie können nur Ihre eigenen Zugänge widerrufen."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def record_use(token, today=None):
    """Keep the date of the last use; written at most once a day per token."""
    today = today or timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
