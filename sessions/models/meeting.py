"""Meeting (Sitzung), AgendaItem (TOP) and attendance (OParl 1.1 ch. 3.8/3.9).

Meetings are Wagtail snippets with drafts, revisions, locking and the Freigabe workflow; agenda
items are their inline children, so an agenda is edited and published together with its meeting.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from ris import access
from ris.models import Record, RecordQuerySet


class Result(models.TextChoices):
    """The outcome of a consultation, agenda item or vote."""

    ADOPTED = "angenommen", _("angenommen")
    REJECTED = "abgelehnt", _("abgelehnt")
    ADOPTED_AMENDED = "mit_aenderungen", _("mit Änderungen angenommen")
    NOTED = "kenntnis", _("zur Kenntnis genommen")
    POSTPONED = "vertagt", _("vertagt")
    REFERRED = "verwiesen", _("verwiesen")
    WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
    NO_VOTE = "ohne_votum", _("ohne Votum")


class MeetingState(models.TextChoices):
    SCHEDULED = "geplant", _("geplant")
    INVITED = "eingeladen", _("eingeladen")
    HELD = "durchgefuehrt", _("durchgeführt")
    CANCELLED = "abgesagt", _("abgesagt")


class MeetingQuerySet(RecordQuerySet):
    def visible_to(self, user):
        return self.filter(access.meeting_q(user))

    def upcoming(self):
        return self.filter(start__gte=timezone.now()).order_by("start")


class Meeting(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, Record, ClusterableModel):
    organization = models.ForeignKey(
        "council_sessions.Organization", verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(
        _("Sitzungsnummer"), null=True, blank=True, help_text=_("z. B. 18 für die 18. Sitzung")
    )
    name = models.CharField(
        _("Bezeichnung"), max_length=255, blank=True, help_text=_("leer: „18. Sitzung des Hauptausschusses“")
    )
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(
        "council_sessions.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    # Blank = unknown: an imported meeting whose source gives no meetingState keeps it unknown.
    state = models.CharField(
        _("Status"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED, blank=True
    )
    state_text = models.CharField(
        _("Status (wie in der Quelle)"), max_length=100, blank=True, help_text=_("wörtlich aus dem Quellsystem")
    )
    # Who leads and who records the meeting, and who attended without a seat: the Niederschrift
    # names them (GO: Inhalt der Niederschrift). Text, because a deputy or guest need not be a Person.
    chair = models.CharField(
        _("Vorsitz"), max_length=255, blank=True, help_text=_("leer: die Person mit der Rolle „Vorsitz“ im Gremium")
    )
    recorder = models.CharField(_("Schriftführer/in"), max_length=255, blank=True)
    guests = models.TextField(_("Gäste"), blank=True, help_text=_("eine Person je Zeile, z. B. „Frau Kühn (Presse)“"))
    participants = models.ManyToManyField(
        "council_sessions.Person", through="council_sessions.Attendance", related_name="meetings_attended", blank=True
    )
    minutes_text = models.TextField(
        _("Niederschrift (Entwurf)"),
        blank=True,
        help_text=_("Aus den erfassten Ergebnissen erzeugt; vor dem Veröffentlichen bearbeitbar."),
    )
    corrected_at = models.DateTimeField(_("berichtigt am"), null=True, blank=True)
    correction_note = models.CharField(_("Berichtigung"), max_length=500, blank=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="meeting",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="meeting",
        for_concrete_model=False,
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-start"]
        indexes = [models.Index(fields=["organization", "start"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        org = self.organization.name if self.organization_id else ""
        if self.number:
            return _("%(number)s. Sitzung: %(org)s") % {"number": self.number, "org": org}
        return _("Sitzung: %(org)s") % {"org": org}

    @property
    def body(self):
        return self.organization.body

    @property
    def cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    def get_absolute_url(self):
        day = date_format(timezone.localtime(self.start), "Y-m-d") if self.start else ""
        return reverse(
            "web:meeting",
            kwargs={
                "pk": self.pk,
                "slug": slugify(f"{self.organization.short_name or self.organization.name} {day}") or "s",
            },
        )


class AgendaItemQuerySet(RecordQuerySet):
    def visible_to(self, user):
        return self.filter(access.agenda_item_q(user))


class AgendaItem(Record):
    meeting = ParentalKey(Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("Nummer"), max_length=20, blank=True, help_text=_("z. B. „Ö 3.2“ oder „N 1“"))
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0, editable=False)
    name = models.CharField(_("Thema"), max_length=1000)
    public = models.BooleanField(_("öffentlich"), default=True)
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices, blank=True)
    result_text = models.TextField(
        _("Ergebnis (wie in der Quelle)"),
        blank=True,
        help_text=_("Das Ergebnis wörtlich aus dem Quellsystem, z. B. „einstimmig, 0 Enthaltungen“."),
    )
    resolution_text = models.TextField(_("Beschlusstext"), blank=True)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)

    sort_order_field = "order"
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["meeting", "order"]

    def __str__(self):
        return f"{self.number} {self.name}".strip()

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#top-{self.pk}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "anwesend", _("anwesend")
        EXCUSED = "entschuldigt", _("entschuldigt")
        ABSENT = "abwesend", _("abwesend")

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "council_sessions.Person", verbose_name=_("Person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("Anwesenheit"), max_length=20, choices=Status.choices, default=Status.PRESENT)
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheit")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"
