"""``manage.py ingest_pdfs`` on a real folder of generated PDFs, bad inputs, duplicates and reruns."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reportlab.lib.pdfencrypt import StandardEncryption

from ingest.ingestion import body_for_name, ingest_store
from motions.models import Consultation, ExtractionState, File, FilePage, Paper, PaperType
from sessions.models import Body, Result
from tests.factories import BodyFactory, PaperFactory
from tests.motions.pdfs import (
    HTML_NAMED_PDF,
    RANDOM_BYTES,
    document_pdf,
    image_only_pdf,
    lines_pdf,
    truncated_pdf,
)

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "demo_data"
pytestmark = pytest.mark.django_db


def seed_pdf(name: str) -> bytes:
    return document_pdf((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture
def archive(tmp_path):
    """A legacy archive as councils have them: papers in sub-folders, junk, scans and copies."""
    root = tmp_path / "archiv"
    (root / "2019").mkdir(parents=True)
    (root / "2024" / "Februar").mkdir(parents=True)
    (root / "2019" / "Aenderungsantrag.pdf").write_bytes(seed_pdf("aschersleben_aenderungsantrag_A-0006-2019.txt"))
    (root / "2024" / "Februar" / "VII-0680-24.pdf").write_bytes(seed_pdf("aschersleben_VII-0680-24.txt"))
    (root / "2024" / "Kopie von VII-0680-24.PDF").write_bytes(seed_pdf("aschersleben_VII-0680-24.txt"))
    (root / "leer.pdf").write_bytes(b"")
    (root / "fehlerseite.pdf").write_bytes(HTML_NAMED_PDF)
    (root / "zufall.pdf").write_bytes(RANDOM_BYTES)
    (root / "abgebrochen.pdf").write_bytes(truncated_pdf())
    (root / "geheim.pdf").write_bytes(lines_pdf([["geheim"]], encrypt=StandardEncryption("geheim", canPrint=0)))
    (root / "scan.pdf").write_bytes(image_only_pdf())
    (root / "notizen.txt").write_text("kein PDF, wird übergangen")
    return root


def ingest(*args) -> list[dict]:
    out = io.StringIO()
    call_command("ingest_pdfs", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


def by_name(report: list[dict]) -> dict[str, dict]:
    return {Path(entry["path"]).name: entry for entry in report}


def test_ingest_reports_every_pdf_with_its_state(archive):
    report = by_name(ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1"))
    assert set(report) == {
        "Aenderungsantrag.pdf",
        "VII-0680-24.pdf",
        "Kopie von VII-0680-24.PDF",
        "leer.pdf",
        "fehlerseite.pdf",
        "zufall.pdf",
        "abgebrochen.pdf",
        "geheim.pdf",
        "scan.pdf",
    }
    states = {name: entry["state"] for name, entry in report.items()}
    assert states == {
        "Aenderungsantrag.pdf": "ok",
        "VII-0680-24.pdf": "ok",
        "Kopie von VII-0680-24.PDF": "duplicate",
        "leer.pdf": "failed",
        "fehlerseite.pdf": "failed",
        "zufall.pdf": "failed",
        "abgebrochen.pdf": "failed",
        "geheim.pdf": "failed",
        "scan.pdf": "no_text",
    }
    assert "leer" in report["leer.pdf"]["error"]
    assert "kein PDF" in report["fehlerseite.pdf"]["error"]
    assert "beschädigt" in report["abgebrochen.pdf"]["error"]
    assert "verschlüsselt" in report["geheim.pdf"]["error"]
    assert report["VII-0680-24.pdf"]["error"] is None
    assert report["VII-0680-24.pdf"]["pages"] == 1
    assert report["scan.pdf"]["pages"] == 1


def test_ingest_json_entry_shape(archive, settings):
    report = by_name(ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1"))
    entry = report["VII-0680-24.pdf"]
    assert set(entry) == {"path", "sha256", "state", "error", "pages", "paper"}
    assert entry["sha256"] == hashlib.sha256((archive / "2024/Februar/VII-0680-24.pdf").read_bytes()).hexdigest()
    paper = Paper.objects.get(reference="VII/0680/24")
    assert entry["paper"] == {
        "reference": "VII/0680/24",
        "type": "beschlussvorlage",
        "date": None,
        "subject": "Arbeitspapier zur weiteren Digitalisierung der Verwaltung",
        "public": True,
        "url": settings.SITE_URL + paper.get_absolute_url(),
    }
    assert report["Kopie von VII-0680-24.PDF"]["paper"] == entry["paper"]
    assert report["scan.pdf"]["paper"] is None


def test_ingest_stores_every_input_once_failed_ones_included(archive):
    ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    body = Body.objects.get(name="Stadt Aschersleben")
    files = File.objects.filter(body=body)
    assert files.count() == 8  # nine PDFs, one of them a copy
    broken = files.get(file_name="abgebrochen.pdf")
    assert broken.extraction_state == ExtractionState.FAILED
    with broken.file.open("rb") as fh:
        assert fh.read() == (archive / "abgebrochen.pdf").read_bytes()
    assert files.get(file_name="leer.pdf").size == 0
    assert files.get(file_name="fehlerseite.pdf").media_type == "text/html"


def test_ingest_creates_drafts_for_review_with_confidences(archive):
    ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    paper = Paper.objects.get(reference="VII/0680/24")
    assert paper.live is False
    assert paper.needs_review is True
    assert paper.recognition["reference"] == {"value": "VII/0680/24", "confidence": 0.95}
    assert 0 < paper.recognition["subject"]["confidence"] < 1
    assert paper.files.get().pages.get(number=1).text.startswith("STADT ASCHERSLEBEN")
    assert Paper.objects.count() == 2


def test_ingest_records_the_beratungsfolge_with_results(archive):
    ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    paper = Paper.objects.get(reference="VII/0680/24")
    steps = list(paper.consultations.order_by("order").values_list("organization__name", "result", "authoritative"))
    assert steps == [
        ("Finanz- und Verwaltungsausschuss", Result.ADOPTED, False),
        ("Stadtrat", Result.ADOPTED, True),
    ]
    votes = paper.recognition["consultations"]["value"]
    assert (votes[0]["yes"], votes[0]["no"], votes[0]["abstain"]) == (9, 0, 0)
    assert votes[1]["unanimous"] is True


def test_ingest_links_an_amendment_to_the_known_motion(tmp_path):
    body = BodyFactory(name="Stadt Aschersleben")
    motion = PaperFactory(body=body, reference="A/0006/2019", paper_type=PaperType.MOTION)
    path = tmp_path / "aa.pdf"
    path.write_bytes(seed_pdf("aschersleben_aenderungsantrag_A-0006-2019.txt"))
    [entry] = ingest(path, "--body", "Stadt Aschersleben")
    amendment = Paper.objects.get(amends=motion)
    assert entry["paper"]["type"] == "aenderungsantrag"
    assert entry["paper"]["reference"] is None
    assert amendment.reference == ""


def test_ingest_attaches_a_file_of_a_known_reference_to_that_paper(tmp_path):
    body = BodyFactory(name="Stadt Aschersleben")
    known = PaperFactory(body=body, reference="VII/0680/24", name="Digitalisierung")
    path = tmp_path / "vorlage.pdf"
    path.write_bytes(seed_pdf("aschersleben_VII-0680-24.txt"))
    [entry] = ingest(path, "--body", "Stadt Aschersleben")
    assert entry["paper"]["subject"] == "Digitalisierung"
    assert Paper.objects.filter(body=body).count() == 1
    assert known.files.count() == 1


def test_ingest_publish_and_non_public(tmp_path):
    path = tmp_path / "vorlage.pdf"
    path.write_bytes(seed_pdf("luebeck_VO-2014-01919.txt"))
    [entry] = ingest(path, "--body", "Hansestadt Lübeck", "--publish", "--non-public")
    paper = Paper.objects.get(reference="VO/2014/01919")
    assert paper.live is True
    assert paper.public is False
    assert entry["paper"]["public"] is False
    assert paper.revisions.count() == 1


def test_ingest_twice_changes_nothing(archive):
    ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    counts = [m.objects.count() for m in (File, FilePage, Paper, Consultation, Body)]
    second = ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    assert {entry["state"] for entry in second} == {"duplicate"}
    assert [m.objects.count() for m in (File, FilePage, Paper, Consultation, Body)] == counts
    assert by_name(second)["VII-0680-24.pdf"]["paper"]["reference"] == "VII/0680/24"


def test_ingest_finishes_what_a_killed_run_left(archive):
    """A run killed after storing files (its first step commits each file) is completed, not repeated."""
    body = body_for_name("Stadt Aschersleben")
    left_waiting, _ = ingest_store(
        body=body, content=(archive / "2024/Februar/VII-0680-24.pdf").read_bytes(), file_name="VII-0680-24.pdf"
    )
    left_running, _ = ingest_store(
        body=body, content=(archive / "2019/Aenderungsantrag.pdf").read_bytes(), file_name="Aenderungsantrag.pdf"
    )
    File.objects.filter(pk=left_running.pk).update(extraction_state=ExtractionState.RUNNING)
    report = by_name(ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1"))
    assert report["VII-0680-24.pdf"]["state"] == "ok"
    assert report["Aenderungsantrag.pdf"]["state"] == "ok"
    assert File.objects.filter(body=body).count() == 8
    assert Paper.objects.filter(body=body).count() == 2
    assert File.objects.get(pk=left_waiting.pk).paper.reference == "VII/0680/24"


def test_ingest_with_two_workers_gives_the_same_report(archive):
    report = ingest(archive, "--body", "Stadt Aschersleben", "--workers", "2")
    assert [(Path(e["path"]).name, e["state"], e["pages"]) for e in report] == [
        ("Aenderungsantrag.pdf", "ok", 1),
        ("VII-0680-24.pdf", "ok", 1),
        ("Kopie von VII-0680-24.PDF", "duplicate", 1),
        ("abgebrochen.pdf", "failed", None),
        ("fehlerseite.pdf", "failed", None),
        ("geheim.pdf", "failed", None),
        ("leer.pdf", "failed", None),
        ("scan.pdf", "no_text", 1),
        ("zufall.pdf", "failed", None),
    ]
    assert Paper.objects.count() == 2


def test_ingest_bounds_the_page_count(tmp_path, settings):
    settings.RIS_PDF_MAX_PAGES = 5
    path = tmp_path / "lang.pdf"
    path.write_bytes(lines_pdf([[f"Seite {n}"] for n in range(1, 9)]))
    [entry] = ingest(path, "--body", "Stadt Lang")
    assert entry["state"] == "failed"
    assert "mehr als 5 Seiten" in entry["error"]
    assert File.objects.get().extraction_state == ExtractionState.FAILED


def test_ingest_reports_a_missing_path_and_carries_on(tmp_path):
    good = tmp_path / "gut.pdf"
    good.write_bytes(lines_pdf([["Beschlussvorlage", "Betreff: Neue Parkordnung"]]))
    report = ingest(tmp_path / "gibt-es-nicht.pdf", good, "--body", "Stadt Test")
    assert [e["state"] for e in report] == ["failed", "ok"]
    assert "lässt sich nicht lesen" in report[0]["error"]
    assert report[0]["sha256"] is None


def test_ingest_needs_a_body_when_there_are_several(tmp_path):
    BodyFactory()
    BodyFactory()
    with pytest.raises(CommandError, match="--body"):
        call_command("ingest_pdfs", str(tmp_path), stdout=io.StringIO())


def test_ingest_creates_the_named_body(tmp_path):
    (tmp_path / "a.pdf").write_bytes(lines_pdf([["Mitteilung", "Betreff: Baustelle Marktplatz"]]))
    ingest(tmp_path, "--body", "Gemeinde Neudorf")
    body = Body.objects.get(name="Gemeinde Neudorf")
    assert body.slug == "gemeinde-neudorf"
    assert Paper.objects.get(body=body).name == "Baustelle Marktplatz"


def test_ingest_human_output_lists_files_and_a_summary(archive):
    out = io.StringIO()
    call_command("ingest_pdfs", str(archive), "--body", "Stadt Aschersleben", "--workers", "1", stdout=out)
    text = out.getvalue()
    assert "VII/0680/24: Arbeitspapier zur weiteren Digitalisierung der Verwaltung" in text
    assert "9 Dateien: 2 gelesen, 1 ohne Text, 5 fehlgeschlagen, 1 doppelt." in text


def test_ingest_shows_a_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    import fcntl
    import os
    import pty
    import struct
    import sys
    import termios

    for n in range(3):
        (tmp_path / f"v{n}.pdf").write_bytes(lines_pdf([[f"Mitteilung {n}", "Betreff: Baustellen im Juni"]] * 2))
    (tmp_path / "kaputt.pdf").write_bytes(truncated_pdf())
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal of 120 columns
    with open(terminal, "w", closefd=True) as tty:
        monkeypatch.setattr(sys, "stderr", tty)
        out = io.StringIO()
        call_command("ingest_pdfs", str(tmp_path), "--body", "Stadt Test", "--workers", "1", stdout=out)
        tty.flush()
    # The terminal side is closed now: read until the pty is drained (one read may return only
    # the first of the progress bar's updates), then the read fails with EIO.
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    shown = b"".join(chunks).decode("utf-8", errors="replace")
    assert "4/4" in shown
    assert "Seiten=6" in shown
    assert "Fehler=1" in shown
    assert "4 Dateien: 3 gelesen, 0 ohne Text, 1 fehlgeschlagen, 0 doppelt." in out.getvalue()


def test_ingest_json_output_has_no_progress_bar(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.pdf").write_bytes(lines_pdf([["Mitteilung", "Betreff: Baustellen im Juni"]]))
    report = ingest(tmp_path, "--body", "Stadt Test")
    assert report[0]["state"] == "ok"
    assert capsys.readouterr().err == ""


def test_ingest_links_recognised_originators_to_known_persons_and_organizations(tmp_path):
    from tests.factories import OrganizationFactory, PersonFactory

    body = BodyFactory(name="Stadt Aschersleben")
    mayor = PersonFactory(body=body, name="Michelmann", given_name="", family_name="Michelmann")
    office = OrganizationFactory(body=body, name="Oberbürgermeister")
    path = tmp_path / "aa.pdf"
    path.write_bytes(seed_pdf("aschersleben_aenderungsantrag_A-0006-2019.txt"))
    ingest(path, "--body", "Stadt Aschersleben")
    paper = Paper.objects.get(body=body)
    assert list(paper.originator_persons.all()) == [mayor]
    assert list(paper.originator_organizations.all()) == [office]


def test_ingest_indexes_papers_and_pages_for_search_once_committed(archive, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import AnonymousUser

    from search.models import SearchDocument
    from search.selectors import request_from_params, search

    with django_capture_on_commit_callbacks(execute=True):
        ingest(archive, "--body", "Stadt Aschersleben", "--workers", "2", "--publish")
    paper = Paper.objects.get(reference="VII/0680/24")
    file = paper.files.get()
    assert SearchDocument.objects.filter(kind="paper", object_id=paper.pk).count() == 1
    assert SearchDocument.objects.filter(kind="file", object_id=file.pk, page=1).count() == 1
    hits = search(user=AnonymousUser(), request=request_from_params({"q": "Digitalisierung"})).hits
    assert {h.url for h in hits} >= {paper.get_absolute_url(), f"{file.get_absolute_url()}#seite-1"}


def test_ingest_keeps_the_wagtail_reference_index(archive):
    from wagtail.models import ReferenceIndex

    ingest(archive, "--body", "Stadt Aschersleben", "--workers", "1")
    paper = Paper.objects.get(reference="VII/0680/24")
    committee = paper.consultations.get(order=1).organization
    assert ReferenceIndex.get_references_to(committee).filter(object_id=str(paper.pk)).exists()
    assert ReferenceIndex.get_references_to(paper).filter(object_id=str(paper.files.get().pk)).exists()
