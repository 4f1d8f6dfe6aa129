"""``manage.py reindex``: the issue's name for ``search_index rebuild``."""

from search.management.commands.search_index import Command as SearchIndexCommand


class Command(SearchIndexCommand):
    help = "Suchindex vollständig neu aufbauen (wie search_index rebuild)."
