from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection above the domain: personal-data findings, redacted public versions,
    retention and data subject rights. The domain never imports this app; it carries a few
    generic fields (a file's public version, a paper's public texts) that the surfaces read."""

    name = "privacy"
    verbose_name = _("Datenschutz")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from privacy import signals

        signals.connect()
