"""What the importer remembers between runs: sync points, problems per object, file download state.

Imported records themselves live in the domain models, matched by ``Record.oparl_id``. These three
tables make a run incremental (``SyncState``: the last successful run per body), accountable
(``ImportProblem``: what could not be imported, and why) and polite to the source
(``RemoteFile``: a file that failed to download is tried again on a back-off schedule).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncState(models.Model):
    """The start time of the last complete run for one body of a remote system."""

    body_url = models.URLField(_("Body-URL"), max_length=500, unique=True)
    system_url = models.URLField(_("System-URL"), max_length=500, blank=True)
    synced_at = models.DateTimeField(_("zuletzt vollständig abgeglichen"))

    class Meta:
        verbose_name = _("OParl-Abgleich")
        verbose_name_plural = _("OParl-Abgleiche")

    def __str__(self):
        return f"{self.body_url} @ {self.synced_at:%Y-%m-%d %H:%M}"


class ImportProblem(models.Model):
    """One object (or list, or file) the importer could not take over, with the reason."""

    url = models.URLField(_("URL"), max_length=1000, db_index=True)
    object_type = models.CharField(_("Typ"), max_length=50, blank=True)
    reason = models.TextField(_("Grund"))
    occurred_at = models.DateTimeField(_("zuletzt aufgetreten"), auto_now=True)
    resolved = models.BooleanField(_("erledigt"), default=False)
    placeholder = models.BooleanField(
        _("Platzhalter angelegt"), default=False, help_text=_("Ein späterer Lauf versucht, das Objekt zu laden.")
    )

    class Meta:
        verbose_name = _("Importproblem")
        verbose_name_plural = _("Importprobleme")
        constraints = [models.UniqueConstraint(fields=["url", "reason"], name="import_problem_unique")]

    def __str__(self):
        return f"{self.object_type} {self.url}: {self.reason}"


class RemoteFile(models.Model):
    """Download state of an imported file: attempts so far and when to try again."""

    file = models.OneToOneField("motions.File", on_delete=models.CASCADE, related_name="remote")
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("entfernte Datei")
        verbose_name_plural = _("entfernte Dateien")

    def __str__(self):
        return f"{self.file_id}: {self.attempts} Versuche"


class SourceDigest(models.Model):
    """A digest of an object's JSON as last imported, so that an unchanged object costs no work.

    Servers that ignore ``modified_since`` (or a re-run after an interrupted one) deliver every
    object again; an object whose JSON is byte-for-byte what was imported last time is skipped
    without being mapped or compared. The digest covers the importer's mapping version too, so a
    new mapping re-imports everything once.
    """

    url = models.URLField(_("URL"), max_length=1000, unique=True)
    digest = models.CharField(_("Prüfsumme"), max_length=40)

    class Meta:
        verbose_name = _("Quell-Prüfsumme")
        verbose_name_plural = _("Quell-Prüfsummen")

    def __str__(self):
        return self.url
