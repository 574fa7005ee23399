from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from kim.core.encryption import SETTING, encrypted_columns, recode_column, reencrypt


class Command(BaseCommand):
    help = (
        f"Verschlüsselt alle verschlüsselt gespeicherten Texte neu mit dem ersten Schlüssel aus "
        f"{SETTING}. Danach können ältere Schlüssel aus der Liste entfernt werden. Mehrfaches "
        "Ausführen schadet nicht."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        total = 0
        for model, field in encrypted_columns():
            # one transaction per column: a failure (a value no key reads) leaves it as it was
            with transaction.atomic(using=database):
                count = recode_column(
                    connection,
                    model._meta.db_table,
                    field.column,
                    reencrypt,
                    pk=model._meta.pk.column,
                )
            self.stdout.write(
                f"{model._meta.verbose_name_plural} – {field.verbose_name}: {count} Werte"
            )
            total += count
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} Werte mit dem ersten Schlüssel neu verschlüsselt. Ältere Schlüssel "
                f"können jetzt aus {SETTING} entfernt werden."
            )
        )
