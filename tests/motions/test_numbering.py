"""Reference numbers: per-body, per-type patterns; unique; safe under concurrency."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from motions.models import Paper, PaperType, ReferencePattern
from motions.models.numbering import validate_pattern
from motions.numbering import reference_next, reference_preview
from tests.factories import BodyFactory, LegislativeTermFactory, PaperFactory


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("A/{nr:04}/{year}", "A/0001/2019"),
        ("VO/{year}/{nr:05}", "VO/2019/00001"),
        ("{term}/{nr:04}/{yy}", "VII/0001/19"),
    ],
)
@pytest.mark.django_db
def test_reference_next_formats_pattern(pattern, expected):
    body = BodyFactory()
    LegislativeTermFactory(body=body, name="VII", start_date=datetime.date(2019, 7, 1))
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern=pattern)
    assert reference_next(body=body, paper_type=PaperType.MOTION, day=datetime.date(2019, 11, 5)) == expected


@pytest.mark.django_db
def test_reference_next_counts_up_and_restarts_each_year():
    body = BodyFactory()
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
    day = datetime.date(2019, 3, 1)
    assert [reference_next(body=body, paper_type=PaperType.MOTION, day=day) for _ in range(3)] == [
        "A/0001/2019",
        "A/0002/2019",
        "A/0003/2019",
    ]
    assert reference_next(body=body, paper_type=PaperType.MOTION, day=datetime.date(2020, 1, 2)) == "A/0001/2020"


@pytest.mark.django_db
def test_reference_next_skips_numbers_taken_by_hand():
    body = BodyFactory()
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
    PaperFactory(body=body, reference="A/0001/2019")
    assert reference_next(body=body, paper_type=PaperType.MOTION, day=datetime.date(2019, 5, 5)) == "A/0002/2019"


@pytest.mark.django_db
def test_reference_preview_does_not_reserve():
    body = BodyFactory()
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
    day = datetime.date(2019, 5, 5)
    assert reference_preview(body=body, paper_type=PaperType.MOTION, day=day) == "A/0001/2019"
    assert reference_preview(body=body, paper_type=PaperType.MOTION, day=day) == "A/0001/2019"


@pytest.mark.django_db
def test_paper_save_assigns_number_when_blank():
    body = BodyFactory()
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
    paper = Paper.objects.create(
        body=body, name="Neuer Antrag", paper_type=PaperType.MOTION, date=datetime.date(2019, 1, 9)
    )
    assert paper.reference == "A/0001/2019"


@pytest.mark.django_db
def test_duplicate_reference_is_a_validation_error_not_a_crash():
    body = BodyFactory()
    PaperFactory(body=body, reference="A/0006/2019")
    paper = Paper(body=body, reference="A/0006/2019", name="Doppelt", paper_type=PaperType.MOTION)
    with pytest.raises(ValidationError) as excinfo:
        paper.full_clean()
    assert "schon vergeben" in str(excinfo.value)


@pytest.mark.django_db
def test_same_reference_allowed_in_another_body():
    PaperFactory(reference="A/0006/2019")
    paper = Paper(body=BodyFactory(), reference="A/0006/2019", name="Andere Stadt", paper_type=PaperType.MOTION)
    paper.full_clean()


@pytest.mark.parametrize("pattern", ["A/{year}", "A/{nr:04}/{jahr}", "A/{nr:04", "A/{nr:Q}"])
def test_validate_pattern_rejects_bad_patterns(pattern):
    with pytest.raises(ValidationError):
        validate_pattern(pattern)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reference_next_concurrent_creations_get_distinct_numbers():
    body = BodyFactory()
    ReferencePattern.objects.create(body=body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
    barrier = threading.Barrier(8)
    results, errors = [], []

    def create(i):
        try:
            barrier.wait(timeout=10)
            paper = Paper.objects.create(
                body=body, name=f"Gleichzeitig {i}", paper_type=PaperType.MOTION, date=datetime.date(2024, 6, 1)
            )
            results.append(paper.reference)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [f"A/{n:04}/2024" for n in range(1, 9)]
