"""``Authorization: Bearer <token>`` with a personal access token (see ``models.ApiToken``).

A missing header leaves the request anonymous (the permission check then answers 401); a header
with an unknown, expired or revoked token, or of a deactivated account, is refused with 401 and
a German reason.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import services
from .models import ApiToken, hash_token

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Bitte senden Sie den Zugangsschlüssel als „Authorization: Bearer <Schlüssel>“.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("Dieser Zugangsschlüssel ist unbekannt.")
            ) from None
        return self.authenticate_token(raw)

    def authenticate_token(self, raw):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Dieser Zugangsschlüssel ist unbekannt."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(
                _("Dieser Zugangsschlüssel wurde widerrufen. Bitte legen Sie einen neuen an.")
            )
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("Dieser Zugangsschlüssel ist abgelaufen. Bitte legen Sie einen neuen an.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Das Benutzerkonto ist deaktiviert."))
        services.record_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="KIM-API"'
