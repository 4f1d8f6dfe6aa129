"""The documents of a meeting as one ZIP, built once per version in the background (issue 14).

Compressing in the request kept every web worker busy while 8 people fetched a meeting with a
50 MB file. Now the view only decides *which* files the user may see; the archive of exactly
those files is named by a digest of their ids, checksums and names, built once by a Celery task
(web/tasks.py, in-process when there is no broker) into ``MEDIA_ROOT/zips/``, and served as a
plain file from then on. A changed file, a new file or a removed one gives a new digest and so a
new archive; users who see different files (public, members, staff) get different archives, so
no archive holds anything its reader may not see.
"""

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings

from motions.models import File

FOLDER = "zips"


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
