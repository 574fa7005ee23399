from django.core.management.base import BaseCommand

from kim.accounts import demo as accounts_demo
from kim.directory import demo as directory_demo


class Command(BaseCommand):
    help = (
        "Lädt die Demodaten (Märkischer Kreis, Verzeichnis der Integrationsakteure, Demo-Logins). "
        "Mehrfaches Ausführen ändert nichts."
    )

    def handle(self, *args, **options):
        directory_demo.load()
        users = accounts_demo.load()
        self.stdout.write(self.style.SUCCESS("Demodaten geladen."))
        self.stdout.write(f"Demo-Logins (Passwort für alle: {accounts_demo.DEMO_PASSWORD}):")
        for user, role in users:
            self.stdout.write(f"  {user.username:<16} {role.label}")
