"""Writing the search index: from a record to its ``SearchDocument`` rows, and back out again.

``index_object(kind, pk)`` is the one write path: it reads the record, deletes its old rows and
writes new ones, or only deletes when the record is gone or soft-deleted. It is idempotent, so
signals may call it as often as they like (``search.signals``). ``rebuild`` does the same for
everything, after first building the vocabulary the decompounder needs.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify

from motions.models import Consultation, File, FilePage, Paper
from search import lexicon
from search.analysis import Decompounder, analyze, fold, is_vocabulary_word, words
from search.models import SHARDS, Kind, SearchDocument, SearchTag, VocabularyWord
from search.services import public_ids
from sessions.models import AgendaItem, Meeting, Membership, Organization, Person

VOCABULARY_TTL = 300.0
GIN_INDEX = "ris_search_vector_gin"  # created in migration 0001
# PostgreSQL: the partial GIN index of each shard (migration 0006, ``database.postgres_page``).
SHARD_INDEXES = {f"ris_search_vector_shard_{shard}": f"WHERE shard = {shard}" for shard in range(SHARDS)}
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


@dataclass
class Related:
    """What the documents of a batch show of other tables, read with a fixed number of queries per
    kind (``related_for``), not one query set per record as ``prefetch_related`` builds them."""

    # paper id -> [(organization id, name)] of its live consultations, in their order
    consulted: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    persons: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # paper -> originator persons
    organizations: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # paper -> originator orgs
    items: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # meeting -> public live items
    item_papers: dict[int, list[int]] = field(default_factory=dict)  # agenda item -> consulted papers
    pages: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)  # file -> (number, text, public)
    memberships: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # person -> (org id, name)
    meeting_urls: dict[int, str] = field(default_factory=dict)  # meeting -> its address (agenda items share it)


def _grouped(rows: Iterable[tuple], into: dict) -> None:
    for key, *value in rows:
        into.setdefault(key, []).append(value[0] if len(value) == 1 else tuple(value))


def _paper_related(rel: Related, pks: list[int]) -> None:
    pks = [pk for pk in pks if pk not in rel.consulted]
    if not pks:
        return
    for pk in pks:
        rel.consulted[pk], rel.persons[pk], rel.organizations[pk] = [], [], []
    _grouped(
        Consultation.objects.filter(paper_id__in=pks, deleted=False).values_list(
            "paper_id", "organization_id", "organization__name"
        ),
        rel.consulted,
    )
    persons = Paper.originator_persons.through.objects.filter(paper_id__in=pks)
    _grouped(
        persons.order_by("person__family_name", "person__name", "person_id").values_list(
            "paper_id", "person_id", "person__name"
        ),
        rel.persons,
    )
    orgs = Paper.originator_organizations.through.objects.filter(paper_id__in=pks)
    _grouped(
        orgs.order_by("organization__body", "organization__name", "organization_id").values_list(
            "paper_id", "organization_id", "organization__name"
        ),
        rel.organizations,
    )


def _item_related(rel: Related, pks: list[int]) -> None:
    pks = [pk for pk in pks if pk not in rel.item_papers]
    for pk in pks:
        rel.item_papers[pk] = []
    if pks:
        _grouped(
            Consultation.objects.filter(agenda_item_id__in=pks, deleted=False, paper_id__isnull=False)
            .order_by()
            .values_list("agenda_item_id", "paper_id"),
            rel.item_papers,
        )


def related_for(kind: str, objs: list) -> Related:
    """The related data the documents of ``objs`` (records of one kind) show."""
    rel = Related()
    pks = [o.pk for o in objs]
    if not pks:
        return rel
    if kind == Kind.PAPER:
        _paper_related(rel, pks)
    elif kind == Kind.MEETING:
        _grouped(
            AgendaItem.objects.filter(meeting_id__in=pks, public=True, deleted=False).values_list(
                "meeting_id", "number", "name"
            ),
            rel.items,
        )
    elif kind == Kind.AGENDA_ITEM:
        _item_related(rel, pks)
    elif kind == Kind.FILE:
        _paper_related(rel, sorted({o.paper_id for o in objs if o.paper_id}))
        _item_related(rel, sorted({o.agenda_item_id for o in objs if o.agenda_item_id and not o.paper_id}))
        _grouped(
            FilePage.objects.filter(file_id__in=pks)
            .order_by("file_id", "number")
            .values_list("file_id", "number", "text", "public_text"),
            rel.pages,
        )
    elif kind == Kind.PERSON:
        _grouped(
            Membership.objects.filter(person_id__in=pks, deleted=False).values_list(
                "person_id", "organization_id", "organization__name"
            ),
            rel.memberships,
        )
    return rel


def _paper_tags(paper_id: int, rel: Related) -> list[tuple[str, str, str]]:
    tags = [(SearchTag.Facet.ORGANIZATION, str(org), name) for org, name in rel.consulted[paper_id]]
    tags += [(SearchTag.Facet.ORIGINATOR, f"person:{pk}", name) for pk, name in rel.persons[paper_id]]
    tags += [(SearchTag.Facet.ORIGINATOR, f"organization:{pk}", name) for pk, name in rel.organizations[paper_id]]
    return list(dict.fromkeys(tags))


def _base(kind: str, pk: int, **fields) -> dict:
    date = fields.get("date")
    return {"kind": kind, "object_id": pk, "page": 0, "year": date.year if date else None, **fields}


_URL_PK, _URL_SLUG = 918273645, "zzslugzz"
_url_templates: dict[str, tuple[str, bool]] = {}


def _url(name: str, pk: int, slug: str | None = None) -> str:
    """``reverse(name, kwargs={"pk": pk, "slug": slug})`` from a template reversed once per name
    (slugs are ASCII letters, digits and dashes, which ``reverse`` leaves as they are)."""
    if name not in _url_templates:
        kwargs = {"pk": _URL_PK} if slug is None else {"pk": _URL_PK, "slug": _URL_SLUG}
        _url_templates[name] = reverse(name, kwargs=kwargs)
    return _url_templates[name].replace(str(_URL_PK), str(pk)).replace(_URL_SLUG, slug or "")


def _paper_url(paper: Paper) -> str:
    return _url("web:paper", paper.pk, slugify(paper.reference.replace("/", "-")) or "vorlage")


def _meeting_url(meeting: Meeting, rel: Related) -> str:
    if meeting.pk in rel.meeting_urls:
        return rel.meeting_urls[meeting.pk]
    day = date_format(timezone.localtime(meeting.start), "Y-m-d") if meeting.start else ""
    org = meeting.organization
    url = _url("web:meeting", meeting.pk, slugify(f"{org.short_name or org.name} {day}") or "s")
    rel.meeting_urls[meeting.pk] = url
    return url


def paper_rows(paper: Paper, rel: Related) -> list[Row]:
    originators = [name for _pk, name in rel.persons[paper.pk]]
    originators += [name for _pk, name in rel.organizations[paper.pk]]
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
        url=_paper_url(paper),
        search_title=f"{paper.reference} {paper.name}",
        matter=f"paper:{paper.pk}",
    )
    return [Row(fields, _paper_tags(paper.pk, rel))]


def meeting_rows(meeting: Meeting, rel: Related) -> list[Row]:
    org = meeting.organization
    # Only public items' names: the meeting hit is shown to everybody who may see the meeting.
    items = [f"{number} {name}" for number, name in rel.items.get(meeting.pk, ())]
    day = timezone.localtime(meeting.start).date() if meeting.start else None
    fields = _base(
        Kind.MEETING,
        meeting.pk,
        body_id=org.body_id,
        date=day,
        title=str(meeting.title),
        subtitle=org.name,
        text="\n".join([str(meeting.location or ""), *items]).strip(),
        url=_meeting_url(meeting, rel),
        matter=f"meeting:{meeting.pk}",
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


def _agenda_item_matter(item_id: int, rel: Related) -> str:
    """The paper the item deliberated (its consultation), else the item itself."""
    papers = sorted(rel.item_papers[item_id])
    return f"paper:{papers[0]}" if papers else f"agenda_item:{item_id}"


def _file_matter(file: File, rel: Related) -> str:
    if file.paper_id:
        return f"paper:{file.paper_id}"
    if file.agenda_item_id:
        return _agenda_item_matter(file.agenda_item_id, rel)
    return f"meeting:{file.meeting_id}" if file.meeting_id else f"file:{file.pk}"


def agenda_item_rows(item: AgendaItem, rel: Related) -> list[Row]:
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
        url=f"{_meeting_url(meeting, rel)}#top-{item.pk}",
        search_title=f"TOP {item}",
        matter=_agenda_item_matter(item.pk, rel),
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


def file_rows(file: File, rel: Related) -> list[Row]:
    paper = file.paper
    tags = _paper_tags(paper.pk, rel) if paper else []
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
        "matter": _file_matter(file, rel),
    }
    url = _url("web:file", file.pk)
    # The redacted public text only, for everybody (fails closed: no text).
    pages = [(n, (public or "") if file.public_version else text) for n, text, public in rel.pages.get(file.pk, ())]
    pages = [(n, text) for n, text in pages if text.strip()]
    if not pages:
        return [Row(_base(Kind.FILE, file.pk, **common, url=url, text=""), tags)]
    return [
        Row(
            _base(
                Kind.FILE,
                file.pk,
                **common,
                page=number,
                subtitle=f"Seite {number}",
                text=text,
                url=f"{url}#seite-{number}",
            ),
            tags,
        )
        for number, text in pages
    ]


def person_rows(person: Person, rel: Related) -> list[Row]:
    memberships = rel.memberships.get(person.pk, [])
    text = "\n".join(filter(None, [person.title, person.status, *(name for _org, name in memberships)]))
    fields = _base(
        Kind.PERSON,
        person.pk,
        body_id=person.body_id,
        title=person.name,
        subtitle=person.status,
        text=text,
        url=_url("web:person", person.pk, slugify(person.name) or "p"),
    )
    tags = [(SearchTag.Facet.ORGANIZATION, str(org), name) for org, name in memberships]
    return [Row(fields, list(dict.fromkeys(tags)))]


def organization_rows(org: Organization, rel: Related) -> list[Row]:
    fields = _base(
        Kind.ORGANIZATION,
        org.pk,
        body_id=org.body_id,
        title=org.name,
        subtitle=org.classification or org.get_organization_type_display(),
        text=org.short_name,
        url=_url("web:organization", org.pk, slugify(org.short_name or org.name) or "o"),
    )
    return [Row(fields, [(SearchTag.Facet.ORGANIZATION, str(org.pk), org.name)])]


FILE_FIELDS = (
    "body_id", "date", "name", "file_name", "paper_id", "meeting_id", "agenda_item_id", "public_version", "deleted",
)  # fmt: skip
# Per kind: the records (with what their documents read of the tables they point to) and the
# builder of their rows. Related lists come from ``related_for``, a few queries per batch.
SOURCES: dict[str, tuple[Callable, Callable]] = {
    Kind.PAPER: (lambda: Paper.objects.all(), paper_rows),
    Kind.MEETING: (lambda: Meeting.objects.select_related("organization", "location"), meeting_rows),
    Kind.AGENDA_ITEM: (
        lambda: AgendaItem.objects.select_related("meeting__organization").only(
            "number",
            "name",
            "resolution_text",
            "deleted",
            "meeting__name",
            "meeting__number",
            "meeting__start",
            "meeting__organization__name",
            "meeting__organization__short_name",
            "meeting__organization__body_id",
            "meeting__organization__deleted",
        ),
        agenda_item_rows,
    ),  # fmt: skip
    Kind.FILE: (
        lambda: File.objects.select_related("paper", "meeting__organization").only(
            *FILE_FIELDS,
            "paper__date",
            "paper__paper_type",
            "paper__reference",
            "paper__deleted",
            "meeting__start",
            "meeting__organization__name",
            "meeting__organization__deleted",
        ),
        file_rows,
    ),  # fmt: skip
    Kind.PERSON: (lambda: Person.objects.all(), person_rows),
    Kind.ORGANIZATION: (lambda: Organization.objects.all(), organization_rows),
}


def rows_of(kind: str, objs: Iterable) -> list[Row]:
    """The rows of these records of one kind (gone or soft-deleted ones have none), in their order."""
    objs = [o for o in objs if o is not None and not getattr(o, "deleted", False)]
    rel = related_for(kind, objs)
    build = SOURCES[kind][1]
    return [row for obj in objs for row in build(obj, rel)]


def rows_for(kind: str, obj) -> list[Row]:
    return rows_of(kind, [obj])


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


DOCUMENT_COLUMNS = (
    "kind", "object_id", "page", "body_id", "paper_type", "reference", "date", "year", "title", "subtitle",
    "text", "url", "matter", "title_terms", "text_terms", "extra_terms", "facet_tags", "public", "indexed_at",
)  # fmt: skip


def write_rows(rows: list[Row], public: set[int]) -> list[SearchDocument]:
    """Write ``rows``; ``public`` holds the ids of their records an anonymous user may see.

    One multi-row statement per 500 documents and one read of the new ids for their tags, not
    the ORM's per-object preparation (``bulk_create`` spent most of an import's indexing there).
    The full-text index follows by trigger (FTS5 on SQLite, ``vector`` on PostgreSQL)."""
    docs = _documents(rows, decompounder())
    if not docs:
        return docs
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    values = []
    for doc in docs:
        doc.public = doc.object_id in public
        values.append(
            (
                doc.kind, doc.object_id, doc.page, doc.body_id, doc.paper_type, doc.reference,
                ops.adapt_datefield_value(doc.date), doc.year, doc.title, doc.subtitle, doc.text, doc.url,
                doc.matter, doc.title_terms, doc.text_terms, doc.extra_terms, doc.facet_tags, doc.public, now,
            )
        )  # fmt: skip
    _insert(SearchDocument, DOCUMENT_COLUMNS, values)
    tagged = [(doc, row) for doc, row in zip(docs, rows, strict=True) if row.tags]
    if tagged:
        ids = _document_ids({(doc.kind, doc.object_id) for doc, _row in tagged})
        tags = [
            (ids[doc.kind, doc.object_id, doc.page], f, v, label[:255])
            for doc, row in tagged
            for f, v, label in row.tags
        ]
        _insert(SearchTag, ("document_id", "facet", "value", "label"), tags)
    return docs


def _insert(model, columns: tuple[str, ...], values: list[tuple], per_statement: int = 500) -> None:
    """``INSERT … VALUES (…), (…), …``: one statement per ``per_statement`` rows, in their order."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(per_statement, _max_parameters() // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            part = values[start : start + per_statement]
            cursor.execute(head + ", ".join([one] * len(part)), [v for row in part for v in row])


