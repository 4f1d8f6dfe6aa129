"""Workers fail: a worker killed mid-task, files a dead worker left running, two workers
indexing one record at once. Real Redis, real worker processes, real PostgreSQL."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motions.extraction_sweep import extraction_requeue_stale
from motions.models import ExtractionState, File
from motions.services import file_create
from motions.tasks import extract_file_text
from ris.pdf_render import render_text_pdf
from search import indexing
from search.models import SearchDocument
from tests.factories import BodyFactory, PaperFactory
from tests.infra import WorkerProcess, celery_app_on, redis_server


def _state(pk: int) -> str:
    return File.objects.values_list("extraction_state", flat=True).get(pk=pk)


def _until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _long_pdf() -> bytes:
    """Some seconds of pdfminer work: long enough to kill the worker in the middle of it."""
    paragraph = "Absatz {n} über den Haushalt, die Straßenreinigung, Gebühren und Beiträge der Stadt. " * 8
    return render_text_pdf(title="Haushaltsplan", text="\n\n".join(paragraph.format(n=n) for n in range(300)))


@pytest.mark.django_db(transaction=True)
def test_task_of_a_killed_worker_runs_again_after_the_visibility_timeout():
    file = file_create(
        body=BodyFactory(), name="Haushaltsplan", content=_long_pdf(), file_name="plan.pdf", extract=False
    )
    short = {"RIS_CELERY_VISIBILITY_TIMEOUT": "5"}
    with redis_server() as redis, celery_app_on(redis.url):
        extract_file_text.delay(file.pk)
        first = WorkerProcess(redis.url, env=short).start()
        try:
            assert _until(lambda: _state(file.pk) == ExtractionState.RUNNING, 90), first.output()[-3000:]
        finally:
            first.kill()  # kill -9 of the whole worker, in the middle of the extraction
        time.sleep(1)
        assert _state(file.pk) == ExtractionState.RUNNING  # nobody finished it
        second = WorkerProcess(redis.url, env=short).start()
        try:
            assert _until(lambda: _state(file.pk) == ExtractionState.DONE, 150), second.output()[-3000:]
        finally:
            second.stop()
    file.refresh_from_db()
    assert file.page_count > 10 and "Straßenreinigung" in file.text


@pytest.mark.django_db
def test_sweep_requeues_files_a_dead_worker_left_running(django_capture_on_commit_callbacks, settings):
    settings.RIS_EXTRACTION_STALE_SECONDS = 900
    body = BodyFactory()
    content = render_text_pdf(title="Niederschrift", text="Beschluss über die Gebühren der Straßenreinigung.")
    lost = file_create(body=body, name="Verloren", content=content, file_name="a.pdf", extract=False)
    busy = file_create(body=body, name="In Arbeit", content=content, file_name="b.pdf", extract=False)
    started = timezone.now()
    # The clock moved on: one file has been "läuft" for 16 minutes, the other for 1 minute.
    File.objects.filter(pk=lost.pk).update(
        extraction_state=ExtractionState.RUNNING, modified=started - timedelta(minutes=16)
    )
    File.objects.filter(pk=busy.pk).update(extraction_state=ExtractionState.RUNNING, modified=started)
    with django_capture_on_commit_callbacks(execute=True):
        assert extraction_requeue_stale(now=started + timedelta(minutes=1)) == [lost.pk]
    assert _state(lost.pk) == ExtractionState.DONE  # queued again and extracted (in-process here)
    assert _state(busy.pk) == ExtractionState.RUNNING  # still within its time: left alone
    with django_capture_on_commit_callbacks(execute=True):
        assert extraction_requeue_stale(now=started + timedelta(minutes=16)) == [busy.pk]
    assert _state(busy.pk) == ExtractionState.DONE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_indexing_of_one_record_writes_one_document():
    paper = PaperFactory(name="Radverkehrskonzept")
    errors: list[BaseException] = []
    rounds, workers = 15, 4
    barrier = threading.Barrier(workers)

    def index():
        try:
            for _ in range(rounds):
                barrier.wait()
                indexing.index_object("paper", paper.pk)
        except BaseException as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=index) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SearchDocument.objects.filter(kind="paper", object_id=paper.pk).count() == 1
