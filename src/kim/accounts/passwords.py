"""Password rules after the BSI (IT-Grundschutz ORP.4, Identitäts- und Berechtigungsmanagement):
long rather than complicated, not on lists of common passwords, not derived from the name of the
person; no forced change at fixed intervals (a password is changed when it may be known to
others). Strength comes from length or from variety: a password of 12 to 19 characters mixes at
least three kinds of characters, a passphrase of 20 characters or more may be plain words.

The rules run wherever a password is set (``AUTH_PASSWORD_VALIDATORS``: "Passwort ändern", the
account forms of the administration), with German messages and hints.
"""

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 12
PASSPHRASE_LENGTH = 20


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length=MIN_LENGTH):
        super().__init__(min_length=min_length)

    def get_error_message(self):
        return _("Das Passwort ist zu kurz: Es braucht mindestens %(min_length)d Zeichen.")

    def get_help_text(self):
        return _("Mindestens %(min_length)d Zeichen.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Das Passwort ähnelt zu sehr Ihrem Namen oder Benutzernamen (%(verbose_name)s).")

    def get_help_text(self):
        return _("Nicht aus Ihrem Namen, Benutzernamen oder Ihrer E-Mail-Adresse gebildet.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Dieses Passwort steht auf Listen häufig benutzter Passwörter.")

    def get_help_text(self):
        return _("Kein häufig benutztes Passwort.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Das Passwort besteht nur aus Ziffern.")

    def get_help_text(self):
        return _("Nicht nur Ziffern.")


def _kinds(password):
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class PassphraseOrMixedValidator:
    """Below ``PASSPHRASE_LENGTH`` characters, at least three of: lower case, upper case, digits,
    other characters (space, punctuation …)."""

    def validate(self, password, user=None):
        if len(password) < PASSPHRASE_LENGTH and _kinds(password) < 3:
            raise ValidationError(
                _(
                    "Ein Passwort unter %(n)d Zeichen braucht mindestens drei Arten von Zeichen: "
                    "Kleinbuchstaben, Großbuchstaben, Ziffern, Sonderzeichen. Oder wählen Sie "
                    "einen Satz aus mehreren Wörtern mit mindestens %(n)d Zeichen."
                ),
                code="password_not_mixed",
                params={"n": PASSPHRASE_LENGTH},
            )

    def get_help_text(self):
        return _(
            "Unter %(n)d Zeichen drei Arten von Zeichen gemischt – oder ein Satz aus mehreren "
            "Wörtern mit mindestens %(n)d Zeichen."
        ) % {"n": PASSPHRASE_LENGTH}
