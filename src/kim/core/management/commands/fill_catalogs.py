"""Fills the German and English catalogues after ``makemessages`` (``make messages``).

German: msgstr = msgid (the source language). English: from ``src/kim/locale_src/en/<app>.py``.
Prints, per app, how many msgids there are and which still lack English; ``--add-missing``
appends those to the app's source file with an empty text for the translator.
"""

from django.core.management.base import BaseCommand, CommandError

from kim.core import catalogs


class Command(BaseCommand):
    help = "Füllt die deutschen und englischen Übersetzungskataloge (nach makemessages)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--add-missing",
            action="store_true",
            help="msgids ohne Englisch mit leerem Text in locale_src/en/<app>.py anhängen",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="englische Texte zu msgids, die es nicht mehr gibt, aus locale_src/en löschen",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="mit Fehler enden, wenn Englisch fehlt oder Platzhalter nicht passen",
        )

    def handle(self, *args, add_missing=False, prune=False, check=False, **options):
        german = catalogs.load_catalog("de")
        catalogs.fill_german(german)
        catalogs.fill_header(german, "de")
        german.save()

        translations, conflicts = catalogs.load_english()
        for conflict in conflicts:
            self.stderr.write(f"Zwei englische Texte für {conflict}")
        english = catalogs.load_catalog("en")
        missing = catalogs.fill_english(english, translations)
        catalogs.fill_header(english, "en")
        english.save()

        problems = [p for entry in english for p in catalogs.placeholder_problems(entry)]
        for problem in problems:
            self.stderr.write(f"Platzhalter: {problem}")

        used = {catalogs.key_of(entry) for entry in english}
        unused = sorted(set(translations) - used)

        total = catalogs.by_app(english)
        missing_by_app = catalogs.by_app(missing)
        self.stdout.write("msgids je App (davon ohne Englisch):")
        for app, entries in total.items():
            without = len(missing_by_app.get(app, []))
            self.stdout.write(f"  {app:<15} {len(entries):>5}  ({without})")
        self.stdout.write(f"  {'gesamt':<15} {len(english):>5}  ({len(missing)})")
        if unused and prune:
            removed = catalogs.prune(unused)
            self.stdout.write(f"{removed} veraltete englische Texte aus locale_src/en gelöscht")
        elif unused:
            self.stdout.write(
                f"{len(unused)} englische Texte ohne msgid im Katalog (veraltet), z. B. "
                + ", ".join(repr(msgid) for msgid in unused[:5])
            )
        if missing and add_missing:
            added = catalogs.append_missing(missing)
            for app, count in added.items():
                self.stdout.write(f"  {count} neue msgids in locale_src/en/{app}.py eingetragen")
        elif missing:
            for entry in missing[:20]:
                self.stdout.write(f"  ohne Englisch ({catalogs.app_of(entry)}): {entry.msgid!r}")
        if check and (missing or problems or conflicts):
            raise CommandError("Der englische Katalog ist nicht vollständig.")
