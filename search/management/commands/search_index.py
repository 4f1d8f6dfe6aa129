"""``manage.py search_index rebuild|status``: rebuild the search index with a progress bar."""

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing
from search.models import SearchDocument, VocabularyWord


class Command(BaseCommand):
    help = "Suchindex neu aufbauen (rebuild) oder seinen Stand zeigen (status)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"], nargs="?", default="rebuild")
        parser.add_argument("--no-progress", action="store_true", help="ohne Fortschrittsbalken")

    def handle(self, *args, action="rebuild", no_progress=False, **options):
        if action == "status":
            self.stdout.write(
                f"{SearchDocument.objects.count()} Suchdokumente, {VocabularyWord.objects.count()} Wörter"
            )
            return
        bars = []

        def progress(kind, total):
            bar = tqdm(total=total, desc=str(kind), unit="obj", disable=no_progress, file=self.stderr._out)
            bars.append(bar)
            return bar.update

        written = indexing.rebuild(progress=progress)
        for bar in bars:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"{written} Suchdokumente geschrieben."))
        if settings.ELASTICSEARCH_URL:
            from search.backends import elastic

            pushed = elastic.rebuild(progress=None if no_progress else progress)
            self.stdout.write(self.style.SUCCESS(f"{pushed} Dokumente an Elasticsearch übergeben."))
