"""What the privacy app keeps: redactions, findings, retention rules and their runs.

Redactions are the source of truth for a record's public version; ``privacy.services`` writes
the public version into the domain's generic fields (``File.public_file``/``public_text``,
``FilePage.public_text``, ``Paper.public_texts``) that the surfaces read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperTextField(models.TextChoices):
    RESOLUTION_PROPOSAL = "resolution_proposal", _("Beschlussvorschlag")
    REASONING = "reasoning", _("Begründung")
    FACTS = "facts", _("Sachverhalt")
    FUNDING = "funding", _("Deckungsvorschlag")


class FindingField(models.TextChoices):
    """Where in a paper a finding stands: a text section, or the subject (which is not redacted
    but changed in the paper's form, since it names the paper everywhere)."""

    SUBJECT = "name", _("Betreff")
    RESOLUTION_PROPOSAL = "resolution_proposal", _("Beschlussvorschlag")
    REASONING = "reasoning", _("Begründung")
    FACTS = "facts", _("Sachverhalt")
    FUNDING = "funding", _("Deckungsvorschlag")


class FileRedaction(models.Model):
    """A passage of a file's page (its words' box in pdfminer's page space) that is not public."""

    file = models.ForeignKey(
        "motions.File", verbose_name=_("Datei"), on_delete=models.CASCADE, related_name="redactions"
    )
    page = models.PositiveIntegerField(_("Seite"))
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    text = models.CharField(_("geschwärzter Text"), max_length=1000)
    reason = models.CharField(_("Grund"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Schwärzung in einer Datei")
        verbose_name_plural = _("Schwärzungen in Dateien")
        ordering = ["file", "page", "-y1", "x0"]

    def __str__(self):
        return f"{self.file} S. {self.page}: {self.text}"


class TextRedaction(models.Model):
    """A passage of a paper's text section that is not public."""

    paper = models.ForeignKey(
        "motions.Paper", verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="text_redactions"
    )
    field = models.CharField(_("Abschnitt"), max_length=30, choices=PaperTextField.choices)
    text = models.CharField(_("geschwärzter Text"), max_length=1000)
    reason = models.CharField(_("Grund"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Schwärzung im Text einer Vorlage")
        verbose_name_plural = _("Schwärzungen in Texten")

    def __str__(self):
        return f"{self.paper}: {self.text}"


class FindingStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    REDACTED = "geschwaerzt", _("geschwärzt")
    DISMISSED = "verworfen", _("verworfen")


class FindingCategory(models.TextChoices):
    """The finder's categories (``privacy.detect``), with the labels staff read."""

    EMAIL = "email", _("E-Mail-Adresse")
    PHONE = "phone", _("Telefonnummer")
    IBAN = "iban", _("IBAN")
    BIRTHDATE = "birthdate", _("Geburtsdatum")
    ADDRESS = "address", _("Anschrift")
    NAME = "name", _("Name einer Privatperson")


class Finding(models.Model):
    """Likely personal data in what a paper would make public (its text sections or a file's page)."""

    paper = models.ForeignKey("motions.Paper", on_delete=models.CASCADE, related_name="privacy_findings")
    file = models.ForeignKey("motions.File", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    page = models.PositiveIntegerField(_("Seite"), null=True, blank=True)
    field = models.CharField(_("Abschnitt"), max_length=30, blank=True, choices=FindingField.choices)
    category = models.CharField(_("Art"), max_length=20, choices=FindingCategory.choices)
    text = models.CharField(_("Fundstelle"), max_length=1000)
    status = models.CharField(_("Stand"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden"), null=True, blank=True)
    created_at = models.DateTimeField(_("gefunden"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fund personenbezogener Daten")
        verbose_name_plural = _("Funde personenbezogener Daten")
        ordering = ["paper", "file", "page", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "file", "page", "field", "category", "text"],
                name="privacy_finding_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.category}: {self.text}"


class RetentionSubject(models.TextChoices):
    NONPUBLIC_PAPERS = "nichtoeffentliche_vorlagen", _("Nichtöffentliche Vorlagen (nach Datum)")
    NONPUBLIC_FILES = "nichtoeffentliche_dateien", _("Dateien nichtöffentlicher Vorlagen und Tagesordnungspunkte")
    FORMER_MEMBER_CONTACTS = (
        "kontakt_ehemaliger",
        _("Kontaktdaten ehemaliger Mitglieder (nach Ende der letzten Mitgliedschaft)"),
    )
    PETITION_PERSONAL_DATA = "petitionen", _("Personenbezogene Daten in erledigten Vorlagen einer Art")


class RetentionAction(models.TextChoices):
    DELETE = "loeschen", _("löschen")
    ANONYMISE = "anonymisieren", _("anonymisieren")


class RetentionRule(models.Model):
    """How long a body keeps what: after ``years``, the records of ``subject`` are deleted or anonymised."""

    body = models.ForeignKey(
        "council_sessions.Body",
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    subject = models.CharField(_("Was"), max_length=40, choices=RetentionSubject.choices)
    paper_type = models.CharField(
        _("Vorlagenart"),
        max_length=30,
        blank=True,
        help_text=_("Nur bei personenbezogenen Daten in Vorlagen einer Art"),
    )
    years = models.PositiveIntegerField(_("nach Jahren"))
    action = models.CharField(_("Aktion"), max_length=20, choices=RetentionAction.choices)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Aufbewahrungsregel")
        verbose_name_plural = _("Aufbewahrungsregeln")
        ordering = ["body", "subject"]

    def __str__(self):
        return f"{self.body}: {self.get_subject_display()} – {self.years} J. – {self.get_action_display()}"


class RetentionRun(models.Model):
    """One run of the retention rules (a dry run is the report staff read before)."""

    ran_at = models.DateTimeField(_("gelaufen"), auto_now_add=True)
    today = models.DateField(_("Stichtag"))
    dry_run = models.BooleanField(_("Probelauf"))
    report = models.JSONField(_("Bericht"), default=list)

    class Meta:
        verbose_name = _("Aufbewahrungslauf")
        verbose_name_plural = _("Aufbewahrungsläufe")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.today} ({'Probelauf' if self.dry_run else 'ausgeführt'})"
