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

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
