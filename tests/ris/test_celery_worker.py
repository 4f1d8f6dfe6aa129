"""Background work through a real Celery worker on a real Redis broker (no eager shortcut)."""

import pytest

from motions.models import ExtractionState
from motions.services import file_create
from motions.tasks import extract_file_text
from ris.pdf_render import render_text_pdf
from tests.factories import BodyFactory


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_extraction_task_runs_on_worker_over_redis(real_worker):
    body = BodyFactory()
    content = render_text_pdf(
        title="Niederschrift", text="Straßenreinigung und Bürgerbüro: Beschluss über die Gebühren."
    )
    file = file_create(body=body, name="Niederschrift", content=content, file_name="n.pdf", extract=False)
    result = extract_file_text.delay(file.pk)
    assert result.get(timeout=60) == ExtractionState.DONE
    file.refresh_from_db()
    assert "Straßenreinigung" in file.text and file.page_count == 1


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_broken_pdf_is_a_recorded_state_and_the_worker_survives(real_worker):
    body = BodyFactory()
    broken = file_create(body=body, name="Kaputt", content=b"%PDF-1.4\n garbage", file_name="kaputt.pdf", extract=False)
    assert extract_file_text.delay(broken.pk).get(timeout=60) == ExtractionState.FAILED
    broken.refresh_from_db()
    assert broken.extraction_error
    # The same worker still serves the next task.
    good = file_create(
        body=body, name="Gut", content=render_text_pdf(title="Gut", text="Haushalt"), file_name="gut.pdf", extract=False
    )
    assert extract_file_text.delay(good.pk).get(timeout=60) == ExtractionState.DONE
