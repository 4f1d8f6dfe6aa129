from django.core.management.base import BaseCommand

from demo.loader import DEMO_ADMIN_PASSWORD, DEMO_STAFF_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Lädt die Demodaten aus den fünf Beispieldokumenten (idempotent)."

    def handle(self, *args, **options):
        bodies = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {', '.join(b.name for b in bodies)}"))
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  Benutzer admin / {DEMO_ADMIN_PASSWORD}")
        self.stdout.write(f"Verwaltung: verwaltung-aschersleben (und -luebeck, -altenburg) / {DEMO_STAFF_PASSWORD}")
