from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """The Sitzungsdienst: agendas from the Beratungsfolge, results that move papers, invitation and
    minutes. Above ``sessions`` and ``motions`` (it needs both); no models of its own."""

    name = "proceedings"
