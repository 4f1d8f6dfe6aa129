from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The public site: pages per paper, meeting, organization, person and body; feeds, calendars."""

    name = "web"
    verbose_name = _("Öffentliche Seiten")
