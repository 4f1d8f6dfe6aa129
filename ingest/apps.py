from django.apps import AppConfig


class IngestConfig(AppConfig):
    """The PDF ingestion pipeline (``ingest_pdfs``): extraction, recognition, records, index.

    Orchestration above the domain: it writes papers and files through ``motions`` and
    ``sessions``, defers the search index (``search.signals.deferred``) and mutes alerts
    (``members.events.alerts_muted``) while it runs. No models of its own.
    """

    name = "ingest"
