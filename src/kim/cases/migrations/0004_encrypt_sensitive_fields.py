"""Health notes and residence details encrypted at rest (issue #10, kim/core/encryption.py).

The columns become text (a token is longer than the text), then the stored values are encrypted
with the first key of KIM_FIELD_ENCRYPTION_KEYS; values that are already encrypted stay, so the
migration can run again. Backwards: decrypted, then the columns get their old types.

The history (django-auditlog) held the old and new texts of these fields in clear; they are
masked as new entries are (``mask_for_log``). That cannot be undone: backwards leaves them masked.
"""

from django.db import migrations

import kim.core.encryption
from kim.audit.redaction import allow_redaction
from kim.core.encryption import decrypt, encrypt_plain, mask_for_log, recode_column

ENCRYPTED = {
    "client": ["residence_section"],
    "case": ["closure_outcome"],
    "phasetransition": ["note"],
    "assessment": ["summary"],
    "assessmententry": ["situation", "resources"],
    "consent": ["revocation_note"],
    "referral": ["reason", "outcome"],
    "contact": ["note"],
    "appointment": ["note"],
    "residenceperiod": ["legal_basis", "note"],
    "educationrecord": ["note"],
}


def _recode(apps, schema_editor, recode):
    for model_name, names in ENCRYPTED.items():
        model = apps.get_model("cases", model_name)
        for name in names:
            recode_column(
                schema_editor.connection,
                model._meta.db_table,
                model._meta.get_field(name).column,
                recode,
                pk=model._meta.pk.column,
            )


def encrypt_values(apps, schema_editor):
    _recode(apps, schema_editor, encrypt_plain)


def decrypt_values(apps, schema_editor):
    _recode(apps, schema_editor, decrypt)


def mask_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db).filter(app_label="cases", model__in=list(ENCRYPTED))
    masked = {t.pk: ENCRYPTED[t.model] for t in types}
    entries = LogEntry.objects.using(db).filter(
        content_type__in=list(masked), changes__isnull=False
    )
    with allow_redaction(using=db):
        for entry in entries.iterator():
            names = [n for n in masked[entry.content_type_id] if n in (entry.changes or {})]
            if not isinstance(entry.changes, dict) or not names:
                continue
            for name in names:
                values = entry.changes[name]
                if isinstance(values, list):
                    entry.changes[name] = [mask_for_log(str(v)) for v in values]
            LogEntry.objects.using(db).filter(pk=entry.pk).update(changes=entry.changes)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_residence_record"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0017_add_actor_email"),
        ("audit", "0001_append_only_log"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appointment",
            name="note",
            field=kim.core.encryption.EncryptedCharField(
                blank=True, max_length=300, verbose_name="Notiz"
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="summary",
            field=kim.core.encryption.EncryptedTextField(
                blank=True, verbose_name="Zusammenfassung"
            ),
        ),
        migrations.AlterField(
            model_name="assessmententry",
            name="resources",
            field=kim.core.encryption.EncryptedTextField(blank=True, verbose_name="Ressourcen"),
        ),
        migrations.AlterField(
            model_name="assessmententry",
            name="situation",
            field=kim.core.encryption.EncryptedTextField(blank=True, verbose_name="Situation"),
        ),
        migrations.AlterField(
            model_name="case",
            name="closure_outcome",
            field=kim.core.encryption.EncryptedTextField(
                blank=True, verbose_name="Ergebnis des Falls"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="residence_section",
            field=kim.core.encryption.EncryptedCharField(
                blank=True,
                help_text="z. B. § 25 Abs. 2 AufenthG",
                max_length=60,
                verbose_name="Rechtsgrundlage des Aufenthalts",
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="revocation_note",
            field=kim.core.encryption.EncryptedTextField(
                blank=True, verbose_name="Notiz zum Widerruf"
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="note",
            field=kim.core.encryption.EncryptedTextField(blank=True, verbose_name="Notiz"),
        ),
        migrations.AlterField(
            model_name="educationrecord",
            name="note",
            field=kim.core.encryption.EncryptedCharField(
                blank=True, max_length=300, verbose_name="Notiz"
            ),
        ),
        migrations.AlterField(
            model_name="phasetransition",
            name="note",
            field=kim.core.encryption.EncryptedTextField(blank=True, verbose_name="Notiz"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="outcome",
            field=kim.core.encryption.EncryptedTextField(
                blank=True,
                help_text="z. B. Integrationskurs begonnen am …",
                verbose_name="Ergebnis",
            ),
        ),
        migrations.AlterField(
            model_name="referral",
            name="reason",
            field=kim.core.encryption.EncryptedTextField(blank=True, verbose_name="Anlass"),
        ),
        migrations.AlterField(
            model_name="residenceperiod",
            name="legal_basis",
            field=kim.core.encryption.EncryptedCharField(
                blank=True,
                help_text="z. B. § 25 Abs. 2 AufenthG oder § 104c AufenthG",
                max_length=60,
                verbose_name="Rechtsgrundlage",
            ),
        ),
        migrations.AlterField(
            model_name="residenceperiod",
            name="note",
            field=kim.core.encryption.EncryptedCharField(
                blank=True, max_length=300, verbose_name="Notiz"
            ),
        ),
        migrations.RunPython(encrypt_values, decrypt_values),
        migrations.RunPython(mask_history, migrations.RunPython.noop),
    ]
