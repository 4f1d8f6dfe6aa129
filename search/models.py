"""The search index kept in the database: one row per hit a user can get.

``SearchDocument`` holds, per paper, meeting, agenda item, person, organization and file page,
what a hit shows (title, text, date, reference, body, URL), what facets count (kind, paper type,
body, year; organizations and originators in ``SearchTag``) and the analysed stems
(``search.analysis``) that the full-text index matches:

- on SQLite an FTS5 table ``ris_search_fts`` over the three ``*_terms`` columns (external
  content, kept in sync by triggers, so bulk writes and deletes cannot leave it behind);
- on PostgreSQL the ``vector`` column (a ``tsvector`` with weights A/B/C, set by a trigger) and
  a GIN index on it.

Access: ``public`` says whether an anonymous user may see the record, as ``ris.access`` decides
(``visible_to(AnonymousUser())``); it is set when a document is written and refreshed in the same
transaction whenever a record's visibility may change (``search.services``). Searches by users
who see only what the public sees (``ris.access.sees_only_public``) filter on it; everybody else
sees the flagged documents and, of the others, those whose record the querysets of
``ris.access`` let them see (asked at query time, per document by primary key).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# PostgreSQL: a document's shard is its block of ``SHARD_IDS`` ids counted modulo ``SHARDS``, a
# stored generated column with a partial GIN index per shard (migration 0006); the model does not
# name the column, the database fills it in.
SHARDS = 8
SHARD_IDS = 50_000


class Kind(models.TextChoices):
    PAPER = "paper", _("Vorlage")
    MEETING = "meeting", _("Sitzung")
    AGENDA_ITEM = "agenda_item", _("Tagesordnungspunkt")
    FILE = "file", _("Dokument")
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organisation")


class SearchDocument(models.Model):
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("Objekt"))
    page = models.PositiveIntegerField(_("Seite"), default=0, help_text=_("Nur bei Dokumenten: die Seitenzahl"))
    body = models.ForeignKey(
        "council_sessions.Body",
        verbose_name=_("Körperschaft"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    paper_type = models.CharField(_("Vorlagenart"), max_length=30, blank=True)
    reference = models.CharField(_("Drucksachennummer"), max_length=100, blank=True, db_index=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=1000)
    subtitle = models.CharField(_("Zusatz"), max_length=500, blank=True)
    text = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Adresse"), max_length=500)
    # The matter a hit belongs to ("paper:12" for a paper, its files and the agenda items that
    # consulted it; "meeting:3" for a meeting and its own files): the page shows one hit per matter.
    matter = models.CharField(_("Vorgang"), max_length=40, blank=True)
    title_terms = models.TextField(blank=True)
    text_terms = models.TextField(blank=True)
    extra_terms = models.TextField(blank=True, help_text=_("Wortteile von Komposita"))
    facet_tags = models.TextField(
        blank=True,
        help_text=_("Die SearchTags als Zeilen „Facette<TAB>Wert<TAB>Bezeichnung“, zum Zählen in einem Durchgang"),
    )
    vector = SearchVectorField(null=True, editable=False)
    # Visible to anonymous users under ris.access; fails closed (False) until computed.
    public = models.BooleanField(_("öffentlich"), default=False)
    indexed_at = models.DateTimeField(_("indiziert"), auto_now=True)

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "page"], name="search_document_unique")]
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["kind", "paper_type"]),
            models.Index(fields=["body", "year"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchTag(models.Model):
    """A many-valued facet value of a document: a consulted organization or an originator."""

    class Facet(models.TextChoices):
        ORGANIZATION = "organization", _("Gremium")
        ORIGINATOR = "originator", _("Einreicher")

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=20, choices=Facet.choices)
    value = models.CharField(max_length=40)
    label = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class VocabularyWord(models.Model):
    """A folded word seen on its own in the index; the decompounder splits compounds into these."""

    word = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.word
