"""``manage.py ingest_pdfs PATH... [--body NAME] [--publish] [--non-public] [--json]``

Takes files and folders (recursively, every ``*.pdf``), and turns each PDF into a stored file with
its text and, where the text says what it is, a paper. Reading PDFs runs in ``--workers``
processes (default: one per core), each under a memory limit; the database is written by this
process only. The exit status is 0 whenever the command ran, failed files included: their state
and reason are in the report.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils.translation import gettext as _
from wagtail.signal_handlers import disable_reference_index_auto_update

from ingest.ingestion import (
    Analysis,
    IngestState,
    Outcome,
    body_for_name,
    ingest_finish,
    ingest_is_complete,
    ingest_store,
    ingest_unreadable,
    outcome_for,
    pdf_analyse,
)
from members.events import alerts_muted
from motions.models import File
from motions.pdf_sandbox import limit_memory as _limit_memory
from search import signals as search_signals
from search.models import Kind
from sessions.models import Body

# Analysed files are finished in batches of this many: one transaction, one update of Wagtail's
# reference index and one search-indexing task per batch. A run killed before a batch commits
# leaves its files "waiting" for the next run. The progress bar counts files as they are read.
BATCH = 50


def _references_update(changed: set[tuple[str, int]]) -> None:
    """Wagtail's reference index ("usage") for the records a batch wrote, each once."""
    from wagtail.models import ReferenceIndex

    models = {str(kind): model for model, kind in search_signals.MODEL_KINDS.items()}
    by_kind: dict[str, set[int]] = {}
    for kind, pk in changed:
        by_kind.setdefault(kind, set()).add(pk)
    for kind, pks in sorted(by_kind.items()):
        model = models.get(kind)
        if model is not None and ReferenceIndex.is_indexed(model):
            for obj in model.objects.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(obj)


def _analyse_path(path: str) -> Analysis:
    """Runs in a worker: whatever happens, the answer is an Analysis, never an exception."""
    try:
        return pdf_analyse(Path(path).read_bytes())
    except MemoryError:
        reason = _("Die Datei braucht zu viel Speicher; ihr Text wurde nicht gelesen.")
    except Exception as exc:
        reason = _("Die Texterkennung ist mit einem internen Fehler abgebrochen (%(detail)s).") % {
            "detail": type(exc).__name__
        }
    return Analysis(text=None, reason=reason, found=None)


def _preload() -> None:
    """Import the PDF libraries up front: before the heap is frozen and before forking, so that a
    worker under its memory limit need not load them."""
    import pdfminer.converter  # noqa: F401
    import pdfminer.high_level  # noqa: F401
    import pdfplumber  # noqa: F401


class _Progress:
    """The progress bar of an interactive run: files read, and the pages and errors among them."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit=_("Datei"), file=sys.stderr, dynamic_ncols=True)
        self.pages = self.errors = 0

    def tick(self, *, pages: int | None, failed: bool) -> None:
        self.pages += pages or 0
        self.errors += failed
        self.bar.set_postfix({_("Seiten"): self.pages, _("Fehler"): self.errors}, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def input_files(paths: list[str]) -> list[Path]:
    """The files named and every ``*.pdf`` below the folders named, each once, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


