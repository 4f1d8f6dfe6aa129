"""PDF ingestion: the pipeline's overhead over plain pdfminer.six, bulk speed-up with two workers, peak memory.

Run with ``python -m bench ingest`` (or ``make bench BENCH=ingest``). Everything is measured in
this run against a baseline measured in the same run, on a corpus generated here:

1. Overhead: ``ingest_pdfs`` on one long council paper (``LONG_PAGES`` pages) — store, hash,
   extract every page, recognise, create the paper — against ``pdfminer.high_level.extract_text``
   on the same file. Target: at most 1.3×.
2. Bulk: a folder of ``FOLDER_FILES`` papers ingested with ``--workers 1`` and ``--workers 2``.
   Target: at least 1.7× faster with two (needs two idle cores).
3. Memory: peak RSS of one extraction in a fresh process, for a long and a very long file, ours
   against ``extract_text``. Target: under 300 MB whatever the page count.

The database is a throw-away test database and files go to a temporary folder; the developer's
database is not touched.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LONG_PAGES = int(os.environ.get("BENCH_INGEST_PAGES", "120"))
HUGE_PAGES = int(os.environ.get("BENCH_INGEST_HUGE_PAGES", "1000"))
FOLDER_FILES = int(os.environ.get("BENCH_INGEST_FILES", "200"))
REPEAT = int(os.environ.get("BENCH_INGEST_REPEAT", "3"))
BULK_REPEAT = int(os.environ.get("BENCH_INGEST_BULK_REPEAT", "1"))

PARAGRAPH = (
    "Der Stadtrat beschließt die Fortschreibung des Konzepts zur Straßenreinigung und Grünflächenpflege. "
    "Die Verwaltung wird beauftragt, die Gebührenkalkulation für das Haushaltsjahr zu überprüfen und dem "
    "Finanz- und Verwaltungsausschuss halbjährlich über den Umsetzungsstand zu berichten. Größere Maßnahmen "
    "an Fußwegen, Übergängen und Plätzen werden mit dem Ortschaftsrat abgestimmt; die Bürgerinnen und Bürger "
    "werden über die Internetseite der Stadt informiert."
)


def council_pdf(pages: int, number: int = 1) -> bytes:
    """A Beschlussvorlage: header, Beratungsfolge table, then paragraphs until ``pages`` pages are full."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [
        Paragraph("STADT BEISPIELHAUSEN", styles["Normal"]),
        Paragraph(f"Beschlussvorlage Nr. VII/{number:04d}/24", styles["Normal"]),
        Paragraph("öffentlich", styles["Normal"]),
        Paragraph(f"Betreff: Fortschreibung des Reinigungskonzepts, Teil {number}", styles["Heading2"]),
    ]
    table = Table(
        [
            ["Nr.", "Gremium", "Datum", "ja", "nein", "Enth."],
            ["1.", "Finanz- und Verwaltungsausschuss", "21.02.2024", "9", "1", "/"],
            ["2.", "Stadtrat", "28.02.2024", "- einstimmig -", "", ""],
        ]
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story.append(table)
    for page in range(pages):
        story.extend(Paragraph(f"{page + 1}.{i} {PARAGRAPH}", styles["BodyText"]) for i in range(6))
        if page < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=True).build(story)
    return buffer.getvalue()


def _timed_together(fns: dict, repeat: int = REPEAT) -> dict[str, float]:
    """Each function's best of ``repeat`` runs, taken in turns so that a busy moment hits all alike."""
    best = {name: float("inf") for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def _ingest(paths, body: str, workers: int) -> None:
    from django.core.management import call_command

    call_command(
        "ingest_pdfs", *map(str, paths), "--body", body, "--workers", str(workers), "--json", stdout=io.StringIO()
    )


_MEMORY_PROBE = """
import io, os, resource, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ris.settings.dev")
django.setup()
from pdfminer.high_level import extract_text
from motions.pdf_text import pdf_text
data = open(sys.argv[2], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[1] == "baseline":
    extract_text(io.BytesIO(data))
else:
    pdf_text(data, extractor=sys.argv[1], max_pages=100000, time_limit=3600)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_mb(kind: str, path: Path) -> tuple[float, float]:
    """(RSS with Django and the libraries loaded, peak RSS after the extraction) of a fresh process, in MB."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", _MEMORY_PROBE, kind, str(path)], cwd=root, capture_output=True, text=True, check=True
    )
    before, peak = out.stdout.strip().splitlines()[-1].split()
    return int(before) / 1024, int(peak) / 1024


