"""Writing imported objects: match by OParl id, save only what changed, record what failed.

``Store`` keeps one in-memory index per model (``oparl_id`` → record), loaded once, so a run
costs one query per model for lookups and a write only where the source changed: a second run
over the same data writes nothing. Problems are recorded per URL with their reason.

New records of the numerous kinds (``BULK``: meetings, agenda items, votes, papers,
consultations, files, memberships) are not saved one by one: they wait in memory and ``flush``
inserts them with ``bulk_create``, a batch per model in dependency order, then announces them
in one batch event each (search index, alerts and resolution tracking), as ``post_save`` would
have. A city's import creates about 130,000 records: saved one by one with every signal that
took most of 745 s. Changes to existing records are still saved one by one (with their signals).
"""

from __future__ import annotations

from collections import Counter

from django.db import models, transaction
from django.utils import timezone

from members import signals as member_signals
from motions.models import Consultation, File, Paper
from oparl.models import ImportProblem
from ris.control_chars import clean_model_text
from search import signals as search_signals
from sessions.models import AgendaItem, Attendance, Meeting, Membership, Vote

# Created in bulk, in this order (each model's foreign keys point to those before it or to saved records).
BULK = (Meeting, Attendance, AgendaItem, Vote, Paper, Consultation, File, Membership)
BATCH = 500


def _by_attname(model, fields: dict) -> dict:
    """Foreign keys as ``<name>_id`` values, so comparing never loads the related record."""
    out = {}
    for key, value in fields.items():
        field = model._meta.get_field(key)
        if field.many_to_one:
            if value is not None and value.pk is None:
                out[key] = value  # waiting to be created: its key is set when both are inserted
            else:
                out[field.attname] = value.pk if value is not None else None
        else:
            out[key] = value
    return out


