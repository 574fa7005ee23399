"""Reads of target systems. Who sees what (issue #5, DOMAIN.md § 7):

- coordination: every target system, drafts included, and may edit every draft;
- members of the working group (with an account, membership current today): their group's target
  systems; its leads edit the drafts;
- steering group members: what has been put before the steering group (proposed, in force,
  superseded), read only;
- everyone else: nothing. Monitoring figures are anonymous aggregates of the visible ones.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from kim.accounts.roles import Role


def _has(user, role):
    return user.is_authenticated and user.has_role(role)


def _current_memberships(user, *, lead_only=False):
    from kim.governance.models import Membership

    today = timezone.localdate()
    memberships = Membership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        user=user,
        starts_on__lte=today,
        body__kind="working_group",
    )
    if lead_only:
        memberships = memberships.filter(is_lead=True)
    return memberships.values("body")


class TargetSystemQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _has(user, Role.COORDINATION):
            return self.all()
        visible = Q(working_group__in=_current_memberships(user))
        if _has(user, Role.STEERING_GROUP_MEMBER):
            visible |= ~Q(state="draft")
        return self.filter(visible)

    def editable_by(self, user):
        """Drafts the user may edit: coordination all, leads of the working group theirs."""
        if not user.is_authenticated:
            return self.none()
        drafts = self.filter(state="draft")
        if _has(user, Role.COORDINATION):
            return drafts
        return drafts.filter(working_group__in=_current_memberships(user, lead_only=True))

    def in_force_on(self, day):
        return self.filter(state__in=["in_force", "superseded"], in_force_from__lte=day)
