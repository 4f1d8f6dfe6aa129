"""``manage.py ingest_pdfs`` on a real folder of generated PDFs, bad inputs, duplicates and reruns."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
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
    assert set(entry) == {"path", "sha256", "state", "error", "pages", "paper", "links"}
    assert entry["links"] == []
    assert report["scan.pdf"]["links"] == []
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


def test_ingest_never_files_a_document_under_the_paper_whose_number_it_carries(tmp_path):
    body = BodyFactory(name="Stadt Aschersleben")
    known = PaperFactory(body=body, reference="VII/0680/24", name="Digitalisierung")
    path = tmp_path / "vorlage.pdf"
    path.write_bytes(seed_pdf("aschersleben_VII-0680-24.txt"))
    [entry] = ingest(path, "--body", "Stadt Aschersleben")
    new = Paper.objects.exclude(pk=known.pk).get(body=body)
    assert known.files.count() == 0
    assert new.reference == "" and new.needs_review
    assert new.recognition["reference_taken_by"] == known.pk
    assert list(new.related_papers.all()) == [known]
    assert entry["paper"]["subject"] == new.name != "Digitalisierung"
    assert {"reference": "VII/0680/24", "relation": "cites"} not in entry["links"]


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


def _pdf(path: Path, lines: list[str]) -> Path:
    path.write_bytes(lines_pdf([lines]))
    return path


def test_ingest_a_statement_naming_a_known_motion_is_its_own_paper(tmp_path):
    body = BodyFactory(name="Stadt Köln")
    motion = PaperFactory(body=body, reference="132/2022", paper_type=PaperType.MOTION, name="Spielplatz Nord")
    path = _pdf(
        tmp_path / "stellungnahme.pdf",
        ["Stellungnahme der Verwaltung", "zum Antrag der SPD-Fraktion Nr. 132/2022", "Betreff: Spielplatz Nord"],
    )
    [entry] = ingest(path, "--body", "Stadt Köln")
    statement = Paper.objects.exclude(pk=motion.pk).get(body=body)
    assert statement.reference == ""
    assert statement.paper_type == PaperType.ANSWER
    assert motion.files.count() == 0
    assert motion in statement.related_papers.all() or statement.answers == motion
    assert {"reference": "132/2022", "relation": "cites"} in entry["links"]


def test_ingest_an_answer_with_only_a_file_mark_is_its_own_antwort_linked_to_the_inquiry(tmp_path):
    """An invented town's archive: the inquiry, and the answer that carries only "Unser Zeichen";
    read in either order, both stay papers of their own and the answer points at the inquiry."""
    inquiry = _pdf(
        tmp_path / "1-anfrage.pdf",
        [
            "Anfrage",
            "Drucksache: F/0044/2025",
            "Datum: 10.03.2025",
            "Betreff: Schulwegsicherheit an der Grundschule Ost",
        ],
    )
    answer = _pdf(
        tmp_path / "2-antwort.pdf",
        [
            "Stadt Musterstadt",
            "Unser Zeichen: 40.2-F/0044/2025",
            "Antwort der Verwaltung",
            "Datum: 02.04.2025",
            "Betreff: Schulwegsicherheit",
        ],
    )
    for order in ([answer, inquiry], [inquiry, answer]):
        Paper.objects.all().delete()
        File.objects.all().delete()
        for path in order:
            ingest(path, "--body", "Musterstadt")
        own_inquiry = Paper.objects.get(reference="F/0044/2025")
        own_answer = Paper.objects.get(paper_type=PaperType.ANSWER)
        assert own_answer.answers == own_inquiry
        assert own_answer.reference == ""
        assert (own_inquiry.paper_type, str(own_inquiry.date)) == (PaperType.INQUIRY, "2025-03-10")
        assert own_inquiry.name == "Schulwegsicherheit an der Grundschule Ost"
        assert own_inquiry.files.count() == own_answer.files.count() == 1


def test_ingest_an_amendment_keeps_its_number_and_amends_its_motion(tmp_path):
    body = BodyFactory(name="Musterstadt")
    motion = PaperFactory(body=body, reference="A/0012/2025", paper_type=PaperType.MOTION)
    path = _pdf(tmp_path / "aa.pdf", ["Änderungsantrag", "Drucksache: A/0012/2025/1", "Betreff: Haushalt 2025"])
    [entry] = ingest(path, "--body", "Musterstadt")
    amendment = Paper.objects.get(reference="A/0012/2025/1")
    assert amendment.amends == motion
    assert entry["paper"]["reference"] == "A/0012/2025/1"
    assert {"reference": "A/0012/2025", "relation": "amends"} in entry["links"]


def test_ingest_a_second_copy_with_other_bytes_is_a_duplicate_by_content(tmp_path):
    lines = ["Antrag", "Drucksache: A/0001/2025", "Betreff: Bänke im Stadtpark"]
    first = _pdf(tmp_path / "a.pdf", lines)
    second = tmp_path / "b.pdf"
    second.write_bytes(first.read_bytes() + b"\n% gespeichert mit einem anderen Programm\n")
    report = by_name(ingest(first, second, "--body", "Musterstadt"))
    assert report["b.pdf"]["state"] == "duplicate"
    assert report["b.pdf"]["paper"]["reference"] == "A/0001/2025"
    assert Paper.objects.count() == 1
    assert File.objects.count() == 2


def test_ingest_meeting_documents_find_or_reconstruct_their_meeting(tmp_path):
    from sessions.models import Meeting

    invitation = _pdf(
        tmp_path / "einladung.pdf",
        [
            "Einladung",
            "Die Mitglieder des Gemeinderates werden zu der am",
            "Montag, 26. September 2022 um 15.00 Uhr",
            "stattfindenden 9. Sitzung des Gemeinderates eingeladen.",
            "Datum: 15. September 2022",
            "Tagesordnung",
            "1. Verleihung der Verdienstmedaille",
            "2. Haushalt 2023",
        ],
    )
    minutes = _pdf(
        tmp_path / "niederschrift.pdf",
        [
            "Verhandlungsschrift",
            "über die am Montag, dem 26. September 2022 stattgefundene",
            "9. Sitzung des Gemeinderates",
            "Der Antrag wird einstimmig angenommen.",
        ],
    )
    report = by_name(ingest(invitation, minutes, "--body", "Stadt Wels"))
    meeting = Meeting.objects.get()
    assert meeting.live is False
    start = timezone.localtime(meeting.start)
    assert (meeting.organization.name, meeting.number, str(start.date()), start.hour) == (
        "Gemeinderat",
        9,
        "2022-09-26",
        15,
    )
    assert list(meeting.agenda_items.values_list("name", flat=True)) == [
        "Verleihung der Verdienstmedaille",
        "Haushalt 2023",
    ]
    for name, role in (("einladung.pdf", "invitation"), ("niederschrift.pdf", "minutes")):
        assert report[name]["meeting"] | {"url": None} == {
            "organization": "Gemeinderat",
            "number": 9,
            "date": "2022-09-26",
            "role": role,
            "url": None,
        }
        assert report[name]["meeting"]["url"].endswith(meeting.get_absolute_url())
    assert set(meeting.files.values_list("role", flat=True)) == {"einladung", "niederschrift"}


def test_ingest_beratungsfolge_votes_go_onto_the_consultations(tmp_path):
    from sessions.models import Vote

    path = _pdf(
        tmp_path / "vorlage.pdf",
        [
            "Beschlussvorlage",
            "Vorlage Nr. VII/0700/24",
            "Betreff: Neubau der Feuerwache Nord",
            "Beratungsfolge",
            "1. Bauausschuss 05.03.2024 7 2 1",
            "2. Finanzausschuss 12.03.2024 8 1 /",
            "3. Stadtrat 20.03.2024 21 5 2",
        ],
    )
    ingest(path, "--body", "Musterstadt")
    paper = Paper.objects.get(reference="VII/0700/24")
    steps = list(paper.consultations.order_by("order").select_related("meeting", "agenda_item"))
    assert [(c.organization.name, str(timezone.localtime(c.meeting.start).date())) for c in steps] == [
        ("Bauausschuss", "2024-03-05"),
        ("Finanzausschuss", "2024-03-12"),
        ("Stadtrat", "2024-03-20"),
    ]
    votes = [Vote.objects.get(agenda_item=c.agenda_item) for c in steps]
    assert [(v.yes, v.no, v.abstain) for v in votes] == [(7, 2, 1), (8, 1, 0), (21, 5, 2)]


def test_ingest_minutes_votes_go_onto_the_agenda_items_they_were_taken_under(tmp_path):
    from sessions.models import AgendaItem, Meeting, Result, Vote

    invitation = _pdf(
        tmp_path / "einladung.pdf",
        [
            "Einladung",
            "Die Mitglieder des Gemeinderates werden zu der am",
            "Montag, 26. September 2022 um 15.00 Uhr",
            "stattfindenden 9. Sitzung des Gemeinderates eingeladen.",
            "Datum: 15. September 2022",
            "Tagesordnung",
            "1. Verleihung der Verdienstmedaille",
            "2. Haushalt 2023",
        ],
    )
    minutes = _pdf(
        tmp_path / "niederschrift.pdf",
        [
            "Verhandlungsschrift",
            "über die am Montag, dem 26. September 2022 stattgefundene",
            "9. Sitzung des Gemeinderates",
            "1. Verleihung der Verdienstmedaille",
            "Der Antrag wird einstimmig angenommen.",
            "2. Haushalt 2023",
            "Der Antrag wird mit 30 Ja-Stimmen, 5 Nein-Stimmen und 2 Enthaltungen angenommen.",
            "3. Radweg am Kanal",
            "Der Antrag wird mehrheitlich abgelehnt.",
        ],
    )
    report = by_name(ingest(invitation, minutes, "--body", "Stadt Wels"))
    meeting = Meeting.objects.get()
    assert report["niederschrift.pdf"]["meeting"]["date"] == "2022-09-26"
    votes = {
        (v.agenda_item.number, v.agenda_item.name): (v.unanimous, v.yes, v.no, v.abstain, v.result)
        for v in Vote.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item")
    }
    assert votes == {
        ("1", "Verleihung der Verdienstmedaille"): (True, None, None, None, Result.ADOPTED),
        ("2", "Haushalt 2023"): (False, 30, 5, 2, Result.ADOPTED),
    }
    assert AgendaItem.objects.get(meeting=meeting, number="2").result == Result.ADOPTED
    # an item the invitation did not list is taken from the minutes' heading; "mehrheitlich" without
    # counts is no vote under the vote rules, but it is the item's result
    third = AgendaItem.objects.get(meeting=meeting, number="3")
    assert (third.name, third.result, third.votes.count()) == ("Radweg am Kanal", Result.REJECTED, 0)
    assert Vote.objects.get(agenda_item__number="2").source_text.startswith("30 Ja-Stimmen")
    # a second run records nothing twice
    ingest(invitation, minutes, "--body", "Stadt Wels")
    assert Vote.objects.filter(agenda_item__meeting=meeting).count() == 2
