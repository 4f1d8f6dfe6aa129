from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    """The OParl 1.1 server and the importer from other systems' OParl endpoints."""

    name = "oparl"
    verbose_name = _("OParl")

    def ready(self):
        from oparl import signals

        signals.connect()
