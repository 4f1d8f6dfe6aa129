"""The content version: a token that changes with every write to the council's records.

Caches of rendered public content (``ris/page_cache.py``) put it into their keys, so that any
change — an edit, a publication, a record made non-public, an import — makes every cached
fragment unreachable at once. The writes are seen where they all pass: every SQL statement
Django sends goes through the connection's execute wrappers, so ``save()``, ``update()``,
``bulk_create()``, deletes and raw SQL on a Django connection all count, signals or not (several
services and the importer write with ``update()``, which sends no signal).

A write inside a transaction changes the version at once (for readers of the same transaction,
if this process has read the version since) and again after the commit: a page rendered from the old data while the transaction was open
is stored under a version nobody asks for any more. The version is a random token, never a
counter, so an evicted or cleared version can never come back and match old entries.

Wired in ``ris.apps.RisConfig.ready`` (``connection_created``) when the page cache is on.
"""

from __future__ import annotations

import logging
import re
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_KEY = "ris:content-version"
# The tables whose rows the public pages show: council records, papers and files, the
# implementation tracking shown on a paper's page, the search index (the cached search page), and
# the installation's and bodies' look (whole cached pages carry name, logo and colours).
CONTENT_TABLES = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?:motions_|council_sessions_|members_resolutiontracking|'
    r"members_progressreport|ris_search_searchdocument|web_siteappearance|web_bodyappearance)",
    re.IGNORECASE,
)


# Whether this process read the version since it last changed it. A write inside a transaction
# needs an immediate change only for readers that can see the uncommitted rows — this process's
# own; an import in a worker that never reads the version then changes it once per transaction.
_read_since_bump = True


def current() -> str | None:
    """The version, or None when the cache cannot be reached (then nothing may be cached)."""
    global _read_since_bump
    _read_since_bump = True
    try:
        version = cache.get(CACHE_KEY)
        if version is None:
            cache.add(CACHE_KEY, uuid.uuid4().hex, None)
            version = cache.get(CACHE_KEY)
    except Exception:  # an unreachable Redis: pages render uncached rather than fail
        logger.warning("content version unreadable; pages are rendered without the page cache", exc_info=True)
        return None
    return version


def bump() -> None:
    global _read_since_bump
    _read_since_bump = False
    try:
        cache.set(CACHE_KEY, uuid.uuid4().hex, None)
    except Exception:  # a write must not fail because the cache is down
        logger.error(
            "content version not changed: cached pages may be stale for up to RIS_PAGE_CACHE_SECONDS", exc_info=True
        )


def _note_write(connection) -> None:
    if not connection.in_atomic_block or _read_since_bump:
        bump()
    if connection.in_atomic_block and connection.run_on_commit is not getattr(connection, "_ris_version_hooks", None):
        # Once per transaction: Django replaces ``run_on_commit`` with a new list on every commit
        # and rollback, so a new list means this transaction has no bump registered yet.
        transaction.on_commit(bump, using=connection.alias, robust=True)
        connection._ris_version_hooks = connection.run_on_commit


def watch_writes(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: notes every write to a content table on this connection."""
    if getattr(connection, "_ris_watching_writes", False):
        return  # a reconnect of a wrapper that is already watched

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if CONTENT_TABLES.match(sql):
            _note_write(connection)
        return result

    connection.execute_wrappers.insert(0, wrapper)  # first: a later `execute_wrapper()` block pops its own
    connection._ris_watching_writes = True
