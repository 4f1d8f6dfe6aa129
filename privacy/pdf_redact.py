"""Redacting PDFs: the marked text is removed from the page content, not covered.

``page_words(pdf, number)`` lists the words of one page with their boxes (pdfminer's layout), for
the admin's marking view. ``redact(pdf, boxes)`` writes the public version:

1. pdfminer interprets each page that has boxes with a recording device that notes, for every
   text-showing operator (``Tj``, ``TJ``, ``'``, ``"``) of the page's content stream, which of
   its glyphs lie inside a box (the glyph's centre) and how far each glyph moves the text
   position.
2. pikepdf parses the same content stream (the operators come in the same order) and rewrites
   those operators as ``TJ`` arrays in which every redacted glyph is replaced by a position
   adjustment of exactly its width, so that the text after it stays where it was and the glyph
   codes are gone; black boxes are drawn over the boxes, and link annotations inside them go.
3. A page where that is not safe — text inside a form XObject, a vertical or unknown multi-byte
   encoding, a rotated page, or no text layer at all (a scan) — is replaced by an image of itself
   (pypdfium2) with the boxes painted in and no text layer: the pixels under a box are gone too.

Pages without boxes are copied unchanged. Metadata (title, author, subject) is dropped from the
public version, since it may name the same persons.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

import pikepdf
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextLine
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import apply_matrix_pt, mult_matrix

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
RASTER_DPI = 150
REPLACEMENT = "█████"


class RedactionError(Exception):
    """The PDF could not be read or written; the public version is not produced."""


@dataclass(frozen=True)
class Box:
    """A rectangle in pdfminer's page space (origin at the media box's lower left, points)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass(frozen=True)
class Word:
    index: int
    line: int
    text: str
    box: Box


def _pages(data: bytes):
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
        return list(PDFPage.create_pages(document))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise RedactionError(f"PDF nicht lesbar: {exc}") from exc


def page_words(data: bytes, number: int) -> list[Word]:
    """The words of page ``number`` (1-based) in reading order, each with its box and line."""
    pages = _pages(data)
    if not 1 <= number <= len(pages):
        raise RedactionError(f"Seite {number} gibt es nicht.")
    manager = PDFResourceManager()
    from pdfminer.converter import PDFPageAggregator

    device = PDFPageAggregator(manager, laparams=LAParams())
    PDFPageInterpreter(manager, device).process_page(pages[number - 1])
    layout: LTPage = device.get_result()
    words: list[Word] = []
    lines = [obj for obj in _walk(layout) if isinstance(obj, LTTextLine)]
    for line_no, line in enumerate(lines):
        chars: list[LTChar] = []
        for obj in [*line, None]:
            if isinstance(obj, LTChar) and obj.get_text().strip():
                chars.append(obj)
                continue
            if chars:
                text = "".join(c.get_text() for c in chars)
                box = Box(
                    min(c.x0 for c in chars),
                    min(c.y0 for c in chars),
                    max(c.x1 for c in chars),
                    max(c.y1 for c in chars),
                )
                words.append(Word(len(words), line_no, text, box))
                chars = []
    return words


def _walk(item):
    yield item
    if hasattr(item, "__iter__") and not isinstance(item, LTTextLine):
        for child in item:
            yield from _walk(child)


@dataclass
class _Glyph:
    element: int  # index in the operator's string sequence
    start: int  # byte offset in that string
    size: int  # bytes of the glyph code
    shift: float  # TJ units that move the text position as the glyph did
    hidden: bool


@dataclass
class _Operator:
    glyphs: list[_Glyph] = field(default_factory=list)
    safe: bool = True

    @property
    def hidden(self) -> bool:
        return any(g.hidden for g in self.glyphs)


