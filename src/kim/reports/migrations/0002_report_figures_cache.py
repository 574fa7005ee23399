"""The table of the cache ``reports`` (settings.CACHES): kept figures of the dashboard and the
state controlling report (reports/snapshots.py). ``createcachetable`` makes it for every
database cache in the settings and leaves an existing table alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