class Store:
    def __init__(self):
        self.index: dict[type, dict[str, models.Model]] = {}
        self.counts: Counter = Counter()
        self.problems: list[tuple[str, str, str]] = []
        self._added: list[tuple[type, str]] | None = None
        self.writes = 0
        self._children: dict[tuple, dict[int, list]] = {}
        self._open_problems: set[tuple[str, str]] | None = None
        self._relations: dict[tuple, dict[int, set[int]]] = {}
        self._pending: dict[type, dict[int, models.Model]] = {model: {} for model in BULK}
        self._pending_relations: list[tuple[models.Model, str, list]] = []
        self._touch: dict[type, set] = {}
        self._alive: dict[type, set[str]] = {}

    def known(self, model) -> dict[str, models.Model]:
        if model not in self.index:
            self.index[model] = {obj.oparl_id: obj for obj in model.objects.exclude(oparl_id="")}
        return self.index[model]

    def alive(self, model, oparl_id: str) -> bool:
        """Whether a record with this id exists and is not deleted, without loading the records
        (a no-change run over a server that ignores ``modified_since`` needs nothing more)."""
        if model in self.index:
            obj = self.index[model].get(oparl_id)
            return obj is not None and not obj.deleted
        if model not in self._alive:
            alive = model.objects.exclude(oparl_id="").filter(deleted=False)
            self._alive[model] = set(alive.values_list("oparl_id", flat=True))
        return oparl_id in self._alive[model]

    def get(self, model, oparl_id: str | None):
        if not oparl_id:
            return None
        return self.known(model).get(oparl_id)

    def upsert(self, model, oparl_id: str, fields: dict):
        """Create or update the record with this OParl id; returns it. Saves only on change."""
        index = self.known(model)
        obj = index.get(oparl_id)
        unsaved = any(isinstance(v, models.Model) and v.pk is None for v in fields.values())
        if unsaved and obj is not None and obj.pk is not None:
            self.flush()  # a saved record moves under a new parent: the parent is inserted first
        name = model.__name__
        if obj is None:
            obj = model(oparl_id=oparl_id, **fields)  # related records given as such: no query to read them
            if model in self._pending and not (model is Paper and not obj.reference and obj.paper_type):
                self._pending[model][id(obj)] = obj  # (a paper to be numbered is saved at once)
            else:
                obj.save()
            self.writes += 1
            index[oparl_id] = obj
            if self._added is not None:
                self._added.append((model, oparl_id))
            self.counts[f"{name} neu"] += 1
            return obj
        fields = _by_attname(model, fields)
        changed = [key for key, value in fields.items() if getattr(obj, key) != value]
        if obj.deleted:
            obj.deleted, obj.deleted_at = False, None
            changed.append("deleted")
        if changed:
            for key in changed:
                if key != "deleted":
                    setattr(obj, key, fields[key])
            if obj.pk is not None:
                obj.save()
            self.writes += 1
            self.counts[f"{name} geändert"] += 1
        else:
            self.counts[f"{name} unverändert"] += 1
        return obj

    def set_many(self, obj, attribute: str, targets: list) -> None:
        """Set a many-to-many relation, writing only when it differs.

        The relation's current pairs are read once per run for all records (one query instead of
        one per record: 5 of 7 s of a no-change run over the Hürtgenwald crawl went there).
        """
        key = (type(obj), attribute)
        if key not in self._relations:
            field = type(obj)._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            pairs: dict[int, set[int]] = {}
            for left, right in through.objects.values_list(source, target):
                pairs.setdefault(left, set()).add(right)
            self._relations[key] = pairs
        if obj.pk is None or any(t is not None and t.pk is None for t in targets):
            self._pending_relations.append((obj, attribute, targets))
            self.writes += 1
            return
        wanted = {t.pk for t in targets if t is not None}
        pairs = self._relations[key]
        have = pairs.get(obj.pk, set())
        if have != wanted:
            getattr(obj, attribute).set(wanted)
            if getattr(type(obj)._meta.get_field(attribute).remote_field, "symmetrical", False):
                for pk in have - wanted:
                    pairs.get(pk, set()).discard(obj.pk)
                for pk in wanted - have:
                    pairs.setdefault(pk, set()).add(obj.pk)
            pairs[obj.pk] = wanted
            self.writes += 1

    def mark_deleted(self, model, oparl_id: str) -> None:
        """Soft-delete, with what the record takes along (``motions.services.record_children_soft_delete``)."""
        from motions.services import record_children_soft_delete

        obj = self.get(model, oparl_id)
        if obj is not None and obj.pk is None:
            self.flush()
        if obj is not None and not obj.deleted:
            obj.deleted, obj.deleted_at = True, timezone.now()
            obj.save()
            self.writes += 1
            self.counts[f"{model.__name__} gelöscht"] += 1
            record_children_soft_delete(obj=obj, when=obj.deleted_at)
            self._forget_deleted(obj.deleted_at)

    def _forget_deleted(self, when) -> None:
        """The in-memory index learns which children the cascade deleted (so a later upsert revives them)."""
        for model, index in self.index.items():
            if any(f.name == "deleted_at" for f in model._meta.fields):
                for oparl_id in model.objects.filter(deleted=True, deleted_at=when).values_list("oparl_id", flat=True):
                    if oparl_id in index:
                        index[oparl_id].deleted = True

    def retire_missing(self, model, parent_attname: str, parent_pk: int | None, present: set[str]) -> None:
        """Soft-delete imported children of a parent that the source no longer lists under it."""
        if parent_pk is None:  # a parent still to be inserted has no children of earlier runs
            return
        if (model, parent_attname) not in self._children:
            groups: dict[int, list] = {}
            for obj in self.known(model).values():
                groups.setdefault(getattr(obj, parent_attname), []).append(obj)
            self._children[(model, parent_attname)] = groups
        for obj in self._children[(model, parent_attname)].get(parent_pk, []):
            if obj.oparl_id not in present and not obj.deleted and getattr(obj, parent_attname) == parent_pk:
                self.mark_deleted(model, obj.oparl_id)

    def problem(self, url: str, object_type: str, reason: str, *, placeholder: bool = False) -> None:
        """Record a problem once: one that is already recorded and open costs no write (a re-run
        over unchanged data writes nothing)."""
        self.problems.append((url, object_type, reason))
        # (url, reason) is a unique index: keep both well below PostgreSQL's limit per index row.
        key = (url[:1000], reason[:500])
        if self._open_problems is None:
            self._open_problems = set(ImportProblem.objects.filter(resolved=False).values_list("url", "reason"))
        if key in self._open_problems:
            return
        ImportProblem.objects.update_or_create(
            url=key[0],
            reason=key[1],
            defaults={"object_type": object_type, "resolved": False, "placeholder": placeholder},
        )
        self._open_problems.add(key)

    def problems_many(self, problems: list[tuple[str, str, str]]) -> None:
        """Several problems in one insert (failed downloads); those already open cost nothing."""
        if self._open_problems is None:
            self._open_problems = set(ImportProblem.objects.filter(resolved=False).values_list("url", "reason"))
        rows = {}
        for url, object_type, reason in problems:
            self.problems.append((url, object_type, reason))
            key = (url[:1000], reason[:500])
            if key not in self._open_problems:
                rows[key] = ImportProblem(url=key[0], reason=key[1], object_type=object_type)
        if not rows:
            return
        # A resolved twin of the same (url, reason) is reopened; a new one inserted.
        ImportProblem.objects.filter(resolved=True, url__in=[k[0] for k in rows]).filter(
            reason__in=[k[1] for k in rows]
        ).update(resolved=False)
        ImportProblem.objects.bulk_create(list(rows.values()), ignore_conflicts=True, batch_size=500)
        self._open_problems.update(rows)

    def resolved(self, url: str) -> None:
        ImportProblem.objects.filter(url=url, resolved=False).update(resolved=True)
        if self._open_problems is not None:
            self._open_problems = {key for key in self._open_problems if key[0] != url[:1000]}

    def touch(self, record) -> None:
        """Move the record's ``modified`` (its embedded objects changed): once per record, at ``flush``."""
        if record.pk is not None:  # a new one gets its ``modified`` when it is inserted
            self._touch.setdefault(type(record), set()).add(record.pk)

    def flush(self) -> None:
        """Insert the waiting records (a batch per model), set their many-to-many relations,
        announce them, and move the touched parents' ``modified``."""
        with transaction.atomic():
            for model in BULK:
                waiting = [obj for obj in self._pending[model].values() if obj.pk is None]
                self._pending[model] = {}
                if not waiting:
                    continue
                for obj in waiting:
                    clean_model_text(sender=model, instance=obj)
                    if model is Paper:
                        obj.fill_defaults()
                waiting = self._insert(model, waiting)
                search_signals.records_created(model, waiting)
                member_signals.records_created(model, waiting)
            relations, self._pending_relations = self._pending_relations, []
            for obj, attribute, targets in relations:
                self.set_many(obj, attribute, targets)
            now = timezone.now()
            for model, pks in self._touch.items():
                pks = sorted(pks)
                for start in range(0, len(pks), BATCH):
                    model.objects.filter(pk__in=pks[start : start + BATCH]).update(modified=now)
            self._touch = {}

    def later(self, obj) -> None:
        """Insert this new record (one without an OParl id of its own) with the next ``flush``."""
        self._pending[type(obj)][id(obj)] = obj
        self.writes += 1

    def _insert(self, model, objects: list) -> list:
        """``bulk_create`` in one savepoint; if that fails, one by one, each failure an import
        problem (as a failed object is when written alone). Returns those inserted."""
        try:
            with transaction.atomic():
                model.objects.bulk_create(objects, batch_size=BATCH)
            return objects
        except Exception:  # find the culprits; the rest goes in
            for obj in objects:
                obj.pk = None
                obj._state.adding = True
        inserted = []
        for obj in objects:
            try:
                with transaction.atomic():
                    model.objects.bulk_create([obj])
            except Exception as exc:
                obj.pk = None
                self.index.get(model, {}).pop(getattr(obj, "oparl_id", ""), None)
                url = getattr(obj, "oparl_id", "") or f"{model.__name__} {obj}"
                self.problem(url, model.__name__, f"{type(exc).__name__}: {exc}")
            else:
                inserted.append(obj)
        return inserted

    def begin(self) -> None:
        """Start one object's scope: records added from here are forgotten if it fails."""
        self._added = []

    def rollback(self) -> None:
        self._open_problems = None  # problems written inside the failed savepoint are gone again
        for model, oparl_id in self._added or []:
            obj = self.index.get(model, {}).pop(oparl_id, None)
            if obj is not None and model in self._pending:
                self._pending[model].pop(id(obj), None)
        if self._added is not None:
            dropped = {id(obj) for obj, _, _ in self._pending_relations if obj.pk is None} - {
                id(obj) for pending in self._pending.values() for obj in pending.values()
            }
            self._pending_relations = [r for r in self._pending_relations if id(r[0]) not in dropped]
        self._added = None

    def commit(self) -> None:
        self._added = None
