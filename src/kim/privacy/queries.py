"""Reads of the Löschkonzept: open and finished deletion runs, which clients are erased or
waiting for a decision."""

from django.db import models
from django.db.models import Count, Q


class DeletionRunQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state="proposed")

    def with_counts(self):
        return self.annotate(
            client_count=Count("items"),
            erased_count=Count("items", filter=Q(items__state="erased")),
        ).select_related("created_by", "decided_by")


def erased_clients():
    """Clients whose personal data has been erased (the rows stay, anonymous)."""
    from kim.cases.models import Client

    return Client.objects.filter(deletion_items__state="erased")


def pending_item(client):
    """The item of an open deletion run for ``client``, or ``None``."""
    from .models import DeletionItem

    return (
        DeletionItem.objects.filter(client=client, run__state="proposed", state="pending")
        .select_related("run")
        .first()
    )


def erased_item(client):
    from .models import DeletionItem

    return DeletionItem.objects.filter(client=client, state="erased").select_related("run").first()
