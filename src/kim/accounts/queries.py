"""Reads for the page "Anmeldesicherheit": current login locks and the accounts with their second
factor."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


@dataclass(frozen=True)
class LoginLock:
    username: str
    failures: int
    locked_until: datetime
    user: User | None  # None: the name belongs to no account (the lock looks the same)


def current_login_locks() -> list[LoginLock]:
    """User names locked now after too many failed logins, from any address (django-axes)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    latest: dict[str, tuple[int, datetime]] = {}
    for row in rows:
        failures, last = latest.get(row["username"], (0, row["last"]))
        latest[row["username"]] = (max(failures, row["failures"]), max(last, row["last"]))
    users = User.objects.in_bulk(latest, field_name="username")
    return [
        LoginLock(name, failures, last + settings.AXES_COOLOFF_TIME, users.get(name))
        for name, (failures, last) in sorted(latest.items())
    ]


def accounts_with_second_factor() -> list[User]:
    """Active accounts, each with ``has_second_factor``, by name."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = list(
        User.objects.filter(is_active=True)
        .annotate(has_second_factor=Exists(confirmed))
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "username")
    )
    for user in users:
        user._role_cache = {group.name for group in user.groups.all()}  # one query, not one each
    return users
