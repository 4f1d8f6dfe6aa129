"""What the Sitzungsdienst keeps of its own: each body's meeting settings (letterhead, signatories,
Ladungsfrist, text templates) and the versions of a meeting's invitation and minutes.

``MeetingSettings`` is a body-scoped admin record (``ris.access.ADMIN_BODY_PATHS``), edited in the
"Ratsunterlagen" menu (``proceedings.viewsets.MeetingSettingsViewSet``); staff see and change only
their bodies' settings. ``MeetingDocumentVersion`` is written only by ``proceedings.services``:
every published invitation, Nachtrag, geänderte Einladung and Niederschrift, with what changed,
the reason for a shortened Ladungsfrist, and a snapshot of the meeting it was made from.
``InvitationAutoPending`` is the automatic Nachtrag's note per invited meeting with unpublished
changes (``proceedings.invitation_auto``): since when they stand, and why they are held back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_SUMMONS_DAYS = 7
DEFAULT_QUIET_MINUTES = 15


class MeetingSettings(models.Model):
    """One body's rules and looks for its meetings' documents (GO: Form und Frist der Einladung)."""

    body = models.OneToOneField(
        "council_sessions.Body",
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        related_name="meeting_settings",
    )
    letterhead_name = models.CharField(
        _("Briefkopf: Name"), max_length=255, blank=True, help_text=_("leer: der Name der Körperschaft")
    )
    letterhead_address = models.TextField(_("Briefkopf: Anschrift"), blank=True)
    letterhead_logo = models.ImageField(
        _("Wappen oder Logo"), upload_to="briefkopf/", blank=True, help_text=_("PNG oder JPEG, erscheint oben rechts")
    )
    invitation_signatory = models.CharField(
        _("Einladung: Unterzeichner/in"), max_length=255, blank=True, help_text=_("leer: der oder die Vorsitzende")
    )
    invitation_signatory_function = models.CharField(
        _("Einladung: Funktion"), max_length=255, blank=True, default="Vorsitzende/r"
    )
    minutes_chair_function = models.CharField(
        _("Niederschrift: Funktion des Vorsitzes"), max_length=255, blank=True, default="Vorsitzende/r"
    )
    minutes_recorder_function = models.CharField(
        _("Niederschrift: Funktion der Protokollführung"), max_length=255, blank=True, default="Schriftführer/in"
    )
    default_location = models.ForeignKey(
        "council_sessions.Location",
        verbose_name=_("Üblicher Sitzungsort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_start_time = models.TimeField(_("Üblicher Sitzungsbeginn"), null=True, blank=True)
    summons_days = models.PositiveIntegerField(
        _("Ladungsfrist (Tage)"),
        default=DEFAULT_SUMMONS_DAYS,
        help_text=_("So viele Tage vor der Sitzung muss die Einladung veröffentlicht sein."),
    )
    invitation_intro = models.TextField(
        _("Einladung: einleitender Text"),
        blank=True,
        help_text=_("Platzhalter: {gremium}, {datum}, {uhrzeit}, {ort}"),
    )
    invitation_closing = models.TextField(_("Einladung: abschließender Text"), blank=True)
    minutes_intro = models.TextField(
        _("Niederschrift: einleitender Text"),
        blank=True,
        help_text=_("Platzhalter: {gremium}, {datum}, {uhrzeit}, {ort}"),
    )
    minutes_closing = models.TextField(_("Niederschrift: abschließender Text"), blank=True)
    # On by default: the GO wants members told of a changed agenda, and a change nobody publishes
    # leaves them uninformed (issue 20). Staff who prefer to publish by hand switch it off.
    invitation_auto_publish = models.BooleanField(
        _("Nachtrag automatisch veröffentlichen"),
        default=True,
        help_text=_(
            "Ändern sich nach der Einladung Termin, Ort oder Tagesordnung, wird der Nachtrag oder die "
            "geänderte Einladung veröffentlicht, sobald die Ruhezeit lang nichts mehr geändert wurde. "
            "Innerhalb der Ladungsfrist (Begründung nötig) bleibt er zur Veröffentlichung von Hand liegen."
        ),
    )
    invitation_quiet_minutes = models.PositiveIntegerField(
        _("Ruhezeit vor dem automatischen Nachtrag (Minuten)"),
        default=DEFAULT_QUIET_MINUTES,
        validators=[MinValueValidator(1)],
        help_text=_(
            "So viele Minuten ohne weitere Änderung; mehrere Änderungen kurz hintereinander ergeben einen Nachtrag."
        ),
    )

    class Meta:
        verbose_name = _("Sitzungseinstellungen")
        verbose_name_plural = _("Sitzungseinstellungen")
        ordering = ["body__name"]

    def __str__(self):
        return str(_("Sitzungseinstellungen: %(body)s") % {"body": self.body})


class DocumentKind(models.TextChoices):
    INVITATION = "einladung", _("Einladung")
    SUPPLEMENT = "nachtrag", _("Nachtrag zur Einladung")
    AMENDED = "geaendert", _("geänderte Einladung")
    MINUTES = "niederschrift", _("Niederschrift")
    MINUTES_CORRECTED = "berichtigt", _("berichtigte Niederschrift")


INVITATION_KINDS = (DocumentKind.INVITATION, DocumentKind.SUPPLEMENT, DocumentKind.AMENDED)


class MeetingDocumentVersion(models.Model):
    """One published version of a meeting's invitation or minutes; earlier versions stay."""

    meeting = models.ForeignKey("council_sessions.Meeting", on_delete=models.CASCADE, related_name="document_versions")
    kind = models.CharField(_("Art"), max_length=20, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("Fassung"))
    file = models.ForeignKey(
        "motions.File", verbose_name=_("Datei"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    members_file = models.ForeignKey(
        "motions.File",
        verbose_name=_("Fassung für Mitglieder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("Änderungen"), default=list, blank=True)
    reason = models.TextField(_("Begründung der verkürzten Ladungsfrist"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("veröffentlicht"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Fassung eines Sitzungsdokuments")
        verbose_name_plural = _("Fassungen der Sitzungsdokumente")
        ordering = ["meeting", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "number"], name="meeting_document_version_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.number})"

    @property
    def is_invitation(self) -> bool:
        return self.kind in INVITATION_KINDS


class RecordStatement(models.Model):
    """An Erklärung zu Protokoll: what a member asked to have recorded in the minutes at one agenda
    item. Written only by ``proceedings.services.agenda_item_statements_set`` (the results screen);
    the minutes' draft lists them under their item, so a non-public item's statements are only in
    the members' version."""

    agenda_item = models.ForeignKey(
        "council_sessions.AgendaItem", on_delete=models.CASCADE, related_name="record_statements"
    )
    speaker = models.CharField(_("Erklärt von"), max_length=255)
    person = models.ForeignKey(
        "council_sessions.Person",
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="record_statements",
        help_text=_("die Person des Gremiums mit diesem Namen, wenn es genau eine gibt"),
    )
    text = models.TextField(_("Erklärung"))
    order = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Erklärung zu Protokoll")
        verbose_name_plural = _("Erklärungen zu Protokoll")
        ordering = ["agenda_item", "order", "pk"]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"


class InvitationAutoHold(models.TextChoices):
    NONE = "", "–"
    SUMMONS = "ladungsfrist", _("Ladungsfrist unterschritten, Begründung nötig")
    DRAFT = "entwurf", _("Sitzung mit unveröffentlichtem Entwurf oder in Freigabe")
    FAILED = "fehler", _("Veröffentlichung fehlgeschlagen")


class InvitationAutoPending(models.Model):
    """What the automatic Nachtrag knows of one invited meeting's unpublished changes: since when
    the changes have stood as they are (``fingerprint`` of the meeting's snapshot) and why they
    are held back. Written only by ``proceedings.invitation_auto`` (the beat task); gone once the
    Nachtrag is published or nothing is pending. One row per meeting, so two runs never make two.
    """

    meeting = models.OneToOneField(
        "council_sessions.Meeting", on_delete=models.CASCADE, related_name="invitation_auto_pending"
    )
    fingerprint = models.CharField(max_length=64)
    since = models.DateTimeField(_("unverändert seit"))
    checked = models.DateTimeField(_("zuletzt geprüft"))
    hold = models.CharField(_("zurückgehalten"), max_length=20, choices=InvitationAutoHold.choices, blank=True)
    detail = models.TextField(_("Grund"), blank=True)

    class Meta:
        verbose_name = _("ausstehender automatischer Nachtrag")
        verbose_name_plural = _("ausstehende automatische Nachträge")

    def __str__(self):
        return f"{self.meeting_id}: {self.hold or '-'}"


class InvitationAutoSweep(models.Model):
    """When the automatic Nachtrag's check (beat task or ``publish_invitation_changes``) last ran:
    one row, so that staff are told, instead of promised a Nachtrag, when nothing runs the check
    (an installation without beat or cron)."""

    last_run = models.DateTimeField(_("zuletzt gelaufen"))

    class Meta:
        verbose_name = _("Prüfung auf automatische Nachträge")
        verbose_name_plural = _("Prüfungen auf automatische Nachträge")

    def __str__(self):
        return str(self.last_run)
