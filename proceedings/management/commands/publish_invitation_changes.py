"""``manage.py publish_invitation_changes``: the automatic Nachtrag's check once, for installations
without Celery beat (cron every minute); beat runs the same as ``proceedings.tasks``."""

from django.core.management.base import BaseCommand

from proceedings.invitation_auto import invitation_auto_publish_due


class Command(BaseCommand):
    help = "Publish the Nachtrag of invited meetings whose changes have stood for their body's quiet period."

    def handle(self, *args, **options):
        counts = invitation_auto_publish_due()
        self.stdout.write(", ".join(f"{key} {value}" for key, value in sorted(counts.items())) or "nothing pending")
