"""PDF text extraction in a child process with a memory and a wall-clock limit (issue 14).

pdfminer reads a content stream whole: a 1 MB PDF whose FlateDecode stream expands to 1 GiB
took the web process to 2.27 GB, and its own time limit is only checked between pages. So the
extraction of a stored file (``motions.extraction.file_extract``, run by the Celery task, or
in-process when there is no broker) happens in a forked child: its address space is capped at
what it already maps plus ``RIS_PDF_MEMORY_LIMIT_MB`` (``limit_memory``, also the initializer
of ``ingest_pdfs``' worker pool), and it is killed when it runs longer than
``RIS_PDF_TIME_LIMIT`` plus a grace period (as much again, at most 15 s). Either way the caller gets an ``ExtractionFailed``
with a German reason, and the process that asked survives.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time

from django.conf import settings
from django.utils.translation import gettext as _

from motions.pdf_text import ExtractionFailed, PdfText, pdf_text

GRACE_SECONDS = 15  # past the extractor's own limit, at most; short limits get as much again
TOO_SLOW = _("Das Lesen der Datei hat länger als %(seconds)d Sekunden gedauert und wurde abgebrochen.")
TOO_BIG = _("Die Datei braucht zu viel Speicher; ihr Text wurde nicht gelesen.")
CRASHED = _("Der Leseprozess ist abgebrochen (Signal %(signal)s); der Text wurde nicht gelesen.")


def limit_memory() -> None:
    """Cap this process's address space at what it maps now plus ``RIS_PDF_MEMORY_LIMIT_MB``.

    Counted from what the (forked) process already maps (Django and the libraries), so that the
    setting is the room one extraction gets; a PDF that needs more fails alone.
    """
    import resource

    room = getattr(settings, "RIS_PDF_MEMORY_LIMIT_MB", 768) * 1024 * 1024
    if room <= 0:
        return
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: leave the limit to the operating system
        return
    resource.setrlimit(resource.RLIMIT_AS, (mapped + room, mapped + room))


def pdf_text_isolated(data: bytes, *, time_limit: float, **options) -> PdfText:
    """``pdf_text`` in a forked child under ``limit_memory`` and a wall-clock limit.

    Raises:
        ExtractionFailed: the PDF could not be read, needed too much memory or took too long.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never touches the database
        os.close(read_end)
        try:
            limit_memory()
            try:
                outcome = ("ok", pdf_text(data, time_limit=time_limit, **options))
            except ExtractionFailed as exc:
                outcome = ("failed", str(exc))
            except MemoryError:
                outcome = ("failed", str(TOO_BIG))
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + time_limit + min(GRACE_SECONDS, time_limit)
    chunks, finished = [], False
    try:
        while not finished:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise ExtractionFailed(TOO_SLOW % {"seconds": time_limit})
            chunk = os.read(read_end, 1 << 20)
            chunks.append(chunk)
            finished = not chunk
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    payload = b"".join(chunks)
    if not payload:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
            raise ExtractionFailed(CRASHED % {"signal": os.WTERMSIG(status)})
        raise ExtractionFailed(TOO_BIG)  # killed by the kernel or died allocating
    kind, value = pickle.loads(payload)
    if kind == "failed":
        raise ExtractionFailed(value)
    return value
