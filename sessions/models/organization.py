"""Organization: Gremium, Fraktion, Verwaltungseinheit (OParl 1.1 ch. 3.5)."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ris.models import Record, RecordQuerySet


class OrganizationType(models.TextChoices):
    COMMITTEE = "gremium", _("Gremium")
    FACTION = "fraktion", _("Fraktion")
    ADMINISTRATION = "verwaltung", _("Verwaltungseinheit")
    PARTY = "partei", _("Partei")
    OTHER = "sonstiges", _("Sonstiges")


class OrganizationQuerySet(RecordQuerySet):
    def committees(self):
        return self.filter(organization_type=OrganizationType.COMMITTEE)


class Organization(Record):
    body = models.ForeignKey(
        "council_sessions.Body", verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="organizations"
    )
    name = models.CharField(_("Name"), max_length=255)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    organization_type = models.CharField(
        _("Typ"), max_length=20, choices=OrganizationType.choices, default=OrganizationType.COMMITTEE
    )
    organization_type_text = models.CharField(
        _("Typ (wie in der Quelle)"), max_length=255, blank=True, help_text=_("wörtlich aus dem Quellsystem")
    )
    classification = models.CharField(
        _("Art"), max_length=100, blank=True, help_text=_("z. B. Ausschuss, Rat, Dezernat, Amt")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    start_date = models.DateField(_("gegründet"), null=True, blank=True)
    end_date = models.DateField(_("aufgelöst"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("stimmberechtigte Sitze"),
        null=True,
        blank=True,
        help_text=_("Gilt für Abstimmungen, wenn keine Mitgliedschaften mit Stimmrecht erfasst sind."),
    )
    website = models.URLField(_("Webseite"), blank=True)
    location = models.ForeignKey(
        "council_sessions.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["body", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:organization", kwargs={"pk": self.pk, "slug": slugify(self.short_name or self.name) or "o"})
