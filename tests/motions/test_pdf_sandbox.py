"""Extraction under memory and time limits that hold inside a single page (issue 14): a small PDF
whose stream expands hugely ends as a recorded failure with a German reason, and the process
that ran the task survives without having held the expanded stream."""

import resource
import threading
import time
import zlib

import pytest
from django.utils import translation

from motions.models import ExtractionState
from motions.pdf_sandbox import pdf_text_isolated
from motions.pdf_text import ExtractionFailed, pdf_text
from motions.services import file_create
from motions.tasks import extract_file_text
from ris.pdf_render import render_text_pdf
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def flate_bomb_pdf(*, pattern: bytes, expanded_bytes: int) -> bytes:
    """A one-page PDF whose content stream is ``pattern`` repeated to ``expanded_bytes``, deflated."""
    packer = zlib.compressobj(9)
    block = pattern * ((1 << 20) // len(pattern))
    packed = b"".join(packer.compress(block) for _ in range(expanded_bytes // len(block))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stored(data: bytes):
    return file_create(body=BodyFactory(), name="Anlage", content=data, file_name="anlage.pdf", extract=False)


def test_flate_bomb_fails_with_a_memory_reason_and_the_process_keeps_its_memory(settings):
    settings.RIS_PDF_MEMORY_LIMIT_MB = 256
    data = flate_bomb_pdf(pattern=b"\x00", expanded_bytes=768 << 20)
    assert len(data) < 2 << 20  # under 2 MB on disk, 768 MB expanded
    file = _stored(data)
    before = _max_rss_mb()
    assert extract_file_text(file.pk) == ExtractionState.FAILED
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.FAILED
    assert "Speicher" in file.extraction_error
    assert _max_rss_mb() - before < 100  # the expansion happened in the child, not here


def test_slow_single_page_is_killed_at_the_wall_clock_limit(settings):
    settings.RIS_PDF_MEMORY_LIMIT_MB = 512
    settings.RIS_PDF_TIME_LIMIT = 1
    file = _stored(flate_bomb_pdf(pattern=b"0 ", expanded_bytes=64 << 20))  # 32 million operands, one page
    assert extract_file_text(file.pk) == ExtractionState.FAILED
    file.refresh_from_db()
    assert "länger als 1 Sekunden" in file.extraction_error


def test_after_a_bomb_the_next_file_is_read_as_usual(settings):
    settings.RIS_PDF_MEMORY_LIMIT_MB = 256
    extract_file_text(_stored(flate_bomb_pdf(pattern=b"\x00", expanded_bytes=512 << 20)).pk)
    good = _stored(render_text_pdf(title="Gut", text="Haushaltssatzung 2025"))
    assert extract_file_text(good.pk) == ExtractionState.DONE
    good.refresh_from_db()
    assert "Haushaltssatzung" in good.text


@pytest.fixture
def second_thread():
    """A process with a second thread (a threaded server's): the extraction must not fork from it."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join()


def test_with_a_second_thread_the_text_is_read_in_a_fresh_interpreter(second_thread):
    data = render_text_pdf(title="Einladung", text="Tagesordnung: Friedhofssatzung, Haushaltssatzung 2025")
    started = time.monotonic()
    isolated = pdf_text_isolated(data, time_limit=60)
    assert time.monotonic() - started < 30
    assert isolated.pages == pdf_text(data, time_limit=60).pages
    assert "Friedhofssatzung" in " ".join(isolated.pages)


def test_with_a_second_thread_a_bomb_still_fails_with_the_memory_reason(settings, second_thread):
    settings.RIS_PDF_MEMORY_LIMIT_MB = 256
    with translation.override("en"), pytest.raises(ExtractionFailed) as failure:
        pdf_text_isolated(flate_bomb_pdf(pattern=b"\x00", expanded_bytes=768 << 20), time_limit=60)
    assert "memory" in str(failure.value).lower()  # in the language of the request that asked
    with pytest.raises(ExtractionFailed, match="Speicher"):
        pdf_text_isolated(flate_bomb_pdf(pattern=b"\x00", expanded_bytes=768 << 20), time_limit=60)
