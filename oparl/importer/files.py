"""Downloading imported files and handing them to the ingestion pipeline (text extraction).

Downloads run in a bounded thread pool; storing happens in the calling thread (SQLite allows
one writer). A file that cannot be downloaded is recorded with its reason and tried again on a
back-off schedule (1 h, 2 h, 4 h, … up to a week), not on every run.
"""

from __future__ import annotations

import datetime
import hashlib
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from motions.models import ExtractionState, File
from motions.services import sniff_media_type
from oparl.importer.client import FetchError
from oparl.models import RemoteFile

MAX_BACKOFF = datetime.timedelta(days=7)
MAX_SIZE = 200 * 1024 * 1024


def pending(body) -> list[File]:
    now = timezone.now()
    return list(
        File.objects.filter(body=body, deleted=False, file="")
        .exclude(external_url="")
        .filter(Q(remote__isnull=True) | Q(remote__next_attempt_at__lte=now) | Q(remote__next_attempt_at__isnull=True))
        .order_by("pk")
    )


def download_pending(source, *, body, store, progress: bool = True) -> tuple[int, int]:
    """Download the body's files that are due; returns (downloaded, failed)."""
    files = pending(body)
    done = failed = 0

    def fetch(file: File):
        try:
            content, content_type = source.get(file.external_url, raw=True)
        except FetchError as exc:
            return file, None, exc.reason
        if not content:
            return file, None, "leere Datei"
        if len(content) > MAX_SIZE:
            return file, None, f"zu groß ({len(content)} Bytes)"
        return file, content, None

    failures: list[tuple[File, str]] = []
    with (
        ThreadPoolExecutor(max_workers=max(1, getattr(source, "parallel", 1))) as pool,
        tqdm(total=len(files), desc="Dateien", unit="Datei", disable=not progress, leave=False) as bar,
    ):
        for file, content, error in pool.map(fetch, files):
            bar.update(1)
            if error:
                failures.append((file, error))
                failed += 1
                if len(failures) >= FAILURE_BATCH:
                    _record_failures(failures, store)
                    failures = []
            else:
                _store(file, content)
                done += 1
    _record_failures(failures, store)
    return done, failed


FAILURE_BATCH = 500


def _record_failures(failures: list[tuple[File, str]], store) -> None:
    """Failed downloads, written together: their back-off state and one import problem each.

    One transaction per batch instead of three committed writes per file (the Hürtgenwald dump
    has 6,947 file URLs that all fail: 56 of 92 s went there). The next attempt is due after
    1 h, 2 h, 4 h, … (at most a week), so a re-run does not ask again before then.
    """
    if not failures:
        return
    now = timezone.now()
    known = {r.file_id: r for r in RemoteFile.objects.filter(file_id__in=[f.pk for f, _ in failures])}
    new, changed = [], []
    for file, reason in failures:
        remote = known.get(file.pk) or RemoteFile(file=file)
        remote.attempts += 1
        remote.last_error = reason[:2000]
        remote.next_attempt_at = now + min(datetime.timedelta(hours=2 ** (remote.attempts - 1)), MAX_BACKOFF)
        (changed if remote.pk else new).append(remote)
    with transaction.atomic():
        RemoteFile.objects.bulk_create(new, batch_size=500)
        RemoteFile.objects.bulk_update(changed, ["attempts", "last_error", "next_attempt_at"], batch_size=500)
        store.problems_many(
            [(file.external_url, "File", f"Download fehlgeschlagen: {reason}") for file, reason in failures]
        )


def _store(file: File, content: bytes) -> None:
    from motions.tasks import extract_file_text

    name = file.file_name or f"datei-{file.pk}"
    file.sha256 = hashlib.sha256(content).hexdigest()
    file.sha512 = hashlib.sha512(content).hexdigest()
    file.size = len(content)
    file.media_type = sniff_media_type(content, name)
    file.extraction_state = ExtractionState.WAITING
    file.file.save(name, ContentFile(content), save=False)
    file.save()
    RemoteFile.objects.filter(file=file).delete()
    extract_file_text.delay(file.pk)
