"""Reads of staffing. Coordination sees everything; a case manager their own assignments, hours."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from kim.accounts.roles import Role


def _valid_on(day):
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def overlapping_period(start, end):
    """Rows whose validity (valid_from..valid_until, open end) overlaps [start, end]."""
    q = Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    if end is not None:
        q &= Q(valid_from__lte=end)
    return q


class StaffingQuerySet(models.QuerySet):
    def active_on(self, day=None):
        return self.filter(_valid_on(day or timezone.localdate()))

    def visible_to(self, user):
        if user.is_authenticated and user.has_role(Role.COORDINATION):
            return self.all()
        if user.is_authenticated and user.has_role(Role.CASE_MANAGER):
            return self.filter(case_manager=user)
        return self.none()


class AssignmentQuerySet(StaffingQuerySet):
    pass


class PositionQuerySet(models.QuerySet):
    def funded_on(self, day=None):
        """Positions funded on ``day`` (default today); an open end is funded."""
        day = day or timezone.localdate()
        return self.filter(funded_from__lte=day).exclude(funded_until__lt=day)

    def case_management_on(self, day=None):
        """Case-management positions funded on ``day`` (default today)."""
        from .models import PositionType

        return self.funded_on(day).filter(type=PositionType.CASE_MANAGEMENT)

    def fte_by_holder(self, day=None):
        """{holder id: FTE of the case-management positions held on ``day``}, in one query."""
        rows = (
            self.case_management_on(day)
            .filter(holder__isnull=False)
            .values("holder")
            .annotate(total=models.Sum("fte"))
            .order_by()
        )
        return {row["holder"]: row["total"] for row in rows}


class ConsultationHoursQuerySet(StaffingQuerySet):
    def clashing_with(self, hours):
        """Other hours of the same person or in the same room at an overlapping time."""
        return (
            self.exclude(pk=hours.pk)
            .filter(Q(case_manager=hours.case_manager_id) | Q(room=hours.room_id))
            .filter(weekday=hours.weekday, starts_at__lt=hours.ends_at, ends_at__gt=hours.starts_at)
            .filter(overlapping_period(hours.valid_from, hours.valid_until))
        )
