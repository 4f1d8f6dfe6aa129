"""One import run: a remote OParl system (or one of its bodies) into our records.

Order of work per body (dependencies first, as meine-stadt-transparent's importer found):
fetch the external lists (organization, person, meeting, paper, and legislativeTermList where
given) with bounded parallelism, then write legislative terms → organizations (then their
parents) → persons with memberships → meetings with agenda items and files → papers with
consultations and files, then download files through the ingestion pipeline.

Each object is written in its own savepoint: a malformed object is recorded with its reason and
skipped, and nothing else is lost. A body whose lists were all fetched gets a sync point, so the
next run asks only for ``modified_since`` it. References that no list delivered are fetched one by
one; what cannot be fetched becomes a placeholder (organizations, persons) that a later run fills.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.signal_handlers import disable_reference_index_auto_update

from motions.models import Consultation, File, Paper, PaperType
from oparl import signals
from oparl.formats import date_time
from oparl.importer import files as file_downloads
from oparl.importer import mapping, results
from oparl.importer.client import FetchError, iter_list
from oparl.importer.store import Store
from oparl.models import ImportProblem, SourceDigest, SyncState
from search import signals as search_signals
from sessions.models import (
    AgendaItem,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Person,
    Result,
    Vote,
    VoteGroupCount,
)

LISTS = ("organization", "person", "meeting", "paper", "legislativeTermList")
# Part of every object's digest (``oparl.models.SourceDigest``): raise it when the mapping changes,
# so that the next run maps every object again instead of skipping the unchanged ones.
MAPPING_VERSION = "2"
DIGESTED = {
    "LegislativeTerm": LegislativeTerm,
    "Organization": Organization,
    "Person": Person,
    "Meeting": Meeting,
    "Paper": Paper,
}


def _digest(data: dict) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + MAPPING_VERSION
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


PLACEHOLDER_NAME = "(nicht abrufbar)"
# Objects (papers, meetings, …) whose new records are inserted together: one list page or two.
FLUSH_EVERY = 200


def _type_name(data: dict) -> str:
    return str(data.get("type", "")).rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Options:
    body: str | None = None
    since: datetime.datetime | None = None
    archive_before: datetime.date | None = None  # papers dated before it are marked as archive
    download_files: bool = True
    progress: bool = True


@dataclass
class Summary:
    counts: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    files_downloaded: int = 0
    files_failed: int = 0
    bodies: int = 0
    requests: int = 0


class Importer:
    def __init__(self, source, options: Options | None = None):
        self.source = source
        self.options = options or Options()
        self.store = Store()
        self.unreachable: set[str] = set()
        self.seen_files: set[str] = set()
        self.references: dict[tuple[int, str], str] | None = None
        self.summary = Summary()
        self.dropped: Counter = Counter()
        self.quirks: Counter = Counter()
        self.rebase: tuple[str, str] | None = None
        self.digests: dict[str, str] | None = None
        self.new_digests: dict[str, str] = {}

    # -- entry point --------------------------------------------------------------------------
    def run(self, system_url: str) -> Summary:
        """Import every body of the system (or the one chosen). Raises FetchError if the system is unreachable."""
        system = self.source.get(system_url)
        own_id = system.get("id") if isinstance(system, dict) else None
        if isinstance(own_id, str) and own_id.rstrip("/") != system_url.rstrip("/") and own_id.endswith("system"):
            # The ids name one base URL, the server answers under another: fetch ids under the one that answers.
            self.rebase = (own_id[: -len("system")], system_url.rstrip("/")[: -len("system")])
        bodies = []
        if isinstance(system, dict) and _type_name(system) == "Body":
            bodies = [system]
        elif isinstance(system, dict) and isinstance(system.get("body"), str):
            for _, objects in iter_list(self.source, system["body"]):
                bodies += objects
        else:
            raise FetchError(system_url, "kein System-Objekt (body fehlt)")
        chosen = [b for b in bodies if self._chosen(b)]
        if self.options.body and not chosen:
            raise FetchError(system_url, f"keine Körperschaft {self.options.body!r} im System")
        # Wagtail's reference index ("where is this used") would cost two thirds of the run; imported
        # records are not edited by reference, and `manage.py rebuild_references_index` rebuilds it.
        # Search: each record is indexed once, in bulk, after the writes (not once per save of it and
        # of its embedded objects); what was written is indexed even when the run stops early.
        with disable_reference_index_auto_update(), signals.suspended(), search_signals.deferred() as changed:
            try:
                for body_data in chosen:
                    self.import_body(body_data, system_url)
                    self.summary.bodies += 1
            finally:
                search_signals.enqueue_many(changed)
        self._retry_placeholders()
        self.store.flush()
        self._save_digests()
        self.summary.counts = dict(sorted(self.store.counts.items()))
        self.summary.problems = self.store.problems
        self.summary.requests = self.source.stats.requests
        return self.summary

    def _chosen(self, body: dict) -> bool:
        wanted = self.options.body
        if not wanted:
            return True
        return wanted in (body.get("id"), body.get("shortName"), body.get("name")) or str(body.get("id", "")).endswith(
            f"/{wanted}"
        )

    # -- one body -----------------------------------------------------------------------------
    def import_body(self, data: dict, system_url: str) -> None:
        started = timezone.now()
        body_url = data["id"]
        state = SyncState.objects.filter(body_url=body_url).first()
        since = self.options.since or (state.synced_at if state else None)
        body = self._body(data)
        pages, complete = self._fetch_lists(data, since)
        with tqdm(
            total=sum(len(objects) for objects in pages.values()),
            desc="Objekte",
            unit="obj",
            disable=not self.options.progress,
            leave=False,
        ) as bar:
            for term in data.get("legislativeTerm") or []:
                self._safely(term, "LegislativeTerm", lambda d: self._legislative_term(d, body))
            self._each(pages["legislativeTermList"], "LegislativeTerm", lambda d: self._legislative_term(d, body), bar)
            self._each(pages["organization"], "Organization", lambda d: self._organization(d, body), bar)
            for org_data in pages["organization"]:
                self._organization_parent(org_data)
            self._each(pages["person"], "Person", lambda d: self._person(d, body), bar)
            self._each(pages["meeting"], "Meeting", lambda d: self._meeting(d, body), bar)
            self._each(pages["paper"], "Paper", lambda d: self._paper(d, body), bar)
            with transaction.atomic():
                for paper_data in pages["paper"]:
                    self._paper_relations(paper_data)
                self._record_dropped(body_url)
        if complete:
            SyncState.objects.update_or_create(
                body_url=body_url, defaults={"system_url": system_url, "synced_at": started}
            )
        if self.options.download_files:
            done, failed = file_downloads.download_pending(
                self.source, body=body, store=self.store, progress=self.options.progress
            )
            self.summary.files_downloaded += done
            self.summary.files_failed += failed

    def _fetch_lists(self, data: dict, since) -> tuple[dict[str, list], bool]:
        """All objects of the body's lists, fetched in parallel; ``complete`` if every list came through."""
        modified_since = date_time(since - datetime.timedelta(minutes=1)) if since else None
        urls = {name: data.get(name) for name in LISTS if isinstance(data.get(name), str)}
        pages: dict[str, list] = {name: [] for name in LISTS}
        complete = True

        def fetch(name_url):
            name, url = name_url
            objects, error = [], None
            try:
                for _, page in iter_list(self.source, url, modified_since=modified_since):
                    objects += page
                    bar.update(1)
            except FetchError as exc:
                error = exc
            return name, objects, error

        with tqdm(desc="Listenseiten", unit="Seite", disable=not self.options.progress, leave=False) as bar:
            with ThreadPoolExecutor(max_workers=max(1, getattr(self.source, "parallel", 1))) as pool:
                for name, objects, error in pool.map(fetch, urls.items()):
                    pages[name] = objects
                    if error is not None:
                        complete = False
                        self.store.problem(error.url, "Liste", error.reason)
        return pages, complete

    def _each(self, objects: list, type_name: str, handler, bar) -> None:
        """One list's objects in one transaction; new records inserted in batches (``Store.flush``)."""
        with transaction.atomic():
            for n, data in enumerate(objects, 1):
                self._safely(data, type_name, handler)
                bar.update(1)
                if n % FLUSH_EVERY == 0:
                    self.store.flush()
            self.store.flush()
            self._save_digests()

    def _unchanged(self, data: dict, type_name: str) -> str | None:
        """None if this object is exactly what was imported last time (skip it); else its digest."""
        model = DIGESTED.get(type_name)
        if model is None:
            return None
        if self.digests is None:
            self.digests = dict(SourceDigest.objects.values_list("url", "digest"))
        digest = _digest(data)
        if self.digests.get(data["id"]) == digest and self.store.alive(model, data["id"]):
            self.store.counts[f"{type_name} unverändert"] += 1
            return None
        return digest

    def _save_digests(self) -> None:
        if not self.new_digests:
            return
        known = self.digests or {}
        changed = {url: digest for url, digest in self.new_digests.items() if url in known}
        for row in SourceDigest.objects.filter(url__in=list(changed)):
            row.digest = changed[row.url]
            row.save(update_fields=["digest"])
        SourceDigest.objects.bulk_create(
            [SourceDigest(url=url, digest=d) for url, d in self.new_digests.items() if url not in known],
            batch_size=500,
            ignore_conflicts=True,
        )
        known.update(self.new_digests)
        self.new_digests = {}

    def _safely(self, data, type_name: str, handler) -> None:
        """Write one object in a savepoint; a failure is recorded and does not touch the rest."""
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            self.store.problem(str(data)[:200] or "?", type_name, "Objekt ohne id")
            return
        if data.get("deleted") is True:
            model = {"Organization": Organization, "Person": Person, "Meeting": Meeting, "Paper": Paper}.get(type_name)
            if model is not None:
                self.store.mark_deleted(model, data["id"])
            return
        digest = self._unchanged(data, type_name)
        if digest is None and type_name in DIGESTED:
            return
        self.store.begin()
        writes = self.store.writes
        try:
            with transaction.atomic():
                record = handler(data)
                if record is not None and self.store.writes > writes:
                    # Embedded objects changed: the parent's modified moves (the touch signals are
                    # suspended during the import so that this happens once per parent, per batch).
                    self.store.touch(record)
        except Exception as exc:  # a malformed object must never end the run
            self.store.rollback()
            self.store.problem(data["id"], type_name, f"{type(exc).__name__}: {exc}")
        else:
            self.store.commit()
            if digest is not None:
                self.new_digests[data["id"]] = digest

    # -- references ---------------------------------------------------------------------------
    def _ref(self, model, url, body: Body | None = None):
        """The record behind a reference URL: known, fetched one by one, or a placeholder."""
        if isinstance(url, dict):
            url = url.get("id")
        if not isinstance(url, str) or not url:
            return None
        found = self.store.get(model, url)
        if found is not None or body is None or model not in (Organization, Person):
            return found
        if url in self.unreachable:
            return None
        try:
            data = self.source.get(self._answering(url))
            if not isinstance(data, dict) or data.get("id") in (None, "") or data.get("deleted"):
                raise FetchError(url, "kein Objekt")
        except FetchError as exc:
            self.unreachable.add(url)
            name = PLACEHOLDER_NAME
            fields = {"name": name, "body": body}
            if model is Person:
                fields["family_name"] = name
            self.store.problem(url, model.__name__, f"verlinkt, aber nicht abrufbar: {exc.reason}", placeholder=True)
            return self.store.upsert(model, url, fields)
        data["id"] = url
        return self._organization(data, body) if model is Organization else self._person(data, body)

    def _answering(self, url: str) -> str:
        """A referenced id as the server answers it (ids under one base, answers under another)."""
        if self.rebase and url.startswith(self.rebase[0]):
            self._quirk("System", f"ids unter {self.rebase[0]}, der Server antwortet unter {self.rebase[1]}")
            return self.rebase[1] + url[len(self.rebase[0]) :]
        return url

    def _retry_placeholders(self) -> None:
        """Placeholders of earlier runs whose object can now be fetched are filled in."""
        pending = ImportProblem.objects.filter(placeholder=True, resolved=False).exclude(url__in=self.unreachable)
        for problem in pending:
            model = {"Organization": Organization, "Person": Person}.get(problem.object_type)
            record = self.store.get(model, problem.url) if model else None
            if record is None:
                continue
            try:
                data = self.source.get(self._answering(problem.url))
            except FetchError:
                continue
            if isinstance(data, dict) and data.get("id"):
                data["id"] = problem.url
                handler = self._organization if model is Organization else self._person
                self._safely(data, problem.object_type, lambda d, h=handler, b=record.body: h(d, b))
                self.store.resolved(problem.url)

    # -- per type -----------------------------------------------------------------------------
    def _body(self, data: dict) -> Body:
        self._note_fields("Body", data)
        fields = mapping.body_fields(data)
        body = self.store.get(Body, data["id"])
        if body is None:
            base = fields["short_name"] or fields["name"]
            from django.utils.text import slugify

            slug, n = slugify(base)[:90] or "koerperschaft", 1
            while Body.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{slugify(base)[:90]}-{n}"
            fields["slug"] = slug
        if data.get("ags") and fields["ags"] != str(data.get("ags")):
            self.store.problem(data["id"], "Body", f"ags {data.get('ags')!r} repariert zu {fields['ags']!r}")
        location = data.get("location")
        if isinstance(location, dict) and location.get("id"):
            fields["location"] = self._location(location)
        return self.store.upsert(Body, data["id"], fields)

    def _quirk(self, type_name: str, what: str) -> None:
        """A vendor quirk that was handled: recorded once per run and body (with how often), like a dropped field."""
        self.quirks[(type_name, what)] += 1

    def _note_fields(self, type_name: str, data: dict) -> None:
        for key in mapping.dropped_fields(type_name, data):
            self.dropped[(type_name, key)] += 1

    def _record_dropped(self, body_url: str) -> None:
        """Each property of the source we do not take over: one import problem per type and name."""
        for (type_name, key), count in sorted(self.dropped.items()):
            self.store.problem(body_url, type_name, f"Feld {type_name}.{key} nicht übernommen (in {count} Objekten)")
        for (type_name, what), count in sorted(self.quirks.items()):
            self.store.problem(body_url, type_name, f"{what} ({count}×), behandelt")
        self.dropped.clear()
        self.quirks.clear()

    def _location(self, data: dict) -> Location:
        self._note_fields("Location", data)
        return self.store.upsert(Location, data["id"], mapping.location_fields(data))

    def _legislative_term(self, data: dict, body: Body) -> LegislativeTerm:
        self._note_fields("LegislativeTerm", data)
        return self.store.upsert(LegislativeTerm, data["id"], {**mapping.legislative_term_fields(data), "body": body})

    def _organization(self, data: dict, body: Body) -> Organization:
        self._note_fields("Organization", data)
        fields = {**mapping.organization_fields(data), "body": body}
        location = data.get("location")
        if isinstance(location, dict) and location.get("id"):
            fields["location"] = self._location(location)
        return self.store.upsert(Organization, data["id"], fields)

    def _organization_parent(self, data: dict) -> None:
        org = self.store.get(Organization, data.get("id"))
        parent = self.store.get(Organization, data.get("subOrganizationOf"))
        if org is not None and org.parent_id != (parent.pk if parent else None):
            org.parent = parent
            org.save(update_fields=["parent", "modified"])

    def _person(self, data: dict, body: Body) -> Person:
        self._note_fields("Person", data)
        fields = {**mapping.person_fields(data), "body": body, "location": None}
        # 1.1 gives locationObject (and location as its URL); SD.NET embeds the object as location.
        place = next((v for v in (data.get("locationObject"), data.get("location")) if isinstance(v, dict)), None)
        if place is not None and place.get("id"):
            fields["location"] = self._location(place)
        elif isinstance(data.get("location"), str) and data["location"]:
            known = self.store.get(Location, data["location"])
            if known is None:
                self.store.problem(data["id"], "Person", f"Ort {data['location']} nicht übernommen (nur als URL)")
            fields["location"] = known
        person = self.store.upsert(Person, data["id"], fields)
        memberships = self._embedded(data, "membership", Membership)
        for membership in memberships:
            self._note_fields("Membership", membership)
            organization = self._ref(Organization, membership.get("organization"), body)
            if organization is None:
                self.store.problem(membership["id"], "Membership", "ohne Gruppierung")
                continue
            fields = {
                **mapping.membership_fields(membership),
                "person": person,
                "organization": organization,
                "on_behalf_of": self._ref(Organization, membership.get("onBehalfOf"), body),
            }
            self.store.upsert(Membership, membership["id"], fields)
        if "membership" in data:  # with omit_internal the list is left out and says nothing
            self.store.retire_missing(Membership, "person_id", person.pk, {m["id"] for m in memberships})
        return person

    def _meeting(self, data: dict, body: Body) -> Meeting | None:
        self._note_fields("Meeting", data)
        fields = mapping.meeting_fields(data)
        if fields["start"] is None:
            self.store.problem(data["id"], "Meeting", "ohne Beginn (start) – übersprungen")
            return None
        organizations = [self._ref(Organization, url, body) for url in mapping.first_of(data.get("organization"))]
        organization = next((o for o in organizations if o is not None), None) or self._unknown_organization(body)
        location = data.get("location")
        fields.update(
            organization=organization,
            location=self._location(location) if isinstance(location, dict) and location.get("id") else None,
        )
        meeting = self.store.upsert(Meeting, data["id"], fields)
        items = self._embedded(data, "agendaItem", AgendaItem)
        orders = [i.get("order") for i in items if isinstance(i.get("order"), int)]
        if orders and sorted(orders) != list(range(len(orders))):
            # Kept as our sort key; OParl's order (the position from 0) is served as the position.
            self._quirk("AgendaItem", "order nicht je Sitzung von 0 an gezählt")
        for position, item in enumerate(items):
            self._note_fields("AgendaItem", item)
            agenda_item = self.store.upsert(
                AgendaItem, item["id"], {**mapping.agenda_item_fields(item, position), "meeting": meeting}
            )
            self._files(item, body, agenda_item=agenda_item, meeting=meeting)
            if "ris:vote" in item:
                self._votes(item, agenda_item, body)
            else:
                self._result_vote(item, agenda_item)
        if "agendaItem" in data:
            self.store.retire_missing(AgendaItem, "meeting_id", meeting.pk, {i["id"] for i in items})
        self._files(data, body, meeting=meeting)
        participants = [self._ref(Person, url) for url in mapping.first_of(data.get("participant"))]
        if any(p is None for p in participants):
            self._quirk("Meeting", "Teilnehmer verweist auf eine Person, die keine Liste enthält")
        if participants:
            self._participants(meeting, [p for p in participants if p is not None])
        return meeting

    def _votes(self, data: dict, agenda_item: AgendaItem, body: Body) -> None:
        """Our vendor property ``ris:vote`` (from another RIS like ours): votes keyed by item and position."""
        for position, vote in enumerate(mapping.first_of(data.get("ris:vote"))):
            if not isinstance(vote, dict):
                continue
            counts = {
                key: vote.get(key) if isinstance(vote.get(key), int) else None for key in ("yes", "no", "abstain")
            }
            record = self.store.upsert(
                Vote,
                f"{agenda_item.oparl_id}#ris-vote-{position}",
                {
                    **counts,
                    "agenda_item": agenda_item,
                    "subject": mapping.text(vote.get("subject"), 500),
                    "unanimous": vote.get("unanimous") is True,
                    "named": vote.get("named") is True,
                    "result": mapping.result(vote.get("result")) or Result.NO_VOTE,
                    "source_text": mapping.verbatim(vote.get("source"), 500),
                },
            )
            if record.pk is None and vote.get("byOrganization"):
                self.store.flush()
            for group in mapping.first_of(vote.get("byOrganization")):
                organization = (
                    self._ref(Organization, group.get("organization"), body) if isinstance(group, dict) else None
                )
                if organization is not None:
                    counts = {
                        key: group.get(key) if isinstance(group.get(key), int) else 0
                        for key in ("yes", "no", "abstain")
                    }
                    row, created = VoteGroupCount.objects.get_or_create(
                        vote=record, organization=organization, defaults=counts
                    )
                    if not created and any(getattr(row, key) != value for key, value in counts.items()):
                        VoteGroupCount.objects.filter(pk=row.pk).update(**counts)

    def _result_vote(self, data: dict, agenda_item: AgendaItem) -> None:
        """A vote read from the free-text result ("einstimmig", "5 Ja-Stimmen; 6 Nein-Stimmen"), the text its source."""
        oparl_id = f"{agenda_item.oparl_id}#ergebnis"
        parsed = results.parse(data.get("result"))
        if not parsed.has_vote:
            self.store.mark_deleted(Vote, oparl_id)
            return
        self.store.upsert(
            Vote,
            oparl_id,
            {
                "agenda_item": agenda_item,
                "yes": parsed.yes,
                "no": parsed.no,
                "abstain": parsed.abstain,
                "unanimous": parsed.unanimous,
                "result": parsed.result or Result.NO_VOTE,
                "source_text": data["result"][:500],
            },
        )

    def _embedded(self, data: dict, key: str, model) -> list[dict]:
        """The embedded objects under ``key``; those marked deleted are soft-deleted here and left out."""
        objects, seen = [], set()
        for item in mapping.first_of(data.get(key)):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            if item["id"] in seen:
                # The same object twice in one parent (a paper listing a consultation twice): once is enough.
                self._quirk(model.__name__, f"dasselbe Objekt zweimal in einem {_type_name(data) or 'Objekt'}")
                continue
            seen.add(item["id"])
            if item.get("deleted") is True:
                self.store.mark_deleted(model, item["id"])
            else:
                objects.append(item)
        return objects

    def _participants(self, meeting: Meeting, persons: list[Person]) -> None:
        from sessions.models import Attendance

        have = set(meeting.attendances.values_list("person_id", flat=True)) if meeting.pk else set()
        for person in persons:
            if person.pk not in have:
                self.store.later(Attendance(meeting=meeting, person=person))
                have.add(person.pk)

    def _unknown_organization(self, body: Body) -> Organization:
        return self.store.upsert(
            Organization, f"{body.oparl_id}#ohne-gremium", {"name": "Ohne Gremium (Import)", "body": body}
        )

    def _files(self, data: dict, body: Body, **owner) -> None:
        for prop, role in mapping.FILE_ROLES.items():
            if prop == "mainFile" and "paper" not in owner:
                continue
            for file_data in mapping.first_of(data.get(prop)):
                if not isinstance(file_data, dict) or not file_data.get("id"):
                    continue
                if file_data["id"] in self.seen_files:
                    # The same file under a second parent: add the owner, keep what the first gave.
                    self.store.upsert(File, file_data["id"], owner)
                    continue
                self.seen_files.add(file_data["id"])
                self._note_fields("File", file_data)
                fields = {**mapping.file_fields(file_data, role), "body": body, **owner}
                existing = self.store.get(File, file_data["id"])
                if existing is not None and existing.file:
                    # Our own download defines size, checksum and type once we have the bytes.
                    for key in ("size", "sha512", "media_type"):
                        fields.pop(key)
                elif isinstance(file_data.get("text"), str) and file_data["text"].strip():
                    fields["text"] = file_data["text"].strip()
                if not fields["external_url"]:
                    self.store.problem(file_data["id"], "File", "ohne accessUrl")
                self.store.upsert(File, file_data["id"], fields)

    def _paper(self, data: dict, body: Body) -> Paper:
        self._note_fields("Paper", data)
        fields = {**mapping.paper_fields(data), "body": body}
        if self.options.archive_before:
            day = fields["date"] or (fields["source_created"].date() if fields["source_created"] else None)
            if day and day < self.options.archive_before:
                fields["archived"] = True
        existing = self.store.get(Paper, data["id"])
        if self.references is None:
            self.references = {(p.body_id, p.reference): p.oparl_id for p in self.store.known(Paper).values()}
            self.references.update(
                {(p.body_id, p.reference): p.oparl_id for p in Paper.objects.filter(oparl_id="").exclude(reference="")}
            )
        clash = self.references.get((body.pk, fields["reference"]))
        if fields["reference"] and clash not in (None, data["id"]):
            self.store.problem(data["id"], "Paper", f"Drucksachennummer {fields['reference']} doppelt (wie {clash})")
            fields["reference"] = existing.reference if existing else ""
        under = [self._ref(Organization, url, body) for url in mapping.first_of(data.get("underDirectionOf"))]
        fields["lead_unit"] = next((o for o in under if o is not None), None)
        paper = self.store.upsert(Paper, data["id"], fields)
        if paper.reference:
            self.references[(body.pk, paper.reference)] = data["id"]
        persons = [self._ref(Person, url, body) for url in mapping.first_of(data.get("originatorPerson"))]
        organizations = [
            self._ref(Organization, url, body) for url in mapping.first_of(data.get("originatorOrganization"))
        ]
        self.store.set_many(paper, "originator_persons", persons)
        self.store.set_many(paper, "originator_organizations", organizations)
        locations = [
            self._location(loc)
            for loc in mapping.first_of(data.get("location"))
            if isinstance(loc, dict) and loc.get("id")
        ]
        self.store.set_many(paper, "locations", locations)
        consultations = self._embedded(data, "consultation", Consultation)
        for position, item in enumerate(consultations):
            self._consultation(item, paper, body, position)
        if "consultation" in data:
            self.store.retire_missing(Consultation, "paper_id", paper.pk, {c["id"] for c in consultations})
        self._files(data, body, paper=paper)
        return paper

    def _paper_relations(self, data: dict) -> None:
        """Links between papers, once all are known: an amendment's motion, an answer's inquiry, related papers."""
        paper = self.store.get(Paper, data.get("id"))
        if paper is None or data.get("deleted"):
            return
        superordinated = [self.store.get(Paper, url) for url in mapping.first_of(data.get("superordinatedPaper"))]
        linked = mapping.first_of(data.get("relatedPaper")) + mapping.first_of(data.get("superordinatedPaper"))
        if any(self.store.get(Paper, url) is None for url in linked):
            self._quirk("Paper", "Verweis auf eine Drucksache, die keine Liste enthält")
        related = [p for p in (self.store.get(Paper, url) for url in mapping.first_of(data.get("relatedPaper"))) if p]
        answers = None
        if paper.paper_type == PaperType.ANSWER:
            answers = next((p for p in related if p.paper_type == PaperType.INQUIRY), None)
        answered_by = {
            p.pk for p in related if p.paper_type == PaperType.ANSWER and paper.paper_type == PaperType.INQUIRY
        }
        amends = next((p for p in superordinated if p is not None), None)
        wanted = {
            "amends_id": amends.pk if amends else None,
            "answers_id": answers.pk if answers else None,
            # Without one from the source, the deadline a save fills in (else every run would clear
            # and refill it: a no-change run saved every inquiry).
            "answer_deadline": mapping.parse_date(data.get("ris:answerDeadline")) or self._default_deadline(paper),
        }
        changed = [key for key, value in wanted.items() if getattr(paper, key) != value]
        if changed:
            for key in changed:
                setattr(paper, key, wanted[key])
            paper.save(update_fields=[key.removesuffix("_id") for key in changed] + ["modified"])
            self.store.writes += 1
        self.store.set_many(paper, "related_papers", [p for p in related if p != answers and p.pk not in answered_by])

    def _default_deadline(self, paper: Paper):
        if paper.paper_type != PaperType.INQUIRY or not paper.date:
            return None
        body = next((b for b in self.store.known(Body).values() if b.pk == paper.body_id), None)
        if body is not None:
            paper.body = body  # known already: no query per paper
        return paper.default_answer_deadline()

    def _consultation(self, data: dict, paper: Paper, body: Body, position: int) -> None:
        self._note_fields("Consultation", data)
        meeting = self.store.get(Meeting, data.get("meeting"))
        organizations = [self._ref(Organization, url, body) for url in mapping.first_of(data.get("organization"))]
        organization = next((o for o in organizations if o is not None), None)
        if organization is None:
            organization = meeting.organization if meeting else self._unknown_organization(body)
        fields = {
            **mapping.consultation_fields(data, position),
            "paper": paper,
            "organization": organization,
            "meeting": meeting,
            "agenda_item": self.store.get(AgendaItem, data.get("agendaItem")),
        }
        for key, model in (("meeting", Meeting), ("agendaItem", AgendaItem)):
            if data.get(key) and self.store.get(model, data.get(key)) is None:
                self.store.problem(data["id"], "Consultation", f"{key} {data.get(key)} unbekannt")
        self.store.upsert(Consultation, data["id"], fields)
