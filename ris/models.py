"""What every council record shares: OParl identity, timestamps and soft deletion.

Meine Stadt Transparent showed that each entity needs its external OParl id, ``created`` /
``modified`` and a deleted flag: OParl requires deleted objects to stay known at their URL
(spec 1.1, ch. 2.11), and an importer must match records by their foreign id.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted=False)


class Record(models.Model):
    """Abstract base of every domain record (Body, Paper, Meeting, …)."""

    oparl_id = models.URLField(
        _("OParl-ID"),
        max_length=500,
        blank=True,
        default="",
        db_index=True,
        help_text=_("Die URL des Objekts im System, aus dem es importiert wurde."),
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True, db_index=True)
    deleted = models.BooleanField(
        _("gelöscht"),
        default=False,
        help_text=_("Gelöschte Datensätze bleiben bekannt (OParl: deleted=true) und werden nirgends mehr angezeigt."),
    )
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    # The record's own dates where it came from (an imported OParl object's created/modified, a
    # demo or ingested document's date). ``created``/``modified`` stay ours: ``modified`` moves
    # with every write so that OParl clients sync; what the public is told about when something
    # happened comes from ``record_created``/``record_modified``.
    source_created = models.DateTimeField(_("angelegt (Quelle)"), null=True, blank=True)
    source_modified = models.DateTimeField(_("geändert (Quelle)"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def record_created(self):
        """When the record was made, by its source's account (else when it was made here)."""
        return self.source_created or self.created

    @property
    def record_modified(self):
        """When the record last changed, by its source's account (else our last write)."""
        return self.source_modified or self.modified