class _Recorder(PDFDevice):
    """Notes, per text operator of the page's own content stream, which glyphs fall in a box.

    It follows the text position as PDF 32000-1 §9.4.4 describes it (glyph width, character and
    word spacing, ``TJ`` adjustments) without building pdfminer's layout objects, which would
    cost most of the time; a glyph is hidden when the middle of its advance at a third of the
    font size above the baseline lies in a box (the words' boxes come from pdfminer's layout and
    span descent to ascent)."""

    def __init__(self, manager, boxes: list[Box]):
        super().__init__(manager)
        self.boxes = boxes
        self.operators: list[_Operator] = []
        self.depth = 0
        self.unsafe = False
        self._saved_ctm: list = []

    def begin_figure(self, name, bbox, matrix):
        self.depth += 1
        self._saved_ctm.append(self.ctm)

    def end_figure(self, name):
        self.depth -= 1
        self.ctm = self._saved_ctm.pop()

    def render_string(self, textstate, seq, ncs, graphicstate):
        font, size = textstate.font, textstate.fontsize
        operator = _Operator()
        if self.depth == 0:
            self.operators.append(operator)
        if font.is_vertical() or not size:
            operator.safe = False
            self.unsafe = self.unsafe or self.depth == 0
            return
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        multibyte = font.is_multibyte()
        wordspace = 0 if multibyte else textstate.wordspace * scaling
        matrix = mult_matrix(textstate.matrix, self.ctm)
        rise = textstate.rise + size * 0.3
        x, y = textstate.linematrix
        dxscale = 0.001 * size * scaling
        if not self._near(matrix, x, y, size):
            textstate.linematrix = (self._advance(seq, font, x, dxscale, charspace, wordspace, size, scaling), y)
            return
        needcharspace = False
        for index, element in enumerate(seq):
            if isinstance(element, (int, float)):
                x -= element * dxscale
                needcharspace = True
                continue
            if not isinstance(element, bytes):
                continue
            cids = list(font.decode(element))
            width = 1 if not multibyte else (2 if len(element) == 2 * len(cids) else 0)
            if width == 0 or len(element) != width * len(cids):
                operator.safe = False
            for n, cid in enumerate(cids):
                if needcharspace:
                    x += charspace
                glyph_width = font.char_width(cid)
                advance = glyph_width * size * scaling
                cx, cy = apply_matrix_pt(matrix, (x + advance / 2, y + rise))
                hidden = any(b.holds(cx, cy) for b in self.boxes)
                if hidden and self.depth > 0:
                    self.unsafe = True
                extra = textstate.charspace + (textstate.wordspace if cid == 32 and not multibyte else 0)
                shift = -(glyph_width * 1000 + 1000 * extra / size)
                operator.glyphs.append(_Glyph(index, n * width, width, shift, hidden))
                x += advance
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        textstate.linematrix = (x, y)

    def _near(self, matrix, x, y, size) -> bool:
        """Whether this run of text may touch a box: its baseline is within a font size of one
        (always true for rotated or skewed text). Runs far from every box need no glyph records."""
        a, b, c, d, _e, _f = matrix
        if b or c:
            return True
        _bx, baseline = apply_matrix_pt(matrix, (x, y))
        band = abs(d) * size
        return any(box.y0 - band <= baseline <= box.y1 + band for box in self.boxes)

    @staticmethod
    def _advance(seq, font, x, dxscale, charspace, wordspace, size, scaling) -> float:
        """The text position after the run, as ``render_string`` would leave it."""
        needcharspace = False
        for element in seq:
            if isinstance(element, (int, float)):
                x -= element * dxscale
                needcharspace = True
            elif isinstance(element, bytes):
                for cid in font.decode(element):
                    if needcharspace:
                        x += charspace
                    x += font.char_width(cid) * size * scaling
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
        return x


def _record(manager, page, boxes: list[Box]) -> _Recorder:
    recorder = _Recorder(manager, boxes)
    PDFPageInterpreter(manager, recorder).process_page(page)
    return recorder


def _rewrite(seq: list, glyphs: list[_Glyph]) -> pikepdf.Array:
    """The operator's strings as one TJ array without the hidden glyphs' codes."""
    by_element: dict[int, list[_Glyph]] = {}
    for glyph in glyphs:
        by_element.setdefault(glyph.element, []).append(glyph)
    out: list = []

    def push_number(value: float):
        if out and isinstance(out[-1], float):
            out[-1] += value
        else:
            out.append(value)

    for index, element in enumerate(seq):
        if not isinstance(element, pikepdf.String):
            push_number(float(element))
            continue
        raw = bytes(element)
        kept = b""
        for glyph in by_element.get(index, []):
            if glyph.hidden:
                if kept:
                    out.append(kept)
                    kept = b""
                push_number(glyph.shift)
            else:
                kept += raw[glyph.start : glyph.start + glyph.size]
        if kept:
            out.append(kept)
    return pikepdf.Array([pikepdf.String(x) if isinstance(x, bytes) else x for x in out])


def _strip_text(pdf: pikepdf.Pdf, page: pikepdf.Page, recorder: _Recorder) -> bool:
    """Rewrite the page's content stream without the hidden glyphs. False when not safe."""
    tokens = pikepdf.parse_content_stream(page)
    shows = [t for t in tokens if str(t.operator) in TEXT_OPERATORS]
    if len(shows) != len(recorder.operators):
        return False
    if any(op.hidden and not op.safe for op in recorder.operators):
        return False
    rewritten = []
    position = 0
    for token in tokens:
        name = str(token.operator)
        if name not in TEXT_OPERATORS:
            rewritten.append(token)
            continue
        record = recorder.operators[position]
        position += 1
        if not record.hidden:
            rewritten.append(token)
            continue
        operands = list(token.operands)
        if name == "TJ":
            seq = list(operands[0])
        else:
            seq = [operands[-1]]
        if name == '"':
            rewritten += [([operands[0]], pikepdf.Operator("Tw")), ([operands[1]], pikepdf.Operator("Tc"))]
        if name in ("'", '"'):
            rewritten.append(([], pikepdf.Operator("T*")))
        rewritten.append(([_rewrite(seq, record.glyphs)], pikepdf.Operator("TJ")))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
    return True


