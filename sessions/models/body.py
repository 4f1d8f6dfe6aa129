"""Body (Körperschaft), LegislativeTerm (Wahlperiode) and Location (Ort): OParl 1.1 ch. 3.2/3.3/3.13."""

from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ris.models import Record


class Body(Record):
    """A municipality or district. One installation serves several bodies, each with its own staff."""

    name = models.CharField(_("Name"), max_length=255)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    slug = models.SlugField(_("Kurzadresse"), max_length=100, unique=True)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"), max_length=8, blank=True, help_text=_("Acht Ziffern, z. B. 15089015.")
    )
    rgs = models.CharField(_("Regionalschlüssel"), max_length=12, blank=True)
    classification = models.CharField(_("Art"), max_length=100, blank=True, help_text=_("z. B. Stadt, Landkreis"))
    website = models.URLField(_("Webseite"), blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_name = models.CharField(_("Kontakt"), max_length=255, blank=True)
    location = models.ForeignKey(
        "council_sessions.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff_group = models.ForeignKey(
        Group,
        verbose_name=_("Verwaltungsgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staffed_bodies",
        help_text=_("Wer in dieser Gruppe ist, sieht alle Datensätze dieser Körperschaft, auch nichtöffentliche."),
    )
    answer_deadline_days = models.PositiveSmallIntegerField(
        _("Antwortfrist für Anfragen (Tage)"), default=28, help_text=_("z. B. 28 Tage = vier Wochen")
    )
    members_see_council_nonpublic = models.BooleanField(
        _("Alle Ratsmitglieder sehen nichtöffentliche Ratsunterlagen"), default=False
    )

    class Meta:
        verbose_name = _("Körperschaft")
        verbose_name_plural = _("Körperschaften")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name)[:100]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("web:body", kwargs={"slug": self.slug})


class LegislativeTerm(Record):
    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="legislative_terms"
    )
    name = models.CharField(_("Name"), max_length=100, help_text=_("z. B. VII oder 2019–2024"))
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")
        ordering = ["body", "-start_date"]

    def __str__(self):
        return f"{self.name} ({self.body})"


class Location(Record):
    """A place: a meeting room, an address a paper concerns. ``geojson`` holds an OParl Feature."""

    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=255, blank=True)
    room = models.CharField(_("Raum"), max_length=255, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    locality = models.CharField(_("Ort"), max_length=255, blank=True)
    geojson = models.JSONField(_("GeoJSON"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")

    def __str__(self):
        parts = [
            self.description,
            self.room,
            self.street_address,
            " ".join(filter(None, [self.postal_code, self.locality])),
        ]
        return ", ".join(p for p in parts if p) or _("Ort %(pk)s") % {"pk": self.pk}
