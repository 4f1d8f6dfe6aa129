"""Text for glyphs a PDF's ToUnicode table does not name, from the font itself.

pdfminer.six writes "(cid:431)" for a glyph it cannot map: a Word export's "ﬀ" ligature whose
ToUnicode entry is missing, a simple font whose ``/Differences`` use glyph names outside Adobe's
glyph list ("f_f", "uniFB00.alt"). Such junk must never be stored or indexed. Before giving up,
this module looks where a PDF reader would:

1. the glyph name in the font's ``/Differences`` (simple fonts), read with Adobe's glyph-naming
   rules: "f_f" is "f" + "f", "uni00E4" is "ä", suffixes after "." are variants;
2. the embedded TrueType program (CID fonts with ``FontFile2`` and an identity CID-to-glyph map):
   its ``cmap`` read backwards (glyph → character), then its ``post`` table's glyph names.

What none of them names stays unmapped; ``motions.pdf_text`` then takes that page from poppler or
leaves the word out.
"""

from __future__ import annotations

import struct
from io import BytesIO

# Ligatures by their usual glyph names; the clean-up turns the ligature characters into letters.
_LIGATURE_NAMES = {"ff": "ff", "fi": "fi", "fl": "fl", "ffi": "ffi", "ffl": "ffl", "st": "st", "ft": "ft"}


def glyph_name_text(name: str) -> str | None:
    """The text of a glyph name under Adobe's rules ("f_f" → "ff", "uni00E4" → "ä"), or None."""
    from pdfminer.encodingdb import name2unicode

    base = name.split(".", 1)[0]
    if not base:
        return None
    if base in _LIGATURE_NAMES:
        return _LIGATURE_NAMES[base]
    parts = []
    for component in base.split("_"):
        try:
            parts.append(name2unicode(component))
        except (KeyError, ValueError):
            return None
    text = "".join(parts)
    return text if text and text.isprintable() else None


def _differences(spec: dict) -> dict[int, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    encoding = resolve1(spec.get("Encoding"))
    if not isinstance(encoding, dict):
        return {}
    names: dict[int, str] = {}
    code = 0
    for item in resolve1(encoding.get("Differences")) or []:
        item = resolve1(item)
        if isinstance(item, int):
            code = item
        elif isinstance(item, PSLiteral):
            names[code] = item.name if isinstance(item.name, str) else str(item.name)
            code += 1
    return names


def _truetype_tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        tables[tag] = (offset, length)
    return tables


def _post_names(data: bytes, tables: dict[bytes, tuple[int, int]]) -> dict[int, str]:
    """Glyph names of a ``post`` table of format 2 (only its own names; the Macintosh standard
    names below index 258 are plain letters that a cmap already gives)."""
    if b"post" not in tables:
        return {}
    offset, _length = tables[b"post"]
    (version,) = struct.unpack_from(">L", data, offset)
    if version != 0x00020000:
        return {}
    (glyphs,) = struct.unpack_from(">H", data, offset + 32)
    indexes = struct.unpack_from(f">{glyphs}H", data, offset + 34)
    position = offset + 34 + 2 * glyphs
    strings = []
    while position < len(data) and len(strings) < max(indexes, default=0) - 257:
        size = data[position]
        strings.append(data[position + 1 : position + 1 + size].decode("latin-1"))
        position += 1 + size
    return {gid: strings[i - 258] for gid, i in enumerate(indexes) if 258 <= i < 258 + len(strings)}


def _truetype_table(font) -> dict[int, str]:
    from pdfminer.pdffont import TrueTypeFont

    fontfile = getattr(font, "fontfile", None)
    if fontfile is None:
        return {}
    data = fontfile.get_data()
    table: dict[int, str] = {}
    for gid, name in _post_names(data, _truetype_tables(data)).items():
        if (text := glyph_name_text(name)) is not None:
            table[gid] = text
    try:
        unicode_map = TrueTypeFont(getattr(font, "basefont", ""), BytesIO(data)).create_unicode_map()
        table.update({gid: char for gid, char in unicode_map.cid2unichr.items() if char.isprintable()})
    except Exception:  # a font program pdfminer cannot read has no names to give
        pass
    return table


def _identity_glyphs(spec: dict | None) -> bool:
    """Whether character codes are glyph numbers (``/CIDToGIDMap /Identity`` or none given)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    descendants = resolve1((spec or {}).get("DescendantFonts")) or [{}]
    descendant = resolve1(descendants[0]) if descendants else {}
    return not isinstance(resolve1((descendant or {}).get("CIDToGIDMap")), PDFStream)


def font_fallback_table(font, spec: dict | None) -> dict[int, str]:
    """Character code → text for the glyphs the font names somewhere other than its ToUnicode."""
    table: dict[int, str] = {}
    try:
        if spec is not None:
            for code, name in _differences(spec).items():
                if (text := glyph_name_text(name)) is not None:
                    table[code] = text
        if getattr(font, "cidcoding", None) is not None and _identity_glyphs(spec):
            table.update(_truetype_table(font))
    except Exception:  # a damaged font table: nothing to learn from it
        pass
    return table
