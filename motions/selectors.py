"""Reads about papers shared by admin views and panels (STYLE.md rule 4)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from motions.models import Consultation, Paper, PaperType
from motions.models.paper import SETTLED_STATES
from ris import access


def inquiries_due(*, user, within_days: int = 7, today: datetime.date | None = None) -> QuerySet[Paper]:
    """Open inquiries of the user's bodies whose answer is due within ``within_days`` or overdue.

    An inquiry is open until it is marked answered or a published answer points at it, a
    consultation of it has a result, or it is settled; archived papers have no deadlines.
    """
    today = today or timezone.localdate()
    answered = Paper.objects.filter(answers=OuterRef("pk"), live=True, deleted=False)
    dealt_with = Consultation.objects.filter(paper=OuterRef("pk"), deleted=False).exclude(result="")
    papers = Paper.objects.filter(
        paper_type=PaperType.INQUIRY,
        deleted=False,
        archived=False,
        answer_deadline__isnull=False,
        answer_deadline__lte=today + datetime.timedelta(days=within_days),
    ).exclude(state__in=SETTLED_STATES)
    if not user.is_superuser:
        papers = papers.filter(body_id__in=access.staff_body_ids(user))
    return (
        papers.exclude(Exists(answered))
        .exclude(Exists(dealt_with))
        .select_related("body")
        .order_by("answer_deadline", "pk")
    )
