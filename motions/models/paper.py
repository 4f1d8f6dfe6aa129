"""Paper (Drucksache/Vorlage), OParl 1.1 ch. 3.10.

A Wagtail snippet with drafts, revisions, locking and the Freigabe workflow; its Beratungsfolge
(``Consultation``) is an inline child so that routing is edited in one place with the paper.
Files are not children: their extraction state is written by background tasks and must not be
rolled back by publishing an older revision.
"""

from datetime import timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from ris import access
from ris.models import Record, RecordQuerySet


class PaperType(models.TextChoices):
    MOTION = "antrag", _("Antrag")
    AMENDMENT = "aenderungsantrag", _("Änderungsantrag")
    INQUIRY = "anfrage", _("Anfrage")
    ANSWER = "antwort", _("Antwort/Stellungnahme")
    RESOLUTION_PROPOSAL = "beschlussvorlage", _("Beschlussvorlage")
    INFORMATION = "informationsvorlage", _("Informationsvorlage")
    NOTICE = "mitteilung", _("Mitteilung")
    MINUTES = "niederschrift", _("Niederschrift")
    INVITATION = "einladung", _("Einladung")
    OTHER = "sonstiges", _("Sonstiges")


class PaperState(models.TextChoices):
    """Where a paper stands in its Beratungsfolge; moved only by motions.services."""

    SUBMITTED = "eingereicht", _("eingereicht")
    IN_CONSULTATION = "in_beratung", _("in Beratung")
    ADOPTED = "beschlossen", _("beschlossen")
    REJECTED = "abgelehnt", _("abgelehnt")
    NOTED = "zur_kenntnis", _("zur Kenntnis genommen")
    ANSWERED = "beantwortet", _("beantwortet")
    WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
    SETTLED = "erledigt", _("erledigt")


# States in which a paper's matter is over: no answer or step is still awaited.
SETTLED_STATES = {"beschlossen", "abgelehnt", "zur_kenntnis", "beantwortet", "zurueckgezogen", "erledigt"}


class PaperQuerySet(RecordQuerySet):
    def visible_to(self, user):
        return self.filter(access.paper_q(user))


