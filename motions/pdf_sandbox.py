"""PDF text extraction in a child process with a memory and a wall-clock limit (issue 14).

pdfminer reads a content stream whole: a 1 MB PDF whose FlateDecode stream expands to 1 GiB
took the web process to 2.27 GB, and its own time limit is only checked between pages. So the
extraction of a stored file (``motions.extraction.file_extract``, run by the Celery task, or
in-process when there is no broker) happens in a forked child: its address space is capped at
what it already maps plus ``RIS_PDF_MEMORY_LIMIT_MB`` (``limit_memory``, also the initializer
of ``ingest_pdfs``' worker pool), and it is killed when it runs longer than
``RIS_PDF_TIME_LIMIT`` plus a grace period (as much again, at most 15 s). Either way the caller gets an ``ExtractionFailed``
with a German reason, and the process that asked survives.

Forking is safe only from a process with one thread: a lock another thread holds at the moment
of the fork (an output buffer, a module being imported, a C library's state) stays held in the
child, whose only thread then waits for it until the wall-clock limit kills it. Celery's prefork
children, gunicorn's sync workers and ``ingest_pdfs`` have one thread; the threaded development
server and a test's live server do not. So a
process with more than one thread runs the extraction in a fresh interpreter instead
(``python -m motions.pdf_sandbox``, the PDF on stdin): about half a second more per file, the
same limits, the same answers.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from motions.pdf_text import ExtractionFailed, PdfText, pdf_text

logger = logging.getLogger(__name__)

GRACE_SECONDS = 15  # past the extractor's own limit, at most; short limits get as much again
TOO_SLOW = _("Das Lesen der Datei hat länger als %(seconds)d Sekunden gedauert und wurde abgebrochen.")
TOO_BIG = _("Die Datei braucht zu viel Speicher; ihr Text wurde nicht gelesen.")
CRASHED = _("Der Leseprozess ist abgebrochen (Signal %(signal)s); der Text wurde nicht gelesen.")


def limit_memory(room_mb: int | None = None) -> None:
    """Cap this process's address space at what it maps now plus ``room_mb`` (by default
    ``RIS_PDF_MEMORY_LIMIT_MB``).

    Counted from what the (forked) process already maps (Django and the libraries), so that the
    setting is the room one extraction gets; a PDF that needs more fails alone.
    """
    import resource

    if room_mb is None:
        room_mb = getattr(settings, "RIS_PDF_MEMORY_LIMIT_MB", 768)
    room = room_mb * 1024 * 1024
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
    if threading.active_count() > 1:
        return _in_fresh_interpreter(data, time_limit=time_limit, **options)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never touches the database
        os.close(read_end)
        try:
            limit_memory()
            outcome = _outcome(data, time_limit=time_limit, **options)
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


def _outcome(data: bytes, *, time_limit: float, **options) -> tuple[str, object]:
    try:
        return "ok", pdf_text(data, time_limit=time_limit, **options)
    except ExtractionFailed as exc:
        return "failed", str(exc)
    except MemoryError:
        return "failed", str(TOO_BIG)


def _in_fresh_interpreter(data: bytes, *, time_limit: float, **options) -> PdfText:
    """``pdf_text`` in a new ``python -m motions.pdf_sandbox`` under the same limits."""
    request = {
        "data": data,
        "time_limit": time_limit,
        "options": options,
        "room_mb": getattr(settings, "RIS_PDF_MEMORY_LIMIT_MB", 768),
        "language": get_language() or settings.LANGUAGE_CODE,
        "locale_paths": [str(path) for path in settings.LOCALE_PATHS],
    }
    project = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(  # noqa: S603 - this interpreter, this module, the PDF on stdin
            [sys.executable, "-m", "motions.pdf_sandbox"],
            input=pickle.dumps(request),
            capture_output=True,
            timeout=time_limit + min(GRACE_SECONDS, time_limit) + 10,  # 10: the interpreter's start
            cwd=project,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionFailed(TOO_SLOW % {"seconds": time_limit}) from None
    if not done.stdout:
        # What the child said, for the operator: an interpreter that could not start looks like
        # a file that needed too much memory to the user, but not in the log.
        logger.warning(
            "PDF extraction child ended with %s and no result: %s",
            done.returncode,
            done.stderr.decode(errors="replace")[-2000:],
        )
        if done.returncode < 0 and -done.returncode != signal.SIGKILL:
            raise ExtractionFailed(CRASHED % {"signal": -done.returncode})
        raise ExtractionFailed(TOO_BIG)
    kind, value = pickle.loads(done.stdout)  # noqa: S301 - written by our own child
    if kind == "failed":
        raise ExtractionFailed(value)
    return value


def _fresh_interpreter_main() -> None:
    """The child of ``_in_fresh_interpreter``: Django with translations only (no apps, no
    database), the memory limit, one extraction, the pickled outcome on stdout."""
    import django
    from django.utils import translation

    request = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by our own parent
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE=request["language"],
        LOCALE_PATHS=request["locale_paths"],
        INSTALLED_APPS=[],
    )
    django.setup()
    translation.activate(request["language"])
    limit_memory(request["room_mb"])
    outcome = _outcome(request["data"], time_limit=request["time_limit"], **request["options"])
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.flush()


if __name__ == "__main__":
    _fresh_interpreter_main()
