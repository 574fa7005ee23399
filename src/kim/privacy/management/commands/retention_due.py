"""The daily step of the Löschkonzept (run it once a day, e.g. from cron):

    python manage.py retention_due            # puts the clients due today into a Löschvorschlag
    python manage.py retention_due --dry-run  # only prints what is due and what would be erased
    python manage.py retention_due --dry-run --date 2026-12-31   # … on another day

Nothing is erased here: coordination approves the proposal on the page "Löschkonzept". Running
it twice on a day adds nobody twice. The output holds counts only, no names (it ends up in the
logs of the server).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kim.privacy import erasure, retention, services
from kim.privacy.models import Basis


class Command(BaseCommand):
    help = (
        "Nimmt die Klient:innen, deren Löschfrist abgelaufen ist, in einen Löschvorschlag auf "
        "(Freigabe durch die Koordination). Mit --dry-run wird nur angezeigt, was fällig ist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, was fällig ist und was gelöscht würde; nichts speichern.",
        )
        parser.add_argument(
            "--date",
            help="Stichtag JJJJ-MM-TT statt heute (nur mit --dry-run).",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        on = timezone.localdate()
        if date:
            if not dry_run:
                raise CommandError("Ein anderer Stichtag geht nur mit --dry-run.")
            try:
                on = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"„{date}“ ist kein Datum. Bitte als JJJJ-MM-TT angeben, z. B. 2026-12-31."
                ) from None
        if dry_run:
            self._dry_run(on)
            return
        run, added = services.propose_due(on=on)
        if added:
            self.stdout.write(
                f"{added} Klient:in(nen) in den Löschvorschlag Nr. {run.pk} aufgenommen. "
                "Die Koordination prüft und gibt ihn frei (Löschkonzept)."
            )
        elif run is not None:
            self.stdout.write(
                f"Niemand neu fällig. Löschvorschlag Nr. {run.pk} wartet auf die Freigabe."
            )
        else:
            self.stdout.write("Niemand zur Löschung fällig.")

    def _dry_run(self, on):
        due = retention.clients_due(on)
        self.stdout.write(f"Probelauf für den {on:%d.%m.%Y}: nichts wird gespeichert.")
        self.stdout.write(f"Zur Löschung fällig: {len(due)} Klient:in(nen)")
        for basis in Basis:
            count = sum(1 for status in due if status.basis == basis)
            if count:
                self.stdout.write(f"  davon {basis.label}: {count}")
        if not due:
            return
        self.stdout.write("Die Freigabe würde ändern:")
        for row in erasure.preview([status.client_id for status in due]):
            self.stdout.write(f"  {row.label}: {row.count} – {row.effect}")
