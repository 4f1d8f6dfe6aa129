"""The documents of a meeting as one ZIP, built once per version in the background (issue 14).

Compressing in the request kept every web worker busy while 8 people fetched a meeting with a
50 MB file. Now the view only decides *which* files the user may see; the archive of exactly
those files is named by a digest of their ids, checksums and names, built once by a Celery task
(web/tasks.py, in-process when there is no broker) into ``MEDIA_ROOT/zips/``, and served as a
plain file from then on. A changed file, a new file or a removed one gives a new digest and so a
new archive; users who see different files (public, members, staff) get different archives, so
no archive holds anything its reader may not see.

Versions nobody asks for any more are removed by ``prune`` (daily, by beat; ``web.tasks``): an
archive is kept while it is served (each download sets its access time; its modification time
stays the build's) and for
``RIS_MEETING_ZIP_KEEP_DAYS`` after; a half-written ``.part`` of a killed worker goes after an
hour.
"""

import hashlib
import logging
import os
import tempfile
import time
import zipfile
from pathlib import Path

from django.conf import settings

from motions.models import File

FOLDER = "zips"
PARTIAL_MAX_AGE_SECONDS = 3600

logger = logging.getLogger(__name__)


def stored_entry(file: File, public_ids) -> object:
    """The stored document that goes into the archive: the redacted public version for the files
    in ``public_ids`` (docs/privacy.md), else the original."""
    return file.public_file if file.pk in public_ids else file.file


def archive_digest(files: list[File], public_ids=()) -> str:
    """What makes a version of the archive: each file's id, content checksum, name and which
    version of it (a public version changes with its redactions, so its record's modified counts)."""
    public_ids = set(public_ids)
    parts = [
        f"{f.pk}:{f.sha256 or f.modified.isoformat()}:{f.file_name}:{stored_entry(f, public_ids).name}"
        + (f":{f.modified.isoformat()}" if f.pk in public_ids else "")
        for f in files
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def archive_path(meeting_id: int, digest: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / f"sitzung-{meeting_id}-{digest}.zip"


def archive_build(*, meeting_id: int, file_ids: list[int], digest: str, public_ids=()) -> Path | None:
    """Write the archive of these files, unless it exists; None when the files changed meanwhile
    (the next request asks for the new version)."""
    target = archive_path(meeting_id, digest)
    if target.exists():
        return target
    public_ids = set(public_ids)
    files = [f for f in File.objects.filter(pk__in=file_ids).order_by("pk") if stored_entry(f, public_ids)]
    if archive_digest(files, public_ids) != digest:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                with (
                    stored_entry(file, public_ids).open("rb") as source,
                    archive.open(f"{file.pk}-{file.file_name or 'datei'}", "w") as dest,
                ):
                    while chunk := source.read(1024 * 1024):
                        dest.write(chunk)
        os.replace(partial, target)  # readers see the whole archive or none
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


def mark_served(path: Path) -> None:
    """A download sets the archive's access time (explicitly: mounts with ``noatime`` keep none):
    ``prune`` keeps what readers still fetch."""
    try:
        os.utime(path, (time.time(), path.stat().st_mtime))
    except OSError:  # pruned or replaced meanwhile: the next request builds it again
        pass


def prune(
    *, keep_days: float | None = None, now: float | None = None, folder_name: str = FOLDER, suffix: str = ".zip"
) -> dict[str, int]:
    """Remove built versions (``suffix`` in ``MEDIA_ROOT/folder_name``: the ZIPs, and the
    Sitzungsmappen of web/meeting_binder.py) not served for ``keep_days``, and abandoned partial
    files; counts by kind."""
    keep_days = settings.RIS_MEETING_ZIP_KEEP_DAYS if keep_days is None else keep_days
    now = time.time() if now is None else now
    folder = Path(settings.MEDIA_ROOT) / folder_name
    removed = {"archives": 0, "partial": 0, "kept": 0}
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        try:
            stat = entry.stat()
            age = now - max(stat.st_atime, stat.st_mtime)
        except FileNotFoundError:
            continue
        kind = "partial" if entry.suffix == ".part" else "archives" if entry.suffix == suffix else None
        limit = PARTIAL_MAX_AGE_SECONDS if kind == "partial" else keep_days * 86400
        if kind is None or age < limit:
            removed["kept"] += kind is not None
            continue
        try:
            entry.unlink()
            removed[kind] += 1
        except FileNotFoundError:
            pass
    logger.info("%s pruned: %s", folder_name, removed)
    return removed
