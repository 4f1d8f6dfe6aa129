"""Privacy benchmarks.

1. The personal-data finder on the hand-marked letters of ``tests/privacy/corpus``: recall and
   precision per category and overall, and the time per letter.
2. Redacting a 50-page PDF (a name, a phone number and an e-mail address on every page, and on
   five pages only) against two same-run baselines: copying the PDF with pikepdf (open + save)
   and reading its text with pdfminer's ``extract_text`` (what ingestion does with every file).
"""

import io
import os
import time
from pathlib import Path

from bench._common import timed

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "privacy" / "corpus"
HOLDOUT = CORPUS.parent / "corpus_holdout"


def _detection():
    from privacy.detect import find
    from privacy.evaluation import evaluate

    for folder in (CORPUS, HOLDOUT):
        scores = evaluate(folder)
        print(f"   finder on {len(list(folder.glob('*.txt')))} hand-marked letters ({folder.name}):")
        for category, score in scores.items():
            print(
                f"     {category:10} recall {score.recall:6.1%}  precision {score.precision:6.1%}"
                f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
            )
    letters = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in letters]
    started = time.perf_counter()
    for _ in range(20):
        for text in texts:
            find(text, known_names=["Andreas Michelmann"])
    per_letter = (time.perf_counter() - started) / (20 * len(texts))
    print(f"     {per_letter * 1000:.2f} ms per letter")


def _fifty_pages() -> bytes:
    from pdfminer.pdfpage import PDFPage

    from ris.pdf_render import render_text_pdf

    letter = (CORPUS / "01_bauantrag_carport.txt").read_text(encoding="utf-8")
    text = "\n\n".join([letter] * 100)
    for paragraphs in range(100, 300, 2):
        pdf = render_text_pdf(title="Bauantrag", text="\n\n".join([letter] * paragraphs))
        if len(list(PDFPage.get_pages(io.BytesIO(pdf)))) >= 50:
            return pdf
    return render_text_pdf(title="Bauantrag", text=text)


def _redaction():
    import pikepdf
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    from privacy.pdf_redact import page_words, redact

    pdf = _fifty_pages()
    pages = len(list(PDFPage.get_pages(io.BytesIO(pdf))))
    wanted = {"Richter", "t.richter@web.de", "812345"}
    boxes = {n: [w.box for w in page_words(pdf, n) if w.text in wanted] for n in range(1, pages + 1)}
    five = {n: boxes[n] for n in (1, 10, 20, 30, 40)}

    def copy():
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            opened.save(io.BytesIO())

    every = timed(lambda: redact(pdf, boxes), repeat=3)
    some = timed(lambda: redact(pdf, five), repeat=3)
    copied = timed(copy, repeat=3)
    extracted = timed(lambda: extract_text(io.BytesIO(pdf)), repeat=2)
    public, raster = redact(pdf, boxes)
    left = sum(extract_text(io.BytesIO(public)).count(w) for w in wanted)
    marked = sum(len(b) for b in boxes.values())
    print(f"   redaction of a {pages}-page PDF ({len(pdf) // 1024} KB), {marked} words marked:")
    print(f"     every page    {every:6.2f} s   ({every / extracted:.2f}x extract_text, {every / copied:.1f}x copy)")
    print(f"     five pages    {some:6.2f} s   ({some / extracted:.2f}x extract_text, {some / copied:.1f}x copy)")
    print(f"     baselines: pikepdf copy {copied:.2f} s, pdfminer extract_text {extracted:.2f} s")
    print(f"     marked words left in the public version's text: {left}; pages made images: {len(raster)}")
    print(f"     load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main():
    _detection()
    _redaction()
