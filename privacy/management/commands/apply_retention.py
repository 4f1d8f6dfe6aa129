"""``manage.py apply_retention [--dry-run] [--today YYYY-MM-DD] [--body SLUG]``: run the retention
rules of every body (or one) and print the report; the run is kept for staff in the admin."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.retention import retention_apply
from sessions.models import Body


class Command(BaseCommand):
    help = "Aufbewahrungsregeln anwenden (löschen/anonymisieren); mit --dry-run nur berichten."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur berichten, nichts ändern")
        parser.add_argument("--today", help="Stichtag (JJJJ-MM-TT), sonst heute")
        parser.add_argument("--body", help="nur diese Körperschaft (Kurzname)")

    def handle(self, *args, dry_run=False, today=None, body=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Ungültiger Stichtag: {today!r} (erwartet JJJJ-MM-TT)") from exc
        body_id = None
        if body:
            found = Body.objects.filter(slug=body).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"Keine Körperschaft mit dem Kurznamen {body!r}.")
            body_id = found
        run = retention_apply(today=day, dry_run=dry_run, body_id=body_id)
        verb = "würde" if dry_run else "hat"
        for entry in run.report:
            self.stdout.write(f"{entry['body']}: {entry['action']} {entry['kind']} {entry['pk']} – {entry['label']}")
        self.stdout.write(
            f"Aufbewahrung zum {day:%d.%m.%Y}: {verb} {len(run.report)} Datensätze bearbeitet (Lauf {run.pk})."
        )
