"""Editorial pages of the public site (help, imprint, privacy, "Wie funktioniert der Stadtrat?").

They are Wagtail pages, edited under "Seiten" in the admin and served by Wagtail's page tree,
which comes last in ris/urls.py; the council records themselves are not pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

EXPLAINER_SLUG = "wie-funktioniert-der-stadtrat"


class ContentPage(Page):
    intro = models.TextField(
        _("Kurzfassung"),
        blank=True,
        help_text=_("Zwei, drei Sätze in einfacher Sprache; erscheint auch auf der Startseite."),
    )
    body = RichTextField(_("Text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    template = "web/content_page.html"

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
