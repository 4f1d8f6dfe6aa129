from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ris.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Sichert Datenbank und gespeicherte Dateien in ein leeres Verzeichnis (ris/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = backup_write(directory)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(
            f"Gesichert nach {directory} ({manifest['database_format']}, {len(manifest['files'])} Teile)."
        )
