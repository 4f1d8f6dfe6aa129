"""The search indexing as it was before issue 18's indexing work (commit 88c4cde), kept as the
baseline of `bench.oparl` (indexing with a prefetch per record and `bulk_create`). Not used by the app.

Writing the search index: from a record to its ``SearchDocument`` rows, and back out again.

``index_object(kind, pk)`` is the one write path: it reads the record, deletes its old rows and
writes new ones, or only deletes when the record is gone or soft-deleted. It is idempotent, so
signals may call it as often as they like (``search.signals``). ``rebuild`` does the same for
everything, after first building the vocabulary the decompounder needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, F, Prefetch, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags

from motions.models import Consultation, File, FilePage, Paper
from search import lexicon
from search.analysis import Decompounder, analyze, fold, is_vocabulary_word, words
from search.models import Kind, SearchDocument, SearchTag, VocabularyWord
from search.services import public_ids
from sessions.models import AgendaItem, Meeting, Organization, Person

VOCABULARY_TTL = 300.0
GIN_INDEX = "ris_search_vector_gin"  # created in migration 0001
_vocabulary: dict = {"at": 0.0, "decompounder": None}


def decompounder() -> Decompounder:
    """The decompounder over the seed words and the index vocabulary (cached per process)."""
    if _vocabulary["decompounder"] is None or time.monotonic() - _vocabulary["at"] > VOCABULARY_TTL:
        known = [fold(w) for w in lexicon.SEED_WORDS]
        known.extend(VocabularyWord.objects.values_list("word", flat=True).iterator(chunk_size=5000))
        _vocabulary.update(at=time.monotonic(), decompounder=Decompounder(known))
    return _vocabulary["decompounder"]


def vocabulary_add(texts: Iterable[str]) -> int:
    new = {w for text in texts for w in words(text) if is_vocabulary_word(w)}
    if not new:
        return 0
    current = decompounder().words
    missing = new - current
    if missing:
        VocabularyWord.objects.bulk_create(
            [VocabularyWord(word=w) for w in sorted(missing)], ignore_conflicts=True, batch_size=1000
        )
        _vocabulary["decompounder"] = None
    return len(missing)


@dataclass
class Row:
    """One document to write: its fields and its many-valued facet tags."""

    fields: dict
    tags: list[tuple[str, str, str]] = field(default_factory=list)


def _html_text(*parts: str) -> str:
    return "\n".join(strip_tags(p).strip() for p in parts if p and strip_tags(p).strip())


def _paper_tags(paper: Paper) -> list[tuple[str, str, str]]:
    tags = []
    for c in paper.consultations.all():
        if not c.deleted:
            tags.append((SearchTag.Facet.ORGANIZATION, str(c.organization_id), c.organization.name))
    for person in paper.originator_persons.all():
        tags.append((SearchTag.Facet.ORIGINATOR, f"person:{person.pk}", person.name))
    for org in paper.originator_organizations.all():
        tags.append((SearchTag.Facet.ORIGINATOR, f"organization:{org.pk}", org.name))
    return list(dict.fromkeys(tags))


def _base(kind: str, pk: int, **fields) -> dict:
    date = fields.get("date")
    return {"kind": kind, "object_id": pk, "page": 0, "year": date.year if date else None, **fields}


def paper_rows(paper: Paper) -> list[Row]:
    originators = [p.name for p in paper.originator_persons.all()]
    originators += [o.name for o in paper.originator_organizations.all()]
    # The index holds the public version of redacted sections (Paper.public_texts), for everybody.
    text = _html_text(*paper.public_text_sections(), " · ".join(originators))
    fields = _base(
        Kind.PAPER,
        paper.pk,
        body_id=paper.body_id,
        paper_type=paper.paper_type,
        reference=paper.reference,
        date=paper.date,
        title=paper.name,
        subtitle=paper.get_paper_type_display(),
        text=text,
        url=paper.get_absolute_url(),
        search_title=f"{paper.reference} {paper.name}",
        matter=f"paper:{paper.pk}",
    )
    return [Row(fields, _paper_tags(paper))]


def meeting_rows(meeting: Meeting) -> list[Row]:
    org = meeting.organization
    # Only public items' names: the meeting hit is shown to everybody who may see the meeting.
    items = [f"{i.number} {i.name}" for i in meeting.agenda_items.all() if i.public and not i.deleted]
    day = timezone.localtime(meeting.start).date() if meeting.start else None
    fields = _base(
        Kind.MEETING,
        meeting.pk,
        body_id=org.body_id,
        date=day,
        title=str(meeting.title),
        subtitle=org.name,
        text="\n".join([str(meeting.location or ""), *items]).strip(),
        url=meeting.get_absolute_url(),
        matter=f"meeting:{meeting.pk}",
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


def _agenda_item_matter(item: AgendaItem) -> str:
    """The paper the item deliberated (its consultation), else the item itself."""
    papers = sorted(c.paper_id for c in item.consultations.all() if not c.deleted and c.paper_id)
    return f"paper:{papers[0]}" if papers else f"agenda_item:{item.pk}"


def _file_matter(file: File) -> str:
    if file.paper_id:
        return f"paper:{file.paper_id}"
    if file.agenda_item_id:
        return _agenda_item_matter(file.agenda_item)
    return f"meeting:{file.meeting_id}" if file.meeting_id else f"file:{file.pk}"


def agenda_item_rows(item: AgendaItem) -> list[Row]:
    meeting = item.meeting
    org = meeting.organization
    day = timezone.localtime(meeting.start).date() if meeting.start else None
    fields = _base(
        Kind.AGENDA_ITEM,
        item.pk,
        body_id=org.body_id,
        date=day,
        title=str(item),
        subtitle=str(meeting.title),
        text=_html_text(item.resolution_text),
        url=item.get_absolute_url(),
        search_title=f"TOP {item}",
        matter=_agenda_item_matter(item),
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


def file_rows(file: File) -> list[Row]:
    paper = file.paper
    tags = _paper_tags(paper) if paper else []
    if file.meeting_id:
        tags.append((SearchTag.Facet.ORGANIZATION, str(file.meeting.organization_id), file.meeting.organization.name))
    date = file.date or (paper.date if paper else None)
    if date is None and file.meeting_id:
        date = timezone.localtime(file.meeting.start).date()
    common = {
        "body_id": file.body_id,
        "paper_type": paper.paper_type if paper else "",
        "reference": paper.reference if paper else "",
        "date": date,
        "title": file.name,
        "search_title": f"{file.name} {file.file_name}",
        "matter": _file_matter(file),
    }
    pages = list(file.pages.all())
    if file.public_version:  # the redacted public text only, for everybody (fails closed: no text)
        for p in pages:
            p.text = p.public_text or ""
    pages = [p for p in pages if p.text.strip()]
    if not pages:
        return [Row(_base(Kind.FILE, file.pk, **common, url=file.get_absolute_url(), text=""), tags)]
    return [
        Row(
            _base(
                Kind.FILE,
                file.pk,
                **common,
                page=p.number,
                subtitle=f"Seite {p.number}",
                text=p.text,
                url=f"{file.get_absolute_url()}#seite-{p.number}",
            ),
            tags,
        )
        for p in pages
    ]


def person_rows(person: Person) -> list[Row]:
    memberships = [m for m in person.memberships.all() if not m.deleted]
    text = "\n".join(filter(None, [person.title, person.status, *(m.organization.name for m in memberships)]))
    fields = _base(
        Kind.PERSON,
        person.pk,
        body_id=person.body_id,
        title=person.name,
        subtitle=person.status,
        text=text,
        url=person.get_absolute_url(),
    )
    tags = [(SearchTag.Facet.ORGANIZATION, str(m.organization_id), m.organization.name) for m in memberships]
    return [Row(fields, list(dict.fromkeys(tags)))]


def organization_rows(org: Organization) -> list[Row]:
    fields = _base(
        Kind.ORGANIZATION,
        org.pk,
        body_id=org.body_id,
        title=org.name,
        subtitle=org.classification or org.get_organization_type_display(),
        text=org.short_name,
        url=org.get_absolute_url(),
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


SOURCES: dict[str, tuple[Callable, Callable]] = {
    Kind.PAPER: (
        lambda: Paper.objects.select_related("body").prefetch_related(
            "originator_persons", "originator_organizations", "consultations__organization"
        ),
        paper_rows,
    ),
    Kind.MEETING: (
        lambda: Meeting.objects.select_related("organization", "location").prefetch_related("agenda_items"),
        meeting_rows,
    ),
    Kind.AGENDA_ITEM: (
        lambda: AgendaItem.objects.select_related("meeting__organization").prefetch_related("consultations"),
        agenda_item_rows,
    ),
    Kind.FILE: (
        lambda: File.objects.select_related("paper", "meeting__organization", "agenda_item").prefetch_related(
            "agenda_item__consultations",
            "paper__originator_persons",
            "paper__originator_organizations",
            "paper__consultations__organization",
            Prefetch(
                "pages", queryset=FilePage.objects.only("file_id", "number", "text", "public_text").order_by("number")
            ),
        ),
        file_rows,
    ),
    Kind.PERSON: (lambda: Person.objects.prefetch_related("memberships__organization"), person_rows),
    Kind.ORGANIZATION: (lambda: Organization.objects.all(), organization_rows),
}


def rows_for(kind: str, obj) -> list[Row]:
    if obj is None or getattr(obj, "deleted", False):
        return []
    return SOURCES[kind][1](obj)


def _documents(rows: list[Row], comp: Decompounder) -> list[SearchDocument]:
    docs = []
    for row in rows:
        fields = dict(row.fields)
        search_title = fields.pop("search_title", fields["title"])
        title_terms, title_extra = analyze(search_title, comp)
        text_terms, text_extra = analyze(fields.get("text", ""), comp)
        fields["title"] = fields["title"][:1000]
        fields["subtitle"] = (fields.get("subtitle") or "")[:500]
        docs.append(
            SearchDocument(
                **fields,
                facet_tags="\n".join(f"{f}\t{v}\t{' '.join(label.split())}" for f, v, label in row.tags),
                title_terms=title_terms,
                text_terms=text_terms,
                extra_terms=" ".join(sorted(set((title_extra + " " + text_extra).split()))),
            )
        )
    return docs


def write_rows(rows: list[Row], public: set[int]) -> list[SearchDocument]:
    """Write ``rows``; ``public`` holds the ids of their records an anonymous user may see."""
    docs = _documents(rows, decompounder())
    for doc in docs:
        doc.public = doc.object_id in public
    docs = SearchDocument.objects.bulk_create(docs, batch_size=500)
    tags = [
        SearchTag(document_id=doc.pk, facet=f, value=v, label=label[:255])
        for doc, row in zip(docs, rows, strict=True)
        for f, v, label in row.tags
    ]
    SearchTag.objects.bulk_create(tags, batch_size=1000)
    return docs


def index_object(kind: str, pk: int) -> int:
    """Bring the index up to date for one record. Returns: the number of documents written."""
    if kind not in SOURCES:
        return 0
    obj = SOURCES[kind][0]().filter(pk=pk).first()
    rows = rows_for(kind, obj)
    vocabulary_add(r.fields.get("text", "") + " " + r.fields.get("title", "") for r in rows)
    with transaction.atomic():
        _lock_records(kind, [pk])
        SearchDocument.objects.filter(kind=kind, object_id=pk).delete()
        docs = write_rows(rows, public_ids(kind, [pk]) if rows else set())
    return len(docs)


def lock_targets(targets: dict[str, set[int]]) -> None:
    """Take the locks of ``_lock_records`` for records of several kinds at once, in one order,
    before a transaction that indexes them all (``search.outbox_handlers``)."""
    _lock_keys(sorted(f"{kind}:{pk}" for kind, pks in targets.items() for pk in pks))


def _lock_records(kind: str, pks: list[int]) -> None:
    """Serialise writers of the same records until the transaction ends (PostgreSQL advisory
    locks, taken in key order so two writers cannot deadlock). Without it, two workers indexing
    one record at once both delete nothing and both insert: ``search_document_unique`` fails
    (issue 14). The second writer waits, then its delete sees the first one's rows. SQLite
    serialises all writers anyway."""
    _lock_keys(sorted({f"{kind}:{pk}" for pk in pks}))


def _lock_keys(keys: list[str]) -> None:
    if connection.vendor != "postgresql" or not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(%s::text[]) AS k", [keys]
        )


def index_many(kind: str, pks: Iterable[int], chunk: int = 400) -> int:
    """``index_object`` for many records of one kind: one read, one delete and one write per chunk."""
    if kind not in SOURCES:
        return 0
    ordered = sorted(set(pks))
    written = 0
    for start in range(0, len(ordered), chunk):
        part = ordered[start : start + chunk]
        found = SOURCES[kind][0]().in_bulk(part)
        rows = [row for pk in part for row in rows_for(kind, found.get(pk))]
        vocabulary_add(r.fields.get("text", "") + " " + r.fields.get("title", "") for r in rows)
        with transaction.atomic():
            _lock_records(kind, part)
            SearchDocument.objects.filter(kind=kind, object_id__in=part).delete()
            written += len(write_rows(rows, public_ids(kind, part) if rows else set()))
    return written


def with_dependants(targets: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    """The records to index, by kind, with the dependants of each (``dependants``), each once.

    Read per kind for all targets at once (a few queries per 500 records, not two per record:
    an import of a city's record hands over about 100,000 targets)."""
    given: dict[str, set[int]] = {}
    for kind, pk in targets:
        given.setdefault(str(kind), set()).add(pk)
    found = {kind: set(pks) for kind, pks in given.items()}

    def add(kind: str, values) -> None:
        found.setdefault(str(kind), set()).update(v for v in values if v is not None)

    def chunks(kind: str):
        ordered = sorted(given.get(str(kind), ()))
        for start in range(0, len(ordered), 500):
            yield ordered[start : start + 500]

    files = File.objects.values_list("pk", flat=True)
    for part in chunks(Kind.PAPER):
        add(Kind.FILE, files.filter(paper_id__in=part))
    for part in chunks(Kind.MEETING):
        add(Kind.AGENDA_ITEM, AgendaItem.objects.filter(meeting_id__in=part).values_list("pk", flat=True))
        add(Kind.FILE, files.filter(meeting_id__in=part))
    for part in chunks(Kind.AGENDA_ITEM):
        add(Kind.FILE, files.filter(agenda_item_id__in=part))
        add(Kind.MEETING, AgendaItem.objects.filter(pk__in=part).values_list("meeting_id", flat=True))
    return found


def dependants(kind: str, pk: int) -> list[tuple[str, int]]:
    """Records whose documents show data of this one (their text, facets or visibility)."""
    if kind == Kind.PAPER:
        return [(Kind.FILE, f) for f in File.objects.filter(paper_id=pk).values_list("pk", flat=True)]
    if kind == Kind.MEETING:
        items = [(Kind.AGENDA_ITEM, i) for i in AgendaItem.objects.filter(meeting_id=pk).values_list("pk", flat=True)]
        return items + [(Kind.FILE, f) for f in File.objects.filter(meeting_id=pk).values_list("pk", flat=True)]
    if kind == Kind.AGENDA_ITEM:
        found = [(Kind.FILE, f) for f in File.objects.filter(agenda_item_id=pk).values_list("pk", flat=True)]
        meeting = AgendaItem.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
        return found + ([(Kind.MEETING, meeting)] if meeting else [])
    return []


def consultation_paper(consultation_id: int) -> int | None:
    return Consultation.objects.filter(pk=consultation_id).values_list("paper_id", flat=True).first()


def rebuild(progress: Callable[[str, int], Callable[[int], None]] | None = None, chunk: int = 200) -> int:
    """Rebuild the whole index. ``progress(kind, total)`` returns a callback fed with counts done."""
    VocabularyWord.objects.all().delete()
    _vocabulary["decompounder"] = None
    _vocabulary_bulk(_all_texts())
    with _fulltext_index_built_after():
        return _rebuild_documents(progress, chunk)


@contextmanager
def _fulltext_index_built_after():
    """PostgreSQL: drop the GIN index while every document is rewritten and build it once after,
    which is several times faster than updating it row by row (searches meanwhile are slower,
    not wrong). It is rebuilt even when the rebuild fails. Inside a transaction (tests, a caller's
    atomic block) the index stays: PostgreSQL refuses index DDL on a table with pending
    deferred constraint checks, and nobody else would see the documents before the commit anyway."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {SearchDocument._meta.db_table} USING gin (vector)"
            )
            cursor.execute("RESET maintenance_work_mem")


def _rebuild_documents(progress, chunk: int) -> int:
    written = 0
    for kind, (source, build) in SOURCES.items():
        queryset = source().alive().order_by("pk")
        step = progress(kind, queryset.count()) if progress else (lambda n: None)
        SearchDocument.objects.filter(kind=kind).delete()
        public = public_ids(kind)
        batch: list[Row] = []
        for obj in queryset.iterator(chunk_size=chunk):
            batch.extend(build(obj))
            step(1)
            if len(batch) >= chunk:
                written += len(write_rows(batch, public))
                batch = []
        written += len(write_rows(batch, public))
    return written


def _all_texts() -> Iterable[str]:
    """Every text the index will hold, read straight from the tables (for the vocabulary pass)."""
    # The public version of redacted files and sections, as the documents hold it.
    shown = Case(
        When(file__public_version=True, then=Coalesce("public_text", Value(""), output_field=TextField())),
        default=F("text"),
        output_field=TextField(),
    )
    pages = FilePage.objects.filter(file__deleted=False).annotate(shown=shown)
    yield from pages.values_list("shown", flat=True).iterator(chunk_size=2000)
    fields = ("name", "resolution_proposal", "reasoning", "facts", "funding")
    for *row, public in Paper.objects.alive().values_list(*fields, "public_texts").iterator(chunk_size=2000):
        texts = dict(zip(fields, row, strict=True))
        texts.update({k: v for k, v in (public or {}).items() if k in texts})
        yield strip_tags(" ".join(texts.values()))
    yield from File.objects.alive().values_list("name", flat=True).iterator(chunk_size=2000)
    for model in (Meeting, AgendaItem, Person, Organization):
        yield from model.objects.alive().values_list("name", flat=True).iterator(chunk_size=2000)
    yield from AgendaItem.objects.alive().values_list("resolution_text", flat=True).iterator(chunk_size=2000)


def _vocabulary_bulk(texts: Iterable[str]) -> None:
    seen: set[str] = set()
    for text in texts:
        seen.update(w for w in words(text) if is_vocabulary_word(w))
    VocabularyWord.objects.bulk_create(
        [VocabularyWord(word=w) for w in sorted(seen)], ignore_conflicts=True, batch_size=2000
    )
    _vocabulary["decompounder"] = None
