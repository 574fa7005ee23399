"""Reads of personal access tokens: a user sees and revokes only their own."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def usable(self, now=None):
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def not_usable(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
