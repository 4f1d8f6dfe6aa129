"""``manage.py import_oparl SYSTEM_URL-or-FOLDER [--body ID] [--since ISO-DATETIME]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.events import alerts_muted
from oparl.importer.client import FetchError, FolderSource, HttpSource
from oparl.importer.mapping import parse_date, parse_date_time
from oparl.importer.run import Importer, Options


class Command(BaseCommand):
    help = "Importiert ein OParl-System (alle Körperschaften oder eine) inkrementell und idempotent."

    def add_arguments(self, parser):
        parser.add_argument("source", help="URL des System-Objekts oder ein Ordner mit gespeicherten Antworten")
        parser.add_argument("--body", help="nur diese Körperschaft (id-URL, letzte Pfadstelle, Name oder Kurzname)")
        parser.add_argument("--since", help="nur Änderungen seit diesem Zeitpunkt (ISO 8601)")
        parser.add_argument(
            "--archive-before",
            help="Vorlagen mit Datum vor diesem Tag (JJJJ-MM-TT) als Archiv kennzeichnen: keine Fristen, "
            "keine Beschlusskontrolle",
        )
        parser.add_argument("--base-url", help="bei einem Ordner: die URL, unter der die Antworten gespeichert wurden")
        parser.add_argument("--no-files", action="store_true", help="Dateien nicht herunterladen")
        parser.add_argument("--parallel", type=int, default=4, help="gleichzeitige Anfragen (Standard 4)")
        parser.add_argument("--timeout", type=float, default=30, help="Zeitlimit je Anfrage in Sekunden")
        parser.add_argument("--retries", type=int, default=4, help="Wiederholungen bei 5xx und Zeitüberschreitung")
        parser.add_argument("--no-progress", action="store_true", help="keine Fortschrittsbalken")

    def handle(self, *args, **options):
        # An archive import must not e-mail followers about papers decades old.
        with alerts_muted():
            return self._handle(*args, **options)

    def _handle(self, *args, **options):
        since = None
        if options["since"]:
            since = parse_date_time(options["since"])
            if since is None:
                raise CommandError(f"--since: '{options['since']}' ist kein Zeitpunkt")
        archive_before = None
        if options["archive_before"]:
            archive_before = parse_date(options["archive_before"])
            if archive_before is None:
                raise CommandError(f"--archive-before: '{options['archive_before']}' ist kein Datum")
        source, system_url = self._source(options)
        importer = Importer(
            source,
            Options(
                body=options["body"],
                since=since,
                archive_before=archive_before,
                download_files=not options["no_files"],
                progress=not options["no_progress"],
            ),
        )
        try:
            summary = importer.run(system_url)
        except FetchError as exc:
            raise CommandError(f"System nicht abrufbar: {exc}")
        self._report(summary)

    def _source(self, options):
        location = options["source"]
        if location.startswith(("http://", "https://")):
            return HttpSource(
                timeout=options["timeout"], retries=options["retries"], parallel=options["parallel"]
            ), location
        folder = Path(location)
        system_file = folder / "system.json" if folder.is_dir() else folder
        if not system_file.exists():
            raise CommandError(f"{location}: weder URL noch Ordner mit system.json")
        import json

        system = json.loads(system_file.read_text(encoding="utf-8"))
        base = options["base_url"] or str(system.get("id", "")).rsplit("/", 1)[0]
        return FolderSource(system_file.parent, base), f"{base.rstrip('/')}/system"

    def _report(self, summary):
        self.stdout.write(f"Körperschaften: {summary.bodies}, Anfragen: {summary.requests}")
        for key, count in summary.counts.items():
            self.stdout.write(f"  {key}: {count}")
        self.stdout.write(
            f"Dateien heruntergeladen: {summary.files_downloaded}, fehlgeschlagen: {summary.files_failed}"
        )
        if summary.problems:
            self.stdout.write(self.style.WARNING(f"Probleme: {len(summary.problems)} (Tabelle oparl.ImportProblem)"))
            for url, object_type, reason in summary.problems[:20]:
                self.stdout.write(f"  {object_type} {url}: {reason}")
            if len(summary.problems) > 20:
                self.stdout.write(f"  … und {len(summary.problems) - 20} weitere")
        else:
            self.stdout.write(self.style.SUCCESS("Keine Probleme."))
