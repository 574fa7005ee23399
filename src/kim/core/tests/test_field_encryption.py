"""The key handling of the encrypted fields (kim/core/encryption.py): first key encrypts, every
key decrypts; bad or missing keys fail loudly in German; production does not start without a key
or with the development key."""

import importlib
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from kim.core import encryption
from kim.settings.base import DEVELOPMENT_FIELD_ENCRYPTION_KEY

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def test_the_first_key_encrypts_and_every_key_decrypts():
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[OLD]):
        token_old = encryption.encrypt("Asthma, Termin beim Lungenarzt")
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        token_new = encryption.encrypt("Asthma, Termin beim Lungenarzt")
        assert encryption.decrypt(token_old) == "Asthma, Termin beim Lungenarzt"
        assert encryption.decrypt(token_new) == "Asthma, Termin beim Lungenarzt"
    assert Fernet(NEW).decrypt(token_new.encode()) == b"Asthma, Termin beim Lungenarzt"
    with pytest.raises(InvalidToken):
        Fernet(OLD).decrypt(token_new.encode())


def test_the_same_text_encrypts_differently_every_time():
    assert encryption.encrypt("Diabetes") != encryption.encrypt("Diabetes")


def test_rotation_reencrypts_with_the_first_key():
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[OLD]):
        token = encryption.encrypt("Notiz")
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        rotated = encryption.reencrypt(token)
    assert Fernet(NEW).decrypt(rotated.encode()) == b"Notiz"


@pytest.mark.parametrize("value", ["Klartext ohne Verschlüsselung", "gAAAAABkaputt"])
def test_a_value_no_key_reads_fails_loudly_in_german(value):
    with pytest.raises(encryption.UnreadableValueError, match="keinem Schlüssel"):
        encryption.decrypt(value, where="cases_contact.note")


def test_a_value_of_a_removed_key_fails_loudly():
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=[OLD]):
        token = encryption.encrypt("Notiz")
    with (
        override_settings(KIM_FIELD_ENCRYPTION_KEYS=[NEW]),
        pytest.raises(encryption.UnreadableValueError, match="älterer Schlüssel"),
    ):
        encryption.decrypt(token)


def test_no_key_is_refused():
    with (
        override_settings(KIM_FIELD_ENCRYPTION_KEYS=[]),
        pytest.raises(ImproperlyConfigured, match="kein Schlüssel"),
    ):
        encryption.encrypt("Notiz")


def test_a_malformed_key_is_refused_without_repeating_it():
    with (
        override_settings(KIM_FIELD_ENCRYPTION_KEYS=[NEW, "geheim-aber-zu-kurz"]),
        pytest.raises(ImproperlyConfigured, match=r"2\. Schlüssel") as error,
    ):
        encryption.encrypt("Notiz")
    assert "geheim-aber-zu-kurz" not in str(error.value)


def test_the_system_check_reports_unusable_keys():
    with override_settings(KIM_FIELD_ENCRYPTION_KEYS=["kaputt"]):
        errors = encryption.check_encryption()
    assert [e.id for e in errors] == ["kim.E001"]


def test_the_project_passes_the_system_check():
    assert encryption.check_encryption() == []


def test_the_system_check_finds_an_encrypted_field_that_the_log_would_keep(monkeypatch):
    from auditlog.registry import auditlog

    monkeypatch.setattr(auditlog, "get_model_fields", lambda model: {"mask_fields": []})
    errors = encryption.check_encryption()
    assert errors
    assert {e.id for e in errors} == {"kim.E002"}
    assert any("Contact.note" in e.msg for e in errors)


@pytest.mark.parametrize(
    ("value", "logged"),
    [("Depression", encryption.LOG_MARKER), ("", ""), ("None", "None")],
)
def test_the_log_keeps_that_a_text_changed_but_not_the_text(value, logged):
    assert encryption.mask_for_log(value) == logged


# --- production settings ------------------------------------------------------------------------


def _production_settings(monkeypatch, keys):
    monkeypatch.setenv("KIM_SECRET_KEY", "x" * 60)
    if keys is None:
        monkeypatch.delenv("KIM_FIELD_ENCRYPTION_KEYS", raising=False)
    else:
        monkeypatch.setenv("KIM_FIELD_ENCRYPTION_KEYS", keys)
    sys.modules.pop("kim.settings.production", None)
    try:
        return importlib.import_module("kim.settings.production")
    finally:
        sys.modules.pop("kim.settings.production", None)


@pytest.mark.parametrize("keys", [None, "", " , "])
def test_production_does_not_start_without_a_key(monkeypatch, keys):
    with pytest.raises(ImproperlyConfigured, match="startet KIM im Betrieb nicht"):
        _production_settings(monkeypatch, keys)


def test_production_refuses_the_development_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="Entwicklungsschlüssel"):
        _production_settings(monkeypatch, f"{NEW},{DEVELOPMENT_FIELD_ENCRYPTION_KEY}")


def test_production_takes_the_keys_from_the_environment(monkeypatch):
    production = _production_settings(monkeypatch, f"{NEW}, {OLD}")
    assert production.KIM_FIELD_ENCRYPTION_KEYS == [NEW, OLD]
