"""The rules of a vote and recording it (STYLE.md rule 4): counts never exceed the members entitled
to vote, "einstimmig" agrees with the counts, "angenommen" needs more yes than no.

The council's own rules, used by ``Vote.clean`` and by the Sitzungsdienst's result recording
(``proceedings.services.agenda_item_result_record``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions.models import AgendaItem, Attendance, Membership, Result, Vote

VOTE_COUNTS_EXCEED = _(
    "Es wurden %(total)s Stimmen erfasst, stimmberechtigt sind in dieser Sitzung aber nur %(entitled)s Mitglieder."
)
VOTE_COUNTS_MISSING = _("Bitte die Stimmen (Ja, Nein, Enthaltungen) angeben oder „einstimmig“ wählen.")
VOTE_UNANIMOUS_WITH_NO = _("„Einstimmig angenommen“ passt nicht zu Nein-Stimmen.")
VOTE_UNANIMOUS_WITH_YES = _("„Einstimmig abgelehnt“ passt nicht zu Ja-Stimmen.")
VOTE_UNANIMOUS_SPLIT = _("Bei Ja- und Nein-Stimmen war die Abstimmung nicht einstimmig.")
VOTE_ADOPTED_WITHOUT_MAJORITY = _("Angenommen ist nur, was mehr Ja- als Nein-Stimmen hat.")
VOTE_GROUPS_DONT_ADD_UP = _("Die Stimmen der Fraktionen ergeben zusammen nicht das Gesamtergebnis.")

ADOPTING_RESULTS = {Result.ADOPTED, Result.ADOPTED_AMENDED}


def vote_entitled_count(*, agenda_item: AgendaItem) -> int | None:
    """How many members may vote on this item.

    Returns the recorded attendance with voting right when there is one, else the organization's
    configured seats, else its voting memberships on the meeting's day, else None (then the
    counts cannot be checked).
    """
    meeting = agenda_item.meeting
    present = Attendance.objects.filter(meeting=meeting, voting_right=True, status=Attendance.Status.PRESENT)
    if meeting.pk and present.exists():
        return present.count()
    if meeting.organization.seats:
        return meeting.organization.seats
    day = timezone.localtime(meeting.start).date() if meeting.start else timezone.localdate()
    members = (
        Membership.objects.filter(organization_id=meeting.organization_id, voting_right=True, deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("person")
        .distinct()
        .count()
    )
    return members or None


def vote_validate(*, vote: Vote) -> None:
    """Raise ValidationError (with field keys, for forms) when the vote cannot have happened."""
    counts = [vote.yes, vote.no, vote.abstain]
    if all(c is None for c in counts):
        if not vote.unanimous:
            raise ValidationError({"yes": VOTE_COUNTS_MISSING})
        return
    yes, no, abstain = (c or 0 for c in counts)
    if vote.unanimous:
        if yes and no:
            raise ValidationError({"unanimous": VOTE_UNANIMOUS_SPLIT})
        if no and vote.result in ADOPTING_RESULTS:
            raise ValidationError({"no": VOTE_UNANIMOUS_WITH_NO})
        if yes and vote.result == Result.REJECTED:
            raise ValidationError({"yes": VOTE_UNANIMOUS_WITH_YES})
    if vote.result in ADOPTING_RESULTS and yes <= no:
        raise ValidationError({"result": VOTE_ADOPTED_WITHOUT_MAJORITY})
    if vote.agenda_item_id:
        entitled = vote_entitled_count(agenda_item=vote.agenda_item)
        total = yes + no + abstain
        if entitled is not None and total > entitled:
            raise ValidationError({"yes": VOTE_COUNTS_EXCEED % {"total": total, "entitled": entitled}})


@transaction.atomic
def vote_record(
    *,
    agenda_item: AgendaItem,
    result: str,
    yes: int | None = None,
    no: int | None = None,
    abstain: int | None = None,
    unanimous: bool = False,
    subject: str = "",
    groups: list[tuple] | None = None,
    source_text: str = "",
) -> Vote:
    """Record a vote on an agenda item and set the item's result.

    ``groups`` is an optional per-Fraktion breakdown: (organization, yes, no, abstain);
    ``source_text`` the text the vote was read from (an imported or recognised result).
    Raises ValidationError when the counts cannot be.
    """
    vote = Vote(
        agenda_item=agenda_item,
        result=result,
        yes=yes,
        no=no,
        abstain=abstain,
        unanimous=unanimous,
        subject=subject,
        source_text=source_text[:500],
    )
    vote.full_clean()
    if groups and yes is not None:
        sums = [sum(g[i] for g in groups) for i in (1, 2, 3)]
        if sums != [yes or 0, no or 0, abstain or 0]:
            raise ValidationError(VOTE_GROUPS_DONT_ADD_UP)
    vote.save()
    for organization, g_yes, g_no, g_abstain in groups or []:
        vote.group_counts.create(organization=organization, yes=g_yes, no=g_no, abstain=g_abstain)
    if not agenda_item.result:
        AgendaItem.objects.filter(pk=agenda_item.pk).update(result=result)
        agenda_item.result = result
    return vote
