"""Consultation: one step of a paper's Beratungsfolge (OParl 1.1 ch. 3.11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from ris import access
from ris.models import Record, RecordQuerySet
from sessions.models import Result


class ConsultationRole(models.TextChoices):
    PRELIMINARY = "vorberatung", _("Vorberatung")
    DECISION = "entscheidung", _("Entscheidung")
    NOTICE = "kenntnisnahme", _("Kenntnisnahme")
    ADMINISTRATION = "verwaltung", _("Verwaltungsberatung")


class ConsultationQuerySet(RecordQuerySet):
    def visible_to(self, user):
        return self.filter(access.consultation_q(user))


class Consultation(Record):
    paper = ParentalKey(
        "motions.Paper", verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="consultations"
    )
    organization = models.ForeignKey(
        "council_sessions.Organization",
        verbose_name=_("Gremium"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    # Blank/None = unknown: an imported step whose source names no role or says nothing about
    # being authoritative keeps that unknown (nothing invented).
    role = models.CharField(
        _("Rolle"), max_length=20, choices=ConsultationRole.choices, default=ConsultationRole.PRELIMINARY, blank=True
    )
    role_text = models.CharField(
        _("Rolle (wie in der Quelle)"), max_length=255, blank=True, help_text=_("wörtlich aus dem Quellsystem")
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0, editable=False)
    authoritative = models.BooleanField(
        _("entscheidet"), default=False, null=True, help_text=_("Dieses Gremium beschließt abschließend.")
    )
    meeting = models.ForeignKey(
        "council_sessions.Meeting",
        verbose_name=_("Sitzung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    agenda_item = models.ForeignKey(
        "council_sessions.AgendaItem",
        verbose_name=_("Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices, blank=True)

    sort_order_field = "order"
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")
        ordering = ["paper", "order", "pk"]

    def __str__(self):
        role = self.get_role_display() or self.role_text
        return f"{self.organization} ({role})" if role else str(self.organization)
