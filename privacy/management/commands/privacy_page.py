"""``manage.py privacy_page [--replace]``: prefill the privacy page (never overwrites an edited page
unless told so)."""

from django.core.management.base import BaseCommand

from privacy.content import privacy_page_ensure


class Command(BaseCommand):
    help = "Datenschutzseite mit dem vorbefüllen, was das System verarbeitet."

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="auch eine schon bearbeitete Seite ersetzen")

    def handle(self, *args, replace=False, **options):
        page = privacy_page_ensure(replace=replace)
        self.stdout.write(f"Datenschutzseite: {page.url if page else 'keine Standard-Site'}")