def _box_stream(boxes: list[Box], origin: tuple[float, float]) -> bytes:
    x0, y0 = origin
    parts = ["Q", "q", "0 0 0 rg"]
    parts += [f"{b.x0 + x0:.2f} {b.y0 + y0:.2f} {b.x1 - b.x0:.2f} {b.y1 - b.y0:.2f} re f" for b in boxes]
    parts.append("Q")
    return ("\n".join(parts) + "\n").encode()


def _cover(pdf: pikepdf.Pdf, page: pikepdf.Page, boxes: list[Box]) -> None:
    """Draw the black boxes (outside whatever graphics state the page leaves) and drop links in them."""
    media = [float(v) for v in page.mediabox]
    page.contents_coalesce()
    page.Contents.write(b"q\n" + page.Contents.read_bytes() + b"\n" + _box_stream(boxes, (media[0], media[1])))
    if "/Annots" in page.obj:
        kept = pikepdf.Array()
        for annot in page.obj.Annots:
            rect = [float(v) - (media[0] if i % 2 == 0 else media[1]) for i, v in enumerate(annot.get("/Rect", []))]
            inside = len(rect) == 4 and any(b.holds((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2) for b in boxes)
            if not inside:
                kept.append(annot)
        page.obj.Annots = kept


def _rasterise(pdf: pikepdf.Pdf, data: bytes, index: int, boxes: list[Box]) -> None:
    """Replace page ``index`` by an image of itself with the boxes painted in, no text layer."""
    import pypdfium2
    from PIL import ImageDraw

    source = pypdfium2.PdfDocument(data)
    try:
        rendered = source[index].render(scale=RASTER_DPI / 72).to_pil().convert("RGB")
    finally:
        source.close()
    page = pdf.pages[index]
    media = [float(v) for v in page.mediabox]
    width, height = media[2] - media[0], media[3] - media[1]
    scale_x, scale_y = rendered.width / width, rendered.height / height
    draw = ImageDraw.Draw(rendered)
    for b in boxes:
        draw.rectangle(
            [b.x0 * scale_x, (height - b.y1) * scale_y, b.x1 * scale_x, (height - b.y0) * scale_y], fill=(0, 0, 0)
        )
    buffer = io.BytesIO()
    rendered.save(buffer, format="JPEG", quality=85)
    image = pikepdf.Stream(pdf, buffer.getvalue())
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = rendered.width, rendered.height
    image.ColorSpace, image.BitsPerComponent, image.Filter = pikepdf.Name.DeviceRGB, 8, pikepdf.Name.DCTDecode
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(
        f"q {width:.2f} 0 0 {height:.2f} {media[0]:.2f} {media[1]:.2f} cm /Im0 Do Q".encode()
    )
    for key in ("/Annots", "/Rotate"):
        if key in page.obj:
            del page.obj[key]


def redact(data: bytes, boxes: dict[int, Iterable[Box]]) -> tuple[bytes, list[int]]:
    """The public version of the PDF ``data`` with the text in ``boxes`` ({page number: boxes},
    1-based) removed. Returns: the new PDF and the page numbers that had to become images.

    Raises: RedactionError when the PDF cannot be read or written.
    """
    wanted = {n: list(b) for n, b in boxes.items() if b}
    pages = _pages(data) if wanted else []
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise RedactionError(f"PDF nicht lesbar: {exc}") from exc
    rasterised = []
    with pdf:
        manager = PDFResourceManager(caching=True)
        for number, page_boxes in sorted(wanted.items()):
            if not 1 <= number <= len(pdf.pages):
                raise RedactionError(f"Seite {number} gibt es nicht.")
            page = pdf.pages[number - 1]
            recorder = _record(manager, pages[number - 1], page_boxes)
            has_text = any(op.glyphs for op in recorder.operators)
            safe = (
                has_text
                and not recorder.unsafe
                and int(page.obj.get("/Rotate", 0)) % 360 == 0
                and _strip_text(pdf, page, recorder)
            )
            if safe:
                _cover(pdf, page, page_boxes)
            else:
                _rasterise(pdf, data, number - 1, page_boxes)
                rasterised.append(number)
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        out = io.BytesIO()
        try:
            pdf.save(out)
        except pikepdf.PdfError as exc:
            raise RedactionError(f"PDF nicht schreibbar: {exc}") from exc
    return out.getvalue(), rasterised
