"""Reads of governance. Coordination manages everything; members of a body read its meetings,
agendas, approved minutes and resolutions; drafts of minutes are for coordination only."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from kim.accounts.roles import Role


def _is_coordination(user):
    return user.is_authenticated and user.has_role(Role.COORDINATION)


def member_bodies(user):
    today = timezone.localdate()
    from .models import Membership

    return Membership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), user=user, starts_on__lte=today
    ).values("body")


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_coordination(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=member_bodies(user))


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_coordination(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(body__in=member_bodies(user))

    def in_year(self, year):
        return self.filter(starts_at__year=year).exclude(state="cancelled")


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_coordination(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(state="approved", meeting__body__in=member_bodies(user))
