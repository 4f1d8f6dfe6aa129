"""Writing imported objects: match by OParl id, save only what changed, record what failed.

``Store`` keeps one in-memory index per model (``oparl_id`` → record), loaded once, so a run
costs one query per model for lookups and a write only where the source changed: a second run
over the same data writes nothing. Problems are recorded per URL with their reason.
"""

from __future__ import annotations

from collections import Counter

from django.db import models
from django.utils import timezone

from oparl.models import ImportProblem


def _by_attname(model, fields: dict) -> dict:
    """Foreign keys as ``<name>_id`` values, so comparing never loads the related record."""
    out = {}
    for key, value in fields.items():
        field = model._meta.get_field(key)
        if field.many_to_one:
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

    def known(self, model) -> dict[str, models.Model]:
        if model not in self.index:
            self.index[model] = {obj.oparl_id: obj for obj in model.objects.exclude(oparl_id="")}
        return self.index[model]

    def get(self, model, oparl_id: str | None):
        if not oparl_id:
            return None
        return self.known(model).get(oparl_id)

    def upsert(self, model, oparl_id: str, fields: dict):
        """Create or update the record with this OParl id; returns it. Saves only on change."""
        fields = _by_attname(model, fields)
        index = self.known(model)
        obj = index.get(oparl_id)
        name = model.__name__
        if obj is None:
            obj = model(oparl_id=oparl_id, **fields)
            obj.save()
            self.writes += 1
            index[oparl_id] = obj
            if self._added is not None:
                self._added.append((model, oparl_id))
            self.counts[f"{name} neu"] += 1
            return obj
        changed = [key for key, value in fields.items() if getattr(obj, key) != value]
        if obj.deleted:
            obj.deleted, obj.deleted_at = False, None
            changed.append("deleted")
        if changed:
            for key in changed:
                if key != "deleted":
                    setattr(obj, key, fields[key])
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

    def retire_missing(self, model, parent_attname: str, parent_pk: int, present: set[str]) -> None:
        """Soft-delete imported children of a parent that the source no longer lists under it."""
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

    def begin(self) -> None:
        """Start one object's scope: records added from here are forgotten if it fails."""
        self._added = []

    def rollback(self) -> None:
        self._open_problems = None  # problems written inside the failed savepoint are gone again
        for model, oparl_id in self._added or []:
            self.index.get(model, {}).pop(oparl_id, None)
        self._added = None

    def commit(self) -> None:
        self._added = None
