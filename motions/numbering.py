"""Drawing the next reference number safely, even when two staff members save at the same moment.

The counter row is locked with SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers
itself. A counter that does not exist yet is created inside a savepoint, and a concurrent
creator's IntegrityError makes us lock and use the row the other transaction made.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from motions.models import Paper, ReferenceCounter, ReferencePattern

NO_PATTERN = _("Für %(type)s ist in %(body)s kein Nummernkreis eingerichtet.")


def _format(pattern: ReferencePattern, nr: int, day: datetime.date, term: str) -> str:
    return pattern.pattern.format(nr=nr, year=day.year, yy=f"{day.year % 100:02d}", term=term)


def _period(pattern: ReferencePattern, day: datetime.date, term: str) -> str:
    return str(day.year) if pattern.period_by_year else (term or "-")


def current_term_name(body, day: datetime.date) -> str:
    term = (
        body.legislative_terms.filter(deleted=False, start_date__lte=day)
        .order_by("-start_date")
        .values_list("name", flat=True)
        .first()
    )
    return term or ""


def reference_preview(*, body, paper_type: str, day: datetime.date | None = None) -> str | None:
    """The number the next paper would get, without reserving it (for the admin's proposal)."""
    day = day or datetime.date.today()
    pattern = ReferencePattern.objects.filter(body=body, paper_type=paper_type).first()
    if pattern is None:
        return None
    term = current_term_name(body, day)
    counter = ReferenceCounter.objects.filter(pattern=pattern, period=_period(pattern, day, term)).first()
    return _format(pattern, (counter.last_number if counter else 0) + 1, day, term)


def reference_next(*, body, paper_type: str, day: datetime.date | None = None) -> str:
    """Reserve and return the next free reference number of this body and paper type.

    Raises:
        ValidationError: the body has no pattern for this type.
    """
    day = day or datetime.date.today()
    pattern = ReferencePattern.objects.filter(body=body, paper_type=paper_type).first()
    if pattern is None:
        raise ValidationError(NO_PATTERN % {"type": paper_type, "body": body})
    term = current_term_name(body, day)
    period = _period(pattern, day, term)
    with transaction.atomic():
        counter = ReferenceCounter.objects.select_for_update().filter(pattern=pattern, period=period).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = ReferenceCounter.objects.create(pattern=pattern, period=period, last_number=0)
            except IntegrityError:
                counter = ReferenceCounter.objects.select_for_update().get(pattern=pattern, period=period)
        while True:
            counter.last_number += 1
            reference = _format(pattern, counter.last_number, day, term)
            # Numbers typed in by hand or imported may already be taken: skip them.
            if not Paper.objects.filter(body=body, reference=reference).exists():
                break
        counter.save(update_fields=["last_number"])
    return reference


def reference_next_or_blank(*, body, paper_type: str, day: datetime.date | None = None) -> str:
    """Like reference_next, but "" when the body numbers this type by hand."""
    if not ReferencePattern.objects.filter(body=body, paper_type=paper_type).exists():
        return ""
    return reference_next(body=body, paper_type=paper_type, day=day)
