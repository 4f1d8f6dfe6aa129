"""Reads about papers shared by admin views and panels (STYLE.md rule 4)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from motions.models import Paper, PaperState, PaperType
from ris import access


def inquiries_due(*, user, within_days: int = 7, today: datetime.date | None = None) -> QuerySet[Paper]:
    """Open inquiries of the user's bodies whose answer is due within ``within_days`` or overdue.

    An inquiry is open until it is marked answered or a published answer points at it.
    """
    today = today or timezone.localdate()
    answered = Paper.objects.filter(answers=OuterRef("pk"), live=True, deleted=False)
    papers = Paper.objects.filter(
        paper_type=PaperType.INQUIRY,
        deleted=False,
        answer_deadline__isnull=False,
        answer_deadline__lte=today + datetime.timedelta(days=within_days),
    ).exclude(state__in=[PaperState.ANSWERED, PaperState.WITHDRAWN, PaperState.SETTLED])
    if not user.is_superuser:
        papers = papers.filter(body_id__in=access.staff_body_ids(user))
    return papers.exclude(Exists(answered)).select_related("body").order_by("answer_deadline", "pk")
