from django.core.management.base import BaseCommand

from kim.accounts import demo as accounts_demo
from kim.cases import demo as cases_demo
from kim.directory import demo as directory_demo
from kim.governance import demo as governance_demo
from kim.hurdles import demo as hurdles_demo
from kim.residence import demo as residence_demo
from kim.staffing import demo as staffing_demo
from kim.targetsystems import demo as targetsystems_demo


class Command(BaseCommand):
    help = (
        "Lädt die Demodaten (Märkischer Kreis, Verzeichnis der Integrationsakteure, Demo-Logins, "
        "fiktive Klient:innen und Fälle, Meldebögen, Fallrekonstruktionen und generative "
        "Themen). Mehrfaches Ausführen ändert nichts."
    )

    def handle(self, *args, **options):
        directory_demo.load()
        users = accounts_demo.load()
        clients, cases = cases_demo.load()
        hurdles = hurdles_demo.load()
        positions = staffing_demo.load()
        governance = governance_demo.load()
        targets = targetsystems_demo.load()
        residence = residence_demo.load()
        self.stdout.write(self.style.SUCCESS("Demodaten geladen."))
        if clients:
            self.stdout.write(f"{clients} fiktive Klient:innen und {cases} Fälle angelegt.")
        else:
            self.stdout.write("Die Demo-Fälle waren schon vorhanden und bleiben unverändert.")
        if hurdles["reports"]:
            self.stdout.write(
                f"{hurdles['reports']} fiktive Meldebögen zu {hurdles['topics']} Themen, "
                f"{hurdles['reconstructions']} Fallrekonstruktionen und {hurdles['themes']} "
                "generative Themen angelegt."
            )
        else:
            self.stdout.write("Die Demo-Meldebögen waren schon vorhanden und bleiben unverändert.")
        if positions:
            self.stdout.write(
                f"{positions} Stellen, ein Verteilungsschlüssel aus fiktiven Kennzahlen, "
                "Einsatzgebiete und Sprechzeiten angelegt."
            )
        else:
            self.stdout.write("Die Demo-Stellen waren schon vorhanden und bleiben unverändert.")
        if governance["bodies"]:
            self.stdout.write(
                f"{governance['bodies']} Gremien, {governance['meetings']} Sitzungen der "
                f"Lenkungsgruppe und {governance['agreements']} Kooperationsvereinbarungen "
                "angelegt."
            )
        else:
            self.stdout.write("Die Demo-Gremien waren schon vorhanden und bleiben unverändert.")
        if targets["target_systems"]:
            self.stdout.write(
                f"{targets['target_systems']} Zielsystem mit Arbeitsgruppe und "
                f"{targets['steps']} Schritten der Dienstleistungskette, "
                f"{targets['referrals']} weitere Vermittlungen in Integrationskurse und "
                f"{targets['linked']} verknüpfte Fälle angelegt."
            )
        else:
            self.stdout.write("Das Demo-Zielsystem war schon vorhanden und bleibt unverändert.")
        if residence["clients"]:
            self.stdout.write(
                f"Angaben für die Baustein-3-Vorprüfung bei {residence['clients']} Klient:innen "
                "angelegt (Liste: /residence/, z. B. als anna.berger)."
            )
        else:
            self.stdout.write(
                "Die Demo-Angaben für Baustein 3 waren schon vorhanden und bleiben unverändert."
            )
        self.stdout.write(f"Demo-Logins (Passwort für alle: {accounts_demo.DEMO_PASSWORD}):")
        for user, role in users:
            self.stdout.write(f"  {user.username:<16} {role.label}")
