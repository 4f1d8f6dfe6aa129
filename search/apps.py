from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search: the database backend (SQLite FTS5 / PostgreSQL) and Elasticsearch."""

    name = "search"
    label = "ris_search"
    verbose_name = _("Suche")

    def ready(self):
        from search import outbox_handlers, signals  # noqa: F401 (outbox_handlers registers its topic)

        signals.connect()
