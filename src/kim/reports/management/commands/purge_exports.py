"""Delete the files of report exports older than 24 hours (run daily, e.g. from cron):

python manage.py purge_exports
"""

from django.core.management.base import BaseCommand

from kim.reports.services import purge_exports


class Command(BaseCommand):
    help = "Löscht Exportdateien, die älter als 24 Stunden sind."

    def handle(self, *args, **options):
        deleted, given_up = purge_exports()
        self.stdout.write(
            f"{deleted} Exportdatei(en) gelöscht, {given_up} nicht beendete(r) Export(e) "
            "abgebrochen."
        )
