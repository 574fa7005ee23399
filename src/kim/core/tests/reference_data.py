"""What the data migrations fill (life domains, residence statuses, languages, retention rules).
A transactional test empties every table; a later transactional test that needs these lists
reloads them with ``ensure_reference_lists()`` (idempotent loaders of the migrations themselves)."""

import importlib

DATA_MIGRATIONS = (
    "kim.cases.migrations.0002_reference_lists",
    "kim.privacy.migrations.0002_retention_rules",
)


def ensure_reference_lists():
    from django.apps import apps

    from kim.cases.models import LifeDomain

    if LifeDomain.objects.exists():
        return
    for module in DATA_MIGRATIONS:
        migration = importlib.import_module(module)
        (getattr(migration, "load", None) or migration.seed)(apps, None)