def main():
    import shutil

    from django.conf import settings
    from django.db import connection
    from pdfminer.high_level import extract_text

    from motions.pdf_text import pdf_text

    with tempfile.TemporaryDirectory(prefix="ris-bench-ingest-") as tmp:
        tmp = Path(tmp)
        settings.MEDIA_ROOT = tmp / "media"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            print(f"   corpus: one paper of {LONG_PAGES} pages, {FOLDER_FILES} papers of 2 pages, one of {HUGE_PAGES}")
            long_path = tmp / "long.pdf"
            long_path.write_bytes(council_pdf(LONG_PAGES))
            folder = tmp / "folder"
            folder.mkdir()
            for n in range(FOLDER_FILES):
                (folder / f"vorlage-{n:04d}.pdf").write_bytes(council_pdf(2, number=n + 1))

            # 1. overhead of the whole pipeline over plain pdfminer.six
            runs = iter(range(1000))
            fns = {
                "baseline": lambda: extract_text(str(long_path)),
                "extractor": lambda: pdf_text(long_path.read_bytes()),
                "pipeline": lambda: _ingest([long_path], f"Bench Lang {next(runs)}", workers=1),
            }
            if shutil.which("pdftotext"):
                fns["pdftotext"] = lambda: pdf_text(long_path.read_bytes(), extractor="pdftotext")
            t = _timed_together(fns)
            base = t["baseline"]
            print(f"   pdfminer extract_text, {LONG_PAGES} pages: {base:.2f} s ({LONG_PAGES / base:.1f} pages/s)")
            print(
                f"   our extractor (pdfminer):        {t['extractor']:.2f} s ({LONG_PAGES / t['extractor']:.1f} pages/s)"
                f" -> {t['extractor'] / base:.2f}x baseline"
            )
            print(
                f"   ingest_pdfs, whole pipeline:     {t['pipeline']:.2f} s"
                f" -> {t['pipeline'] / base:.2f}x baseline (target <= 1.3x)"
            )
            if "pdftotext" in t:
                print(
                    f"   our extractor (pdftotext):       {t['pdftotext']:.2f} s -> {base / t['pdftotext']:.0f}x faster"
                )

            # 2. bulk ingest with one and with two worker processes
            t = _timed_together(
                {
                    "one": lambda: _ingest([folder], f"Bench Ordner {next(runs)}", workers=1),
                    "two": lambda: _ingest([folder], f"Bench Ordner {next(runs)}", workers=2),
                },
                repeat=BULK_REPEAT,
            )
            pages = FOLDER_FILES * 2
            print(f"   {FOLDER_FILES} files, 1 worker:  {t['one']:.2f} s ({pages / t['one']:.1f} pages/s)")
            print(
                f"   {FOLDER_FILES} files, 2 workers: {t['two']:.2f} s ({pages / t['two']:.1f} pages/s)"
                f" -> {t['one'] / t['two']:.2f}x (target >= 1.7x)"
            )
            print(f"   cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (other jobs share the machine)")

            # 3. peak memory of one extraction, each in a fresh process
            huge_path = tmp / "huge.pdf"
            huge_path.write_bytes(council_pdf(HUGE_PAGES))
            for path, count in ((long_path, LONG_PAGES), (huge_path, HUGE_PAGES)):
                loaded, base = _peak_rss_mb("baseline", path)
                _loaded, ours = _peak_rss_mb("pdfminer", path)
                print(
                    f"   peak RSS, {count} pages: extract_text {base:.0f} MB, ours {ours:.0f} MB"
                    f" -> {ours / base:.2f}x; extraction's own share {ours - loaded:.0f} MB (target < 300 MB)"
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
