from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts of council members and citizens, following, alerts, dashboard, resolution tracking."""

    name = "members"
    verbose_name = _("Mitglieder und Abos")

    def ready(self):
        from members import outbox_handlers, signals  # noqa: F401 (outbox_handlers registers its topics)
