"""Writes to the directory. Each runs in one transaction; django-auditlog keeps old and new
values of every change together with the acting user (set by its middleware)."""

from django.db import transaction
from django.db.models import ProtectedError


class EntryInUse(Exception):
    """The entry is still referenced (e.g. an office that is responsible somewhere)."""

    def __init__(self, protected_objects):
        super().__init__("entry in use")
        self.protected_objects = list(protected_objects)


@transaction.atomic
def save_directory_entry(form, *, by):
    return form.save()


@transaction.atomic
def delete_directory_entry(entry, *, by):
    try:
        entry.delete()
    except ProtectedError as exc:
        raise EntryInUse(exc.protected_objects) from exc
