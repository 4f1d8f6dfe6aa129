"""Keeping a snippet's latest Wagtail revision in step with changes that services write directly.

Papers and meetings are edited through revisions: publishing a revision saves the whole object,
inline children included (``ClusterableModel``). A service that records a consultation result or
adds agenda items writes to the database; unless the latest revision learns about it too, the
next "Veröffentlichen" of that revision would silently roll the change back. ``revision_refresh``
copies the named fields and child relations from the database into the latest revision.
"""

from __future__ import annotations

from wagtail.log_actions import log


def revision_refresh(obj, *, fields: list[str]) -> None:
    """Copy ``fields`` (plain fields or child relation names) of ``obj`` from the database into its latest revision."""
    fresh = type(obj).objects.get(pk=obj.pk)
    revision = fresh.latest_revision
    if revision is None:
        return
    data = fresh.serializable_data()
    for name in fields:
        revision.content[name] = data[name]
    revision.save(update_fields=["content"])


def audit(*, obj, action: str, user=None, data: dict | None = None) -> None:
    """Record a change in Wagtail's audit log (Berichte → Protokoll), who, when and what."""
    log(instance=obj, action=action, user=user, data=data or {})
