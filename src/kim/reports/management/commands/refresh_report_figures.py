"""Compute the figures most people look at before they ask (reports/snapshots.py, issue #12):
the dashboard of coordination and the anonymous one of the steering group for the current year
up to today, and the state controlling report for the previous year and the current year up to
today, in every language that users of these roles have chosen. Run it from cron at state scale
(e.g. every 30 minutes during office hours, with ``KIM_REPORT_FIGURES_MAX_AGE_MINUTES`` a little
longer); in a district the figures are computed within seconds on demand and the command is
optional.

    python manage.py refresh_report_figures
"""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.reports import snapshots
from kim.reports.dashboard import ALL, ANONYMOUS, build_dashboard, viewer_key, viewer_mode
from kim.reports.indicators import evaluate_all
from kim.reports.scope import ReportScope


class Command(BaseCommand):
    help = (
        "Berechnet die Kennzahlen des Dashboards und des Landescontrollings für die üblichen "
        "Zeiträume vorab und bewahrt sie auf."
    )

    def handle(self, *args, **options):
        if not snapshots.max_age_seconds():
            self.stdout.write(
                "KIM_REPORT_FIGURES_MAX_AGE_MINUTES ist 0: es wird nichts aufbewahrt, also auch "
                "nichts vorab berechnet."
            )
            return
        today = timezone.localdate()
        this_year = ReportScope(start=today.replace(month=1, day=1), end=today)
        last_year = ReportScope(
            start=datetime.date(today.year - 1, 1, 1), end=datetime.date(today.year - 1, 12, 31)
        )
        # one user per kept view: someone whose view IS that of coordination (all figures) or of
        # the steering group (anonymous), not a steering group member who is also a case manager
        viewers = []
        for role, mode in ((Role.COORDINATION, ALL), (Role.STEERING_GROUP_MEMBER, ANONYMOUS)):
            candidates = User.objects.filter(groups__name=role.value, is_active=True)
            viewer = next((u for u in candidates.order_by("pk") if viewer_mode(u) == mode), None)
            if viewer is not None:
                viewers.append(viewer)
        languages = sorted(
            {
                user.language or "de"
                for user in User.objects.filter(
                    groups__name__in=[Role.COORDINATION.value, Role.STEERING_GROUP_MEMBER.value],
                    is_active=True,
                )
            }
            or {"de"}
        )
        for language in languages:
            with translation.override(language):
                for user in viewers:
                    self._compute(
                        f"Dashboard {viewer_key(user)} {language}",
                        snapshots.DASHBOARD,
                        this_year,
                        viewer_key(user),
                        lambda user=user: build_dashboard(this_year, user=user),
                    )
                for scope in (last_year, this_year):
                    self._compute(
                        f"Landescontrolling {scope.start:%Y-%m-%d}–{scope.end:%Y-%m-%d} {language}",
                        snapshots.STATE_REPORT,
                        scope,
                        snapshots.STATE_REPORT,
                        lambda scope=scope: evaluate_all(scope),
                    )

    def _compute(self, label, kind, scope, viewer, compute):
        started = time.perf_counter()
        snapshots.get_or_compute(kind, scope, viewer, compute, refresh=True)
        self.stdout.write(f"{label}: {time.perf_counter() - started:.1f} s")
