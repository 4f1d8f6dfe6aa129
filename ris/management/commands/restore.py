from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ris.backup import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Stellt Datenbank und gespeicherte Dateien aus einer Sicherung von `backup` wieder her; "
        "ersetzt den jetzigen Stand (Web, Worker und Beat vorher anhalten)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, directory, interactive, **options):
        try:
            manifest = backup_check(directory)
            if interactive:
                answer = input(
                    f"Sicherung vom {manifest['created']} einspielen und den jetzigen Stand ersetzen? [ja/nein] "
                )
                if answer.strip().lower() not in {"ja", "j", "yes", "y"}:
                    raise CommandError("Abgebrochen; nichts wurde geändert.")
            backup_restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"Wiederhergestellt aus {directory} (Stand {manifest['created']}).")
