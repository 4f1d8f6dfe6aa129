"""Reads shared by the public pages (STYLE.md rule 4). Each returns a fixed number of queries."""

from django.db.models import Prefetch

from motions.models import Consultation, File, Paper
from sessions.models import AgendaItem, Meeting


def home_context(*, user) -> dict:
    return {
        "papers": Paper.objects.visible_to(user).select_related("body").order_by("-date", "-pk")[:10],
        "meetings": Meeting.objects.visible_to(user).select_related("organization").order_by("-start")[:10],
    }


def paper_detail_queryset(*, user):
    return Paper.objects.visible_to(user).select_related(
        "body", "lead_unit", "responsible_person", "clerk", "amends", "answers"
    )


def paper_context(*, paper: Paper, user) -> dict:
    consultations = (
        Consultation.objects.visible_to(user)
        .filter(paper=paper)
        .select_related("organization", "meeting", "agenda_item")
        .order_by("order", "pk")
    )
    return {
        "paper": paper,
        "consultations": consultations,
        "files": File.objects.visible_to(user).filter(paper=paper),
        "amendments": Paper.objects.visible_to(user).filter(amends=paper),
        "answers": Paper.objects.visible_to(user).filter(answers=paper),
        "amends": Paper.objects.visible_to(user).filter(pk=paper.amends_id).first() if paper.amends_id else None,
        "answers_paper": Paper.objects.visible_to(user).filter(pk=paper.answers_id).first()
        if paper.answers_id
        else None,
        "originator_persons": paper.originator_persons.all(),
        "originator_organizations": paper.originator_organizations.all(),
    }


def meeting_context(*, meeting: Meeting, user) -> dict:
    all_items = AgendaItem.objects.filter(meeting=meeting, deleted=False)
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("consultations", queryset=Consultation.objects.visible_to(user).select_related("paper")),
            "votes",
        )
        .order_by("order")
    )
    return {
        "meeting": meeting,
        "items": items,
        "hidden_count": all_items.count() - items.count(),
        "files": File.objects.visible_to(user).filter(meeting=meeting, agenda_item__isnull=True),
    }
