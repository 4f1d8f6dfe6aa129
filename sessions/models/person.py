"""Person and Membership (OParl 1.1 ch. 3.6/3.7). Contact data is private unless the person chose otherwise."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from ris.models import Record


class Person(Record, ClusterableModel):
    body = models.ForeignKey(
        "council_sessions.Body", verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="persons"
    )
    name = models.CharField(_("Name"), max_length=255, help_text=_("Wie angezeigt, z. B. „Oliver Dedow“"))
    family_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    given_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    form_of_address = models.CharField(_("Anrede"), max_length=50, blank=True)
    title = models.CharField(_("Titel"), max_length=100, blank=True, help_text=_("z. B. Dr., Bürgermeister"))
    affix = models.CharField(_("Namenszusatz"), max_length=100, blank=True)
    gender = models.CharField(_("Geschlecht"), max_length=20, blank=True)
    status = models.CharField(
        _("Funktion"), max_length=255, blank=True, help_text=_("z. B. Oberbürgermeister, Ratsfrau")
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    contact_public = models.BooleanField(
        _("Kontaktdaten öffentlich"), default=False, help_text=_("Nur mit Zustimmung der Person.")
    )
    life_source = models.CharField(_("Quelle Lebenslauf"), max_length=255, blank=True)
    location = models.ForeignKey(
        "council_sessions.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
        help_text=_("OParl Person.location, z. B. aus einem importierten Ratsinformationssystem."),
    )

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["family_name", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:person", kwargs={"pk": self.pk, "slug": slugify(self.name) or "p"})


class Membership(Record):
    person = ParentalKey(Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "council_sessions.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("Rolle"), max_length=255, blank=True, help_text=_("z. B. Vorsitzende, Mitglied, Stellvertreter")
    )
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    start_date = models.DateField(_("von"), null=True, blank=True)
    end_date = models.DateField(_("bis"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        "council_sessions.Organization",
        verbose_name=_("für Fraktion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegated_memberships",
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["organization", "-start_date"]

    def __str__(self):
        return f"{self.person} – {self.organization} ({self.role or _('Mitglied')})"

    def is_active_on(self, day) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)
