"""Reads of the system level; who sees which report is decided here (DOMAIN.md § 7).

- coordination: every report, reconstruction and theme;
- case managers: the reports they made themselves;
- external partners: the reports of their own organisation, never another's, never case data;
- steering group members: themes and their anonymised summaries, never reports or their cases.
"""

from django.db import models
from django.db.models import Q

from kim.accounts.roles import Role


def _has(user, role):
    return user.is_authenticated and user.has_role(role)


class HurdleReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _has(user, Role.COORDINATION):
            return self.all()
        visible = Q(pk__in=[])
        if _has(user, Role.CASE_MANAGER):
            visible |= Q(reporter=user)
        if _has(user, Role.EXTERNAL_PARTNER) and user.organisation_id:
            visible |= Q(reporter_organisation=user.organisation_id, source="external")
        return self.filter(visible)

    def selectable_for_reconstruction(self):
        return self.exclude(state="rejected")


class ReconstructionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if _has(user, Role.COORDINATION) else self.none()


class ThemeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordination sees every theme; the steering group what has been put before it."""
        if _has(user, Role.COORDINATION):
            return self.all()
        if _has(user, Role.STEERING_GROUP_MEMBER):
            return self.exclude(state="developed")
        return self.none()

    def with_figures(self):
        """Per theme: reports, municipalities, institutions and legal domains involved."""
        return self.annotate(
            report_count=models.Count("reports", distinct=True),
            municipality_count=models.Count("reports__municipality", distinct=True),
            organisation_count=models.Count("reports__organisations", distinct=True),
            legal_domain_count=models.Count("reports__legal_domains", distinct=True),
        )
