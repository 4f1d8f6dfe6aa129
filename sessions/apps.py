from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """Bodies, organizations, people, meetings, agenda items and votes.

    ``django.contrib.sessions`` already owns the label ``sessions`` (STYLE.md rule 2).
    """

    name = "sessions"
    label = "council_sessions"
    verbose_name = _("Gremien und Sitzungen")
    default_auto_field = "django.db.models.BigAutoField"
