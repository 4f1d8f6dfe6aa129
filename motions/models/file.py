"""File (Datei), OParl 1.1 ch. 3.12: a stored document, its checksum and its text page by page.

A file belongs to a paper, a meeting or an agenda item and is public exactly when its owner is
(``ris.access.file_q``). Files that arrived without an owner (a failed legacy import) are kept
and visible to their body's staff only: nothing that was given to us is lost.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ris import access
from ris.models import Record, RecordQuerySet


class FileRole(models.TextChoices):
    MAIN = "hauptdatei", _("Hauptdatei")
    ATTACHMENT = "anlage", _("Anlage")
    INVITATION = "einladung", _("Einladung")
    RESULTS_PROTOCOL = "niederschrift", _("Niederschrift")
    VERBATIM_PROTOCOL = "wortprotokoll", _("Wortprotokoll")
    RESOLUTION = "beschluss", _("Beschluss")


class ExtractionState(models.TextChoices):
    WAITING = "wartend", _("wartet")
    RUNNING = "laeuft", _("läuft")
    DONE = "fertig", _("fertig")
    # Done, with (some) pages read by OCR from their image; ``File.ocr_confidence`` says how sure.
    OCR = "ocr", _("Texterkennung (OCR)")
    NO_TEXT = "kein_text", _("keine Textebene (Scan)")
    FAILED = "fehler", _("fehlgeschlagen")


class FileQuerySet(RecordQuerySet):
    def visible_to(self, user):
        return self.filter(access.file_q(user))


def upload_path(instance, filename: str) -> str:
    digest = instance.sha256 or "unhashed"
    return f"files/{digest[:2]}/{digest}/{filename}"


def public_upload_path(instance, filename: str) -> str:
    return f"public/{instance.pk}/{filename}"


class File(Record):
    body = models.ForeignKey(
        "council_sessions.Body", verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="files"
    )
    name = models.CharField(_("Name"), max_length=500)
    file = models.FileField(_("Datei"), upload_to=upload_path, max_length=500, blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=255, blank=True)
    media_type = models.CharField(_("Medientyp"), max_length=100, blank=True, default="application/pdf")
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    sha512 = models.CharField(_("SHA-512"), max_length=128, blank=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    role = models.CharField(_("Rolle"), max_length=20, choices=FileRole.choices, default=FileRole.ATTACHMENT)
    paper = models.ForeignKey(
        "motions.Paper",
        verbose_name=_("Vorlage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    meeting = models.ForeignKey(
        "council_sessions.Meeting",
        verbose_name=_("Sitzung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    agenda_item = models.ForeignKey(
        "council_sessions.AgendaItem",
        verbose_name=_("Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    external_url = models.URLField(_("Herkunft"), max_length=1000, blank=True, help_text=_("accessUrl beim Import"))
    page_count = models.PositiveIntegerField(_("Seiten"), null=True, blank=True)
    text = models.TextField(_("Text"), blank=True)
    extraction_state = models.CharField(
        _("Texterkennung"),
        max_length=20,
        choices=ExtractionState.choices,
        default=ExtractionState.WAITING,
        db_index=True,
    )
    extraction_error = models.TextField(_("Fehler"), blank=True)
    ocr_confidence = models.FloatField(
        _("OCR-Sicherheit"), null=True, blank=True, help_text=_("Mittlere Sicherheit der Texterkennung (0–1)")
    )
    extracted_at = models.DateTimeField(_("Text erkannt am"), null=True, blank=True)
    # The redacted public version ("Veröffentlichungsfassung"), written by the privacy app. When
    # ``public_version`` is set, everybody who may not read the original gets ``public_file`` and
    # ``public_text`` (and each page's ``public_text``) instead; without a public file they get none.
    public_version = models.BooleanField(_("Veröffentlichungsfassung"), default=False)
    public_file = models.FileField(_("öffentliche Fassung"), upload_to=public_upload_path, max_length=500, blank=True)
    public_text = models.TextField(_("öffentlicher Text"), blank=True)

    objects = FileQuerySet.as_manager()

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        ordering = ["role", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def owner(self):
        return self.agenda_item or self.paper or self.meeting

    def get_absolute_url(self):
        return reverse("web:file", kwargs={"pk": self.pk})

    @property
    def extraction_summary(self) -> str:
        """The state as staff read it: "fertig (12 Seiten)", "fehlgeschlagen: <Grund>"."""
        label = self.get_extraction_state_display()
        if self.extraction_state == ExtractionState.DONE:
            n = self.page_count or 0
            return ngettext("%(state)s (%(n)d Seite)", "%(state)s (%(n)d Seiten)", n) % {"state": label, "n": n}
        if self.extraction_state == ExtractionState.OCR:
            n = self.page_count or 0
            return ngettext(
                "%(state)s (%(n)d Seite, %(confidence)d %% sicher)",
                "%(state)s (%(n)d Seiten, %(confidence)d %% sicher)",
                n,
            ) % {"state": label, "n": n, "confidence": round((self.ocr_confidence or 0) * 100)}
        if self.extraction_state == ExtractionState.FAILED and self.extraction_error:
            return f"{label}: {self.extraction_error}"
        return str(label)

    def shows_original(self, user) -> bool:
        return not self.public_version or access.sees_original(user, self)

    def stored_for(self, user):
        """The stored document ``user`` gets: the original, or the redacted public version (or
        an empty field when that is still missing: never the original in its place)."""
        return self.file if self.shows_original(user) else self.public_file

    def text_for(self, user) -> str:
        return self.text if self.shows_original(user) else self.public_text

    def pages_for(self, user) -> list:
        """The pages with the text ``user`` may read (the public text unless the original is theirs)."""
        pages = list(self.pages.all())
        if not self.shows_original(user):
            for page in pages:
                page.text = page.public_text or ""
        return pages

    def get_download_url(self):
        return reverse("web:file_download", kwargs={"pk": self.pk, "name": self.file_name or "datei.pdf"})


class FilePage(models.Model):
    """The extracted text of one page, so that a search hit can say "Seite 7"."""

    file = models.ForeignKey(File, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("Seite"))
    text = models.TextField(_("Text"), blank=True)
    public_text = models.TextField(_("öffentlicher Text"), null=True, blank=True)

    class Meta:
        verbose_name = _("Dateiseite")
        verbose_name_plural = _("Dateiseiten")
        ordering = ["file", "number"]
        constraints = [models.UniqueConstraint(fields=["file", "number"], name="file_page_unique")]

    def __str__(self):
        return f"{self.file} – Seite {self.number}"
