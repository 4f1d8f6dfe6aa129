from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    """Papers of every type, their numbering, consultations (Beratungsfolge) and files."""

    name = "motions"
    verbose_name = _("Vorlagen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from motions import publishing

        publishing.connect()