class Command(BaseCommand):
    help = _("PDF-Dateien und Ordner einlesen: speichern, Text erkennen, Vorlagen anlegen.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=_("PDF-Dateien oder Ordner (rekursiv)"))
        parser.add_argument("--body", help=_("Name der Körperschaft; wird angelegt, wenn es sie nicht gibt"))
        parser.add_argument("--publish", action="store_true", help=_("erkannte Vorlagen gleich veröffentlichen"))
        parser.add_argument("--non-public", action="store_true", help=_("Vorlagen als nichtöffentlich anlegen"))
        parser.add_argument("--json", action="store_true", help=_("ein JSON-Dokument auf stdout ausgeben"))
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help=_("Prozesse zum Lesen der PDFs"))

    def handle(self, *args, **options):
        # An archive import must not e-mail followers about papers decades old. Wagtail's
        # reference index would be rewritten on every save (a paper is saved four times on its
        # way in); each batch brings it up to date once per record instead (_references_update).
        # The collector runs often while PDFs are parsed; what exists now (Django, the libraries)
        # lives as long as the command, so it is frozen out of the collector's walks: a quarter
        # less CPU per PDF, here and in the forked workers (whose copy of it also stays shared).
        _preload()
        gc.freeze()
        try:
            with alerts_muted(), disable_reference_index_auto_update():
                return self._handle(*args, **options)
        finally:
            gc.unfreeze()

    def _handle(self, *args, **options):
        body = self._body(options["body"])
        files = input_files(options["paths"])
        progress = self._progress(len(files), enabled=not options["json"] and sys.stderr.isatty())
        outcomes = self._run(
            body,
            files,
            workers=max(1, options["workers"]),
            publish=options["publish"],
            public=False if options["non_public"] else None,
            progress=progress,
        )
        if progress is not None:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps([o.as_json() for o in outcomes], ensure_ascii=False, indent=2))
            return
        for outcome in outcomes:
            self.stdout.write(self._line(outcome))
        states = (IngestState.OK, IngestState.NO_TEXT, IngestState.FAILED, IngestState.DUPLICATE)
        counts = {state: sum(o.state == state for o in outcomes) for state in states}
        counts[IngestState.OK] += sum(o.state == IngestState.OCR for o in outcomes)  # read, by OCR
        self.stdout.write(
            _("%(n)d Dateien: %(ok)d gelesen, %(no_text)d ohne Text, %(failed)d fehlgeschlagen, %(duplicate)d doppelt.")
            % {"n": len(outcomes), **counts}
        )

    def _body(self, name: str | None) -> Body:
        if name:
            return body_for_name(name)
        bodies = list(Body.objects.filter(deleted=False)[:2])
        if len(bodies) == 1:
            return bodies[0]
        raise CommandError(_("Bitte mit --body angeben, zu welcher Körperschaft die Dateien gehören."))

    def _progress(self, total: int, *, enabled: bool):
        return _Progress(total) if enabled else None

    def _tick(self, progress, *, pages: int | None, failed: bool) -> None:
        if progress is not None:
            progress.tick(pages=pages, failed=failed)

    def _tick_outcome(self, progress, outcome: Outcome) -> None:
        self._tick(progress, pages=outcome.pages, failed=outcome.state == IngestState.FAILED)

    def _tick_analysis(self, progress, analysis: Analysis) -> None:
        text = analysis.text
        self._tick(progress, pages=len(text.pages) if text is not None else None, failed=text is None)

    def _run(self, body, files, *, workers, publish, public, progress) -> list[Outcome]:
        """Store each input, analyse it (in the pool while the next ones are stored), finish it.

        Analysed files are finished in batches of ``BATCH``: one transaction per batch, and the
        batch's records are indexed once, when it commits.
        """
        outcomes: dict[int, Outcome] = {}
        repeats: list[tuple[int, int, str]] = []
        scheduled: set[int] = set()
        inflight: dict = {}
        analysed: list[tuple[int, File, str, Analysis]] = []

        def finish_analysed() -> None:
            if not analysed:
                return
            with transaction.atomic():
                # In the order of the input, not of the workers' finishing: which of two copies
                # of one document is the original must not depend on the pool.
                for index, file, path, analysis in sorted(analysed, key=lambda entry: entry[0]):
                    outcomes[index] = ingest_finish(
                        file=file, analysis=analysis, path=path, publish=publish, public=public
                    )
                    pending.add((Kind.FILE, file.pk))
                _references_update(pending)
                search_signals.enqueue_many(pending)
            pending.clear()
            analysed.clear()

        pool = self._start_pool(workers) if workers > 1 and len(files) > 1 else None
        with search_signals.deferred() as pending:
            try:
                for index, path in enumerate(files):
                    try:
                        content = path.read_bytes()
                    except OSError as exc:
                        outcomes[index] = ingest_unreadable(path=str(path), error=exc)
                        self._tick_outcome(progress, outcomes[index])
                        continue
                    file, existed = ingest_store(body=body, content=content, file_name=path.name)
                    if file.pk in scheduled:
                        repeats.append((index, file.pk, str(path)))
                    elif existed and ingest_is_complete(file):
                        outcomes[index] = outcome_for(file, path=str(path), duplicate=True)
                        self._tick_outcome(progress, outcomes[index])
                    elif pool is None:
                        scheduled.add(file.pk)
                        analysed.append((index, file, str(path), _analyse_path(file.file.path)))
                        self._tick_analysis(progress, analysed[-1][3])
                    else:
                        scheduled.add(file.pk)
                        inflight[pool.submit(_analyse_path, file.file.path)] = (index, file, str(path))
                        self._collect(inflight, analysed, outcomes, progress)
                    if len(analysed) >= BATCH:
                        finish_analysed()
                while inflight:
                    self._collect(inflight, analysed, outcomes, progress, wait=True)
                    if len(analysed) >= BATCH:
                        finish_analysed()
                finish_analysed()
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                # Whatever was committed is indexed now, not by a next run.
                search_signals.enqueue_many(pending)
        for index, pk, path in repeats:
            outcomes[index] = outcome_for(File.objects.get(pk=pk), path=path, duplicate=True)
            self._tick_outcome(progress, outcomes[index])
        return [outcomes[i] for i in sorted(outcomes)]

    def _start_pool(self, workers: int) -> ProcessPoolExecutor:
        import multiprocessing

        # The forked workers never touch the database. Closing our connections first means a worker
        # cannot even inherit them, except a connection inside a transaction (a caller's atomic
        # block): closing that would lose the transaction, and the workers leave it alone anyway.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_limit_memory
        )
        pool.submit(_preload).result()  # with fork, every worker starts now, before we reconnect
        return pool

    def _collect(self, inflight: dict, analysed: list, outcomes, progress, *, wait: bool = False) -> None:
        """Move the files the workers are done with to ``analysed``, at most a batch; with
        ``wait``, first wait for one to be done."""
        if wait:
            futures.wait(list(inflight), return_when=futures.FIRST_COMPLETED)
        for future in [f for f in list(inflight) if f.done()][: max(0, BATCH - len(analysed))]:
            index, file, path = inflight.pop(future)
            try:
                analysis = future.result()
            except Exception:  # a worker that died (BrokenProcessPool) or an answer that could not return
                # The file stays "waiting", so the next run tries it again.
                outcomes[index] = Outcome(
                    path=path,
                    sha256=file.sha256,
                    state=IngestState.FAILED,
                    error=_("Ein Leseprozess ist abgebrochen; der nächste Lauf versucht die Datei erneut."),
                )
                self._tick_outcome(progress, outcomes[index])
                continue
            analysed.append((index, file, path, analysis))
            self._tick_analysis(progress, analysis)

    def _line(self, outcome: Outcome) -> str:
        detail = outcome.error or ""
        if outcome.paper is not None:
            detail = f"{outcome.paper.reference or '–'}: {outcome.paper.name}" + (f" ({detail})" if detail else "")
        pages = _("%(n)d S.") % {"n": outcome.pages} if outcome.pages is not None else ""
        return f"{outcome.state:<9} {pages:>7}  {outcome.path}  {detail}".rstrip()
