"""Editorial pages of the public site (help, imprint, privacy, "Wie funktioniert der Stadtrat?").

They are Wagtail pages, edited under "Seiten" in the admin and served by Wagtail's page tree,
which comes last in ris/urls.py; the council records themselves are not pages.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from web import contrast

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


# --- the town's own look -----------------------------------------------------------------------

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Bitte eine Farbe als #RRGGBB angeben, z. B. #0b5394."))
DEFAULT_ACCENT = "#0b5394"
LOOK_IMAGE_HELP = _("PNG oder JPEG; wird in der Kopfzeile etwa 3 rem hoch gezeigt.")


def _contrast_errors(colour: str) -> dict:
    """A form error when the colour fails WCAG 2.1 AA: links on white and on the light grey
    panels, and white text on buttons and the header, all need 4.5:1 (checked against the panel
    grey, the lighter background's stricter twin)."""
    if not colour or not HEX_COLOUR.regex.match(colour):
        return {}
    ratio = contrast.ratio(colour, contrast.PANEL)
    if ratio >= contrast.AA_TEXT:
        return {}
    message = _(
        "Kontrast %(ratio)s:1 zu hellen Flächen ist zu gering; WCAG 2.1 AA verlangt mindestens 4,5:1. "
        "Bitte eine dunklere Farbe wählen."
    )
    return {"accent_colour": ValidationError(message, params={"ratio": f"{ratio:.2f}".replace(".", ",")})}


class LookFields(models.Model):
    """What a look consists of; shared by the installation's and each body's."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo oder Wappen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=LOOK_IMAGE_HELP,
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Symbol (Favicon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Quadratisch, mindestens 32 × 32 Pixel; das Symbol im Browser-Tab."),
    )
    imprint_url = models.CharField(
        _("Impressum (Adresse)"), max_length=300, blank=True, help_text=_("Leer: die Seite /impressum/.")
    )
    privacy_url = models.CharField(
        _("Datenschutz (Adresse)"), max_length=300, blank=True, help_text=_("Leer: die Seite /datenschutz/.")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = _contrast_errors(self.accent_colour)
        if errors:
            raise ValidationError(errors)


@register_setting(icon="image")
class SiteAppearance(ClusterableModel, LookFields, BaseGenericSetting):
    """The installation's name, logo, icon, colour and legal links (Wagtail: Einstellungen →
    Erscheinungsbild), with optional overrides per body below it; read by ``web.appearance``.

    Per-body looks are rows of this one setting (not snippets of their own) so that whoever may
    change the installation's look changes all of them, and no body's staff edits another's."""

    name = models.CharField(
        _("Name"),
        max_length=120,
        default="Ratsinformationssystem",
        help_text=_("Steht in der Kopfzeile und am Ende jedes Seitentitels."),
    )
    accent_colour = models.CharField(
        _("Akzentfarbe"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[HEX_COLOUR],
        help_text=_("Kopfzeile, Links und Schaltflächen; braucht mindestens 4,5:1 Kontrast zu Weiß."),
    )

    select_related = ["logo", "favicon"]

    panels = [
        FieldPanel("name"),
        FieldPanel("logo"),
        FieldPanel("favicon"),
        FieldPanel("accent_colour"),
        FieldPanel("imprint_url"),
        FieldPanel("privacy_url"),
        InlinePanel("body_appearances", heading=_("Je Körperschaft"), label=_("Erscheinungsbild einer Körperschaft")),
    ]

    class Meta:
        verbose_name = _("Erscheinungsbild")

    def __str__(self):
        return self.name


class BodyAppearance(LookFields, Orderable):
    """A body's own look on its pages (papers, meetings, committees, persons of that body);
    empty fields fall back to the installation's."""

    setting = ParentalKey(SiteAppearance, on_delete=models.CASCADE, related_name="body_appearances")
    body = models.OneToOneField(
        "council_sessions.Body", verbose_name=_("Körperschaft"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(
        _("Name"), max_length=120, blank=True, help_text=_("z. B. „Ratsinformationssystem der Stadt Aschersleben“")
    )
    accent_colour = models.CharField(
        _("Akzentfarbe"),
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("Leer: die Farbe der Installation."),
    )

    panels = [
        FieldPanel("body"),
        FieldPanel("name"),
        FieldPanel("logo"),
        FieldPanel("favicon"),
        FieldPanel("accent_colour"),
        FieldPanel("imprint_url"),
        FieldPanel("privacy_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Erscheinungsbild einer Körperschaft")

    def __str__(self):
        return self.name or str(self.body_id)