def _max_parameters() -> int:
    """How many parameters one statement may have: SQLite's limit as compiled (999 before 3.32,
    32,766 since), PostgreSQL's 65,535."""
    if connection.vendor != "sqlite":
        return 65535
    connection.ensure_connection()
    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        return connection.features.max_query_params or 999


def _document_ids(records: set[tuple[str, int]]) -> dict[tuple[str, int, int], int]:
    by_kind: dict[str, list[int]] = {}
    for kind, pk in records:
        by_kind.setdefault(kind, []).append(pk)
    found = {}
    for kind, pks in by_kind.items():
        pks.sort()
        for start in range(0, len(pks), 500):
            rows = SearchDocument.objects.filter(kind=kind, object_id__in=pks[start : start + 500]).values_list(
                "object_id", "page", "pk"
            )
            found.update({(kind, pk, page): doc for pk, page, doc in rows})
    return found


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
        rows = rows_of(kind, (found.get(pk) for pk in part))
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
    """PostgreSQL: drop the GIN indexes (the whole table's and the shards') while every document is
    rewritten and build them once after,
    which is several times faster than updating it row by row (searches meanwhile are slower,
    not wrong). It is rebuilt even when the rebuild fails. Inside a transaction (tests, a caller's
    atomic block) the index stays: PostgreSQL refuses index DDL on a table with pending
    deferred constraint checks, and nobody else would see the documents before the commit anyway."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    indexes = {GIN_INDEX: "", **SHARD_INDEXES}
    with connection.cursor() as cursor:
        for name in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for name, where in indexes.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {SearchDocument._meta.db_table} USING gin (vector) {where}"
                )
            cursor.execute("RESET maintenance_work_mem")


def _rebuild_documents(progress, chunk: int) -> int:
    written = 0
    for kind, (source, _build) in SOURCES.items():
        queryset = source().alive().order_by("pk")
        step = progress(kind, queryset.count()) if progress else (lambda n: None)
        SearchDocument.objects.filter(kind=kind).delete()
        public = public_ids(kind)
        batch: list = []
        for obj in queryset.iterator(chunk_size=chunk):
            batch.append(obj)
            step(1)
            if len(batch) >= chunk:
                written += len(write_rows(rows_of(kind, batch), public))
                batch = []
        written += len(write_rows(rows_of(kind, batch), public))
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
