from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """The Sitzungsdienst: agendas from the Beratungsfolge, results that move papers, invitation and
    minutes. Above ``sessions`` and ``motions`` (it needs both); its own models are the bodies'
    meeting settings and the versions of invitations and minutes (``proceedings.models``)."""

    name = "proceedings"
