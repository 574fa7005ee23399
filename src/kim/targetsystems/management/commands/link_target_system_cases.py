"""Daily: link the cases that meanwhile fall under the rule of a target system in force (a new
referral into the service type, a new goal in the life domain), so that the monitoring stays
complete without anyone pressing "Regel erneut anwenden". Idempotent; for a cron job, e.g.
``15 2 * * * manage.py link_target_system_cases``."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from kim.targetsystems import services
from kim.targetsystems.models import CaseRule, TargetSystem, TargetSystemState


class Command(BaseCommand):
    help = (
        "Verknüpft für jedes Zielsystem in Kraft die Fälle, auf die seine Regel zutrifft und die "
        "noch nicht verknüpft sind, und gibt die Zahlen aus. Mehrfaches Ausführen ändert nichts."
    )

    def handle(self, *args, **options):
        target_systems = (
            TargetSystem.objects.filter(state=TargetSystemState.IN_FORCE)
            .exclude(case_rule=CaseRule.MANUAL)
            .select_related("working_group")
            .order_by("pk")
        )
        checked = added = 0
        for target_system in target_systems:
            new = services.link_cases_by_rule(target_system)
            total = target_system.case_links.count()
            checked += 1
            added += new
            if options["verbosity"] >= 1:
                self.stdout.write(f"{target_system}: {_linked(new)}, {_cases(total)} insgesamt.")
        checked_text = ngettext(
            "%(n)d Zielsystem in Kraft mit Regel geprüft",
            "%(n)d Zielsysteme in Kraft mit Regel geprüft",
            checked,
        ) % {"n": checked}
        self.stdout.write(self.style.SUCCESS(f"{checked_text}, {_linked(added)}."))


def _cases(n):
    return ngettext("%(n)d Fall", "%(n)d Fälle", n) % {"n": n}


def _linked(n):
    return ngettext("%(n)d Fall neu verknüpft", "%(n)d Fälle neu verknüpft", n) % {"n": n}
