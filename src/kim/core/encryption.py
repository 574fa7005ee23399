"""Model fields whose values are stored encrypted in the database (issue #10, GDPR Art. 9 and
Art. 32, SGB X § 78a): health notes and residence details are unreadable in the database, in its
dumps and backups without the key, which lives in the environment (``KIM_FIELD_ENCRYPTION_KEYS``,
see ``settings/base.py``), never in the database.

Fernet (``cryptography``: AES-128-CBC with HMAC-SHA256, a random IV per value) over
``MultiFernet``: the first key encrypts, every key decrypts, so a new key can be put in front and
the old one removed after ``manage.py rotate_field_encryption`` has re-encrypted the stored values.

What follows from encryption, on purpose:

- The database cannot compare or sort these values (the same text encrypts differently every
  time). Only ``field=""`` and ``field__isnull`` may be queried; every other lookup raises
  ``FieldError``, so a search on an encrypted field fails loudly instead of finding nothing.
  Whether a text is empty stays visible.
- django-auditlog would copy the old and new text into ``LogEntry.changes`` in clear; a model with
  encrypted fields is registered with ``**masked_in_log(Model)``, so the log records that the text
  changed, by whom and when, but not the text (``LOG_MARKER``). The check ``kim.E002`` fails for
  a registered model that forgets it; ``kim.E001`` for keys that cannot be used.
- A value that no key decrypts (a missing old key, or a text written past the field, e.g. by
  ``COPY``) raises ``UnreadableValueError``: it is never shown as if it were the text.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

SETTING = "KIM_FIELD_ENCRYPTION_KEYS"
# what django-auditlog keeps instead of an encrypted text (see ``mask_for_log``)
LOG_MARKER = "[geschützt]"
KEY_HINT = (
    'Einen Schlüssel erzeugt: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())" (README, Abschnitt „Verschlüsselung“).'
)


class UnreadableValueError(ImproperlyConfigured):
    """A stored value that none of the configured keys decrypts."""


@lru_cache(maxsize=8)
def _key_ring(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            f"Es ist kein Schlüssel für die verschlüsselten Felder gesetzt ({SETTING}). {KEY_HINT}"
        )
    fernets = []
    for number, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # the message must not repeat the key: it may end up in a log
            raise ImproperlyConfigured(
                f"Der {number}. Schlüssel in {SETTING} ist kein gültiger Schlüssel (32 Bytes, "
                f"URL-sicher Base64-kodiert, 44 Zeichen). {KEY_HINT}"
            ) from None
    return MultiFernet(fernets)


def configured_keys() -> tuple[str, ...]:
    return tuple(key.strip() for key in getattr(settings, SETTING, None) or () if key.strip())


def key_ring() -> MultiFernet:
    """The keys of the settings: the first encrypts, all decrypt (rebuilt when they change)."""
    return _key_ring(configured_keys())


def encrypt(text: str) -> str:
    """The stored form of ``text``; also for code that writes past the ORM (``COPY``)."""
    return key_ring().encrypt(text.encode()).decode("ascii")


def decrypt(token: str, *, where: str = "") -> str:
    try:
        return key_ring().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise UnreadableValueError(
            f"Ein gespeicherter Wert{f' in {where}' if where else ''} lässt sich mit keinem "
            f"Schlüssel aus {SETTING} entschlüsseln. Fehlt ein älterer Schlüssel in der Liste, "
            "oder wurde der Wert an der Anwendung vorbei unverschlüsselt geschrieben?"
        ) from None


def is_readable(token: str) -> bool:
    """Whether ``token`` is a value encrypted with one of the configured keys."""
    try:
        decrypt(token)
    except UnreadableValueError:
        return False
    return True


class EmptyOnlyExact(Exact):
    """``field=""`` works (emptiness is not encrypted); any other value could never match."""

    def get_prep_lookup(self):
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.output_field.model.__name__}.{self.lhs.output_field.name} is "
                'encrypted: the database cannot compare its values. Only ="" and __isnull '
                "are supported; filter in Python after loading."
            )
        return super().get_prep_lookup()


class EncryptedFieldMixin:
    """Encrypts on the way into the database and decrypts on the way out. The column is text
    whatever the field (a token is about 1.4 times the text plus 100 characters); the form field
    and its validation (``max_length``) stay those of the plain field."""

    def get_internal_type(self):
        return "TextField"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value, where=f"{self.model._meta.db_table}.{self.column}")

    def get_lookup(self, lookup_name):
        return {"exact": EmptyOnlyExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


def encrypted_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]


def mask_for_log(value: str) -> str:
    """django-auditlog's ``mask_callable``: "nothing" stays readable as such (``""`` and
    ``"None"`` show as "–"), any text becomes ``LOG_MARKER``."""
    return value if value in ("", "None") else LOG_MARKER


def masked_in_log(model) -> dict:
    """Keyword arguments for ``auditlog.register``: the model's encrypted fields masked."""
    return {
        "mask_fields": [f.name for f in encrypted_fields(model)],
        "mask_callable": "kim.core.encryption.mask_for_log",
    }


def recode_column(connection, table: str, column: str, recode, *, pk="id", batch=1000) -> int:
    """Rewrites the non-empty values of one column in primary-key batches, past the ORM (no
    history entry, no version bump). ``recode(value)`` returns the new value, or ``None`` to keep
    it. Returns the number of rows rewritten. Used by the data migrations and the rotation."""
    qn = connection.ops.quote_name
    select = (
        f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "
        f"WHERE {qn(pk)} > %s AND {qn(column)} IS NOT NULL AND {qn(column)} <> '' "
        f"ORDER BY {qn(pk)} LIMIT {int(batch)}"
    )
    update = f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s"
    rewritten, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
            if not rows:
                return rewritten
            changes = [(new, key) for key, value in rows if (new := recode(value)) is not None]
            if changes:
                cursor.executemany(update, changes)
            rewritten += len(changes)
            last = rows[-1][0]


def encrypt_plain(value: str) -> str | None:
    """For the data migration: plain text gets encrypted, a value already encrypted stays."""
    return None if is_readable(value) else encrypt(value)


def reencrypt(value: str) -> str:
    """For the rotation: the same text, encrypted with the first key."""
    decrypt(value)  # a value that no key reads fails with the German message
    return key_ring().rotate(value.encode("ascii")).decode("ascii")


def encrypted_columns():
    """Every (model, field) of the project that is stored encrypted."""
    return [(model, field) for model in apps.get_models() for field in encrypted_fields(model)]


@checks.register(checks.Tags.security)
def check_encryption(app_configs=None, **kwargs):
    """kim.E001: the keys are usable; kim.E002: no encrypted text reaches the history in clear."""
    from auditlog.registry import auditlog

    errors = []
    try:
        key_ring()
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), id="kim.E001"))
    for model, field in encrypted_columns():
        if not auditlog.contains(model):
            continue
        if field.name not in auditlog.get_model_fields(model)["mask_fields"]:
            errors.append(
                checks.Error(
                    f"{model.__name__}.{field.name} is encrypted but django-auditlog would log "
                    "its text in clear.",
                    hint="Register the model with auditlog.register(Model, "
                    "**masked_in_log(Model)) (kim.core.encryption).",
                    obj=model,
                    id="kim.E002",
                )
            )
    return errors
