"""Write use cases for papers and files (STYLE.md rule 4)."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motions.models import ExtractionState, File, FileRole, Paper

FILE_EMPTY = _("Die Datei ist leer.")
FILE_NO_OWNER_BODY = _("Eine Datei braucht eine Körperschaft.")


def sniff_media_type(content: bytes, name: str) -> str:
    """The media type from the file's first bytes, not from the name a user gave it."""
    head = content[:1024].lstrip()
    if content[:5] == b"%PDF-" or b"%PDF-" in content[:1024]:
        return "application/pdf"
    if head[:5].lower() in (b"<!doc", b"<html"):
        return "text/html"
    if content[:4] == b"PK\x03\x04":
        return mimetypes.guess_type(name)[0] or "application/zip"
    guessed = mimetypes.guess_type(name)[0]
    if guessed == "application/pdf":
        return "application/octet-stream"
    return guessed or "application/octet-stream"


@transaction.atomic
def file_create(
    *,
    body,
    name: str,
    content: bytes,
    file_name: str,
    role: str = FileRole.ATTACHMENT,
    paper: Paper | None = None,
    meeting=None,
    agenda_item=None,
    date=None,
    extract: bool = True,
) -> File:
    """Store an uploaded or generated document and queue its text extraction.

    Raises:
        ValidationError: the content is empty.
    """
    if not content:
        raise ValidationError(FILE_EMPTY)
    file_name = PurePath(file_name).name or "datei"
    obj = File(
        body=body,
        name=name,
        file_name=file_name,
        role=role,
        paper=paper,
        meeting=meeting,
        agenda_item=agenda_item,
        date=date,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        sha512=hashlib.sha512(content).hexdigest(),
        media_type=sniff_media_type(content, file_name),
        extraction_state=ExtractionState.WAITING,
    )
    obj.file.save(file_name, ContentFile(content), save=False)
    obj.full_clean()
    obj.save()
    if extract:
        from motions.tasks import extract_file_text

        transaction.on_commit(lambda: extract_file_text.delay(obj.pk))
    return obj


@transaction.atomic
def record_soft_delete(*, obj) -> None:
    """Delete without trace-loss: the record stays known as deleted (OParl deleted=true)."""
    type(obj).objects.filter(pk=obj.pk).update(deleted=True, deleted_at=timezone.now(), modified=timezone.now())
