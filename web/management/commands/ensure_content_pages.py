from django.core.management.base import BaseCommand

from web.content import content_pages_ensure


class Command(BaseCommand):
    help = "Legt die Inhaltsseiten (Hilfe, Impressum, Datenschutz, Wie funktioniert der Stadtrat?) an, wenn sie fehlen."

    def handle(self, *args, **options):
        pages = content_pages_ensure()
        self.stdout.write(", ".join(page.url_path for page in pages) or "Keine Standard-Site gefunden.")
