from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The transactional outbox: background work that must happen is written to the database in
    the same transaction as the change that calls for it, and drained by the worker.

    It knows no other app: search and members register their handlers (``outbox.registry``)
    when their ``AppConfig.ready`` runs, in the web process and in the worker alike.
    """

    name = "outbox"
    verbose_name = _("Ausgangswarteschlange")
    default_auto_field = "django.db.models.BigAutoField"
