"""What a stored file really is, from its bytes, and which types the site shows inline (issue 14).

A file's name and the Content-Type a remote server sent are claims; an imported "protokoll.pdf"
that is an HTML page, served inline from our origin, is stored cross-site scripting. So the type
comes from the content: the magic bytes of PDF and images, the member names inside an Office
ZIP or OLE container, and for text whether it decodes and does not open with markup. The name
only chooses between types of the same family (a ZIP with ``word/`` is DOCX whatever it is
called; a text file named .csv is CSV). Anything else is ``application/octet-stream``.

``INLINE_MEDIA_TYPES`` are the document types the download view may show in the browser; every
other file is sent as an attachment (web/views.py ``file_download``). Staff may upload exactly
these types (motions/forms.py).
"""

import io
import zipfile
from pathlib import PurePath

PDF = "application/pdf"
OCTET = "application/octet-stream"
HTML = "text/html"

_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
_OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}
_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]

OFFICE_MEDIA_TYPES = frozenset({*_OOXML.values(), *_ODF, *_OLE.values()})
INLINE_MEDIA_TYPES = frozenset(
    {PDF, "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", *OFFICE_MEDIA_TYPES}
)


def sniff_media_type(content: bytes, name: str = "") -> str:
    """The media type of ``content`` from its bytes (see the module docstring)."""
    head = content[:2048]
    if b"%PDF-" in head[:1024]:
        return PDF
    for magic, media_type in _IMAGES:
        if head.startswith(magic):
            return media_type
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE.get(PurePath(name).suffix.lower(), OCTET)
    return _text_type(head, name)


def _zip_type(content: bytes) -> str:
    # ODF stores its type first, uncompressed: "mimetype" then the type, at offset 30.
    if content[30:38] == b"mimetype":
        declared = content[38:120].split(b"PK", 1)[0].decode("ascii", "replace")
        return declared if declared in _ODF else OCTET
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return OCTET
    for prefix, media_type in _OOXML.items():
        if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
            return media_type
    return "application/zip"


def _text_type(head: bytes, name: str) -> str:
    text = _decode(head)
    if text is None:
        return OCTET
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return HTML  # markup of any kind (HTML, SVG, XML): never shown inline
    if any(ord(ch) < 32 and ch not in "\t\r\n\x0c" for ch in text):
        return OCTET
    return "text/csv" if PurePath(name).suffix.lower() == ".csv" else "text/plain"


def _decode(head: bytes) -> str | None:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:  # a character cut off at the end of the sample
            return head[: error.start].decode("utf-8")
    try:
        return head.decode("cp1252")
    except UnicodeDecodeError:
        return None
