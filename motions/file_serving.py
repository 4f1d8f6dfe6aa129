"""The one way a stored file goes out over HTTP: the site's download (web/views.py) and OParl's
accessUrl and downloadUrl (oparl/views.py) all answer through ``file_response`` (issue 14).

The type is sniffed again from the file's first bytes, because records stored before the
sniffing may carry the type a remote server claimed. Only the document types of
``INLINE_MEDIA_TYPES`` may open in the browser; anything else (an imported HTML page, an SVG,
an unknown blob) is an ``application/octet-stream`` attachment, and every answer says
``nosniff``: no stored file ever runs as a page of this site.
"""

from django.http import FileResponse

from motions.media_types import INLINE_MEDIA_TYPES, OCTET, OFFICE_MEDIA_TYPES, sniff_media_type
from motions.models import File


def served_media_type(file: File, head: bytes) -> str:
    media_type = sniff_media_type(head, file.file_name or "")
    if media_type in (OCTET, "application/zip") and file.media_type in OFFICE_MEDIA_TYPES:
        return file.media_type  # an Office ZIP: its first bytes do not say which; the stored sniff does
    return media_type


def file_response(file: File, *, as_attachment: bool, filename: str | None = None, stored=None) -> FileResponse:
    """``stored`` is the stored document to send (the redacted public version, docs/privacy.md);
    the file's original by default."""
    handle = (stored or file.file).open("rb")
    media_type = served_media_type(file, handle.read(4096))
    handle.seek(0)
    inline_allowed = media_type in INLINE_MEDIA_TYPES
    response = FileResponse(
        handle,
        as_attachment=as_attachment or not inline_allowed,
        filename=filename or file.file_name or f"datei-{file.pk}",
        content_type=media_type if inline_allowed else OCTET,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