class Paper(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, Record, ClusterableModel):
    body = models.ForeignKey(
        "council_sessions.Body", verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="papers"
    )
    reference = models.CharField(
        _("Drucksachennummer"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("z. B. A/0006/2019; leer lassen für die nächste freie Nummer"),
    )
    paper_type = models.CharField(
        _("Art"), max_length=30, choices=PaperType.choices, default=PaperType.RESOLUTION_PROPOSAL
    )
    paper_type_text = models.CharField(
        _("Art (wie in der Quelle)"),
        max_length=255,
        blank=True,
        help_text=_("Die Bezeichnung der Art wörtlich aus dem System, aus dem die Vorlage stammt."),
    )
    name = models.CharField(_("Betreff"), max_length=1000)
    date = models.DateField(_("Datum"), null=True, blank=True, db_index=True)
    public = models.BooleanField(_("öffentlich"), default=True)
    state = models.CharField(_("Stand"), max_length=20, choices=PaperState.choices, default=PaperState.SUBMITTED)
    originator_persons = models.ManyToManyField(
        "council_sessions.Person", verbose_name=_("Einreicher (Personen)"), blank=True, related_name="originated_papers"
    )
    originator_organizations = models.ManyToManyField(
        "council_sessions.Organization",
        verbose_name=_("Einreicher (Organisationen)"),
        blank=True,
        related_name="originated_papers",
    )
    lead_unit = models.ForeignKey(
        "council_sessions.Organization",
        verbose_name=_("federführend"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_papers",
    )
    responsible_person = models.ForeignKey(
        "council_sessions.Person",
        verbose_name=_("Dezernent/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_papers",
    )
    clerk = models.ForeignKey(
        "council_sessions.Person",
        verbose_name=_("Bearbeiter/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clerked_papers",
    )
    file_number = models.CharField(_("Aktenzeichen"), max_length=100, blank=True)
    resolution_proposal = RichTextField(_("Beschlussvorschlag"), blank=True)
    reasoning = RichTextField(_("Begründung"), blank=True)
    facts = RichTextField(_("Sachverhalt"), blank=True)
    funding = RichTextField(_("Deckungsvorschlag"), blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("ändert Antrag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amendments",
    )
    answers = models.ForeignKey(
        "self",
        verbose_name=_("beantwortet Anfrage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_by",
    )
    related_papers = models.ManyToManyField("self", verbose_name=_("verwandte Vorlagen"), blank=True, symmetrical=True)
    locations = models.ManyToManyField(
        "council_sessions.Location", verbose_name=_("Orte"), blank=True, related_name="papers"
    )
    answer_deadline = models.DateField(_("Antwort fällig am"), null=True, blank=True)
    archived = models.BooleanField(
        _("Archiv"),
        default=False,
        help_text=_("Ein abgeschlossener historischer Vorgang: keine Fristen, keine Beschlusskontrolle."),
    )
    corrected_at = models.DateTimeField(_("berichtigt am"), null=True, blank=True)
    correction_note = models.CharField(_("Berichtigung"), max_length=500, blank=True)
    needs_review = models.BooleanField(
        _("Prüfung nötig"), default=False, help_text=_("Automatisch erkannt; bitte prüfen.")
    )
    recognition = models.JSONField(
        _("Erkennung"), default=dict, blank=True, help_text=_("Je Feld: erkannter Wert und Sicherheit")
    )
    # The redacted public text of the text sections that have redactions ({field: html}), written
    # by the privacy app; served to everybody who may not read the original (``texts_for``).
    public_texts = models.JSONField(_("öffentliche Fassung der Texte"), default=dict, blank=True, editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="paper",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="paper",
        for_concrete_model=False,
    )

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"],
                condition=~models.Q(reference=""),
                name="paper_reference_unique_per_body",
                violation_error_message=_("Diese Drucksachennummer ist in dieser Körperschaft schon vergeben."),
            )
        ]
        indexes = [models.Index(fields=["body", "paper_type", "date"])]

    def __str__(self):
        return f"{self.reference}: {self.name}" if self.reference else self.name

    def save(self, *args, **kwargs):
        self.fill_defaults()
        super().save(*args, **kwargs)

    def fill_defaults(self) -> None:
        """What every save fills in: the next reference number, the answer deadline. Bulk writers
        (``bulk_create`` skips ``save``) call it themselves."""
        # An archived paper whose number was not recognised must not be given today's next number.
        if not self.reference and self.body_id and self.paper_type and not getattr(self, "keep_reference_blank", False):
            from motions.numbering import reference_next_or_blank

            self.reference = reference_next_or_blank(body=self.body, paper_type=self.paper_type, day=self.date)
        if self.answer_deadline is None and self.body_id:
            self.answer_deadline = self.default_answer_deadline()

    def get_absolute_url(self):
        return reverse(
            "web:paper", kwargs={"pk": self.pk, "slug": slugify(self.reference.replace("/", "-")) or "vorlage"}
        )

    TEXT_FIELDS = ("resolution_proposal", "reasoning", "facts", "funding")

    def texts_for(self, user) -> dict[str, str]:
        """The text sections as ``user`` may read them: redacted ones from ``public_texts``
        unless the user may read the original (``ris.access.sees_original``)."""
        texts = {name: getattr(self, name) for name in self.TEXT_FIELDS}
        if self.public_texts and not access.sees_original(user, self):
            texts.update({k: v for k, v in self.public_texts.items() if k in texts})
        return texts

    def public_text_sections(self) -> list[str]:
        """The text sections as the public reads them (search index, alerts, feeds)."""
        return [self.public_texts.get(name, getattr(self, name)) for name in self.TEXT_FIELDS]

    @property
    def main_file(self):
        from motions.models.file import FileRole

        return self.files.filter(role=FileRole.MAIN, deleted=False).first()

    @property
    def is_inquiry(self) -> bool:
        return self.paper_type == PaperType.INQUIRY

    @property
    def is_current(self) -> bool:
        """Deadlines, "überfällig" and the Beschlusskontrolle apply to current matters only, not to the archive."""
        return not self.archived and self.state not in SETTLED_STATES

    def default_answer_deadline(self):
        if self.paper_type != PaperType.INQUIRY or not self.date:
            return None
        return self.date + timedelta(days=self.body.answer_deadline_days)
