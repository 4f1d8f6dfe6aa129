"""Write use cases for papers and files (STYLE.md rule 4)."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motions.media_types import sniff_media_type
from motions.models import Consultation, ExtractionState, File, FileRole, Paper, PaperState, PaperType
from motions.signals import record_access_changed
from ris.revisions import audit, revision_refresh

FILE_EMPTY = _("Die Datei ist leer.")
FILE_NO_OWNER_BODY = _("Eine Datei braucht eine Körperschaft.")


@transaction.atomic
def file_create(
    *,
    body,
    name: str,
    content: bytes,
    file_name: str,
    role: str = FileRole.ATTACHMENT,
    paper: Paper | None = None,
    meeting=None,
    agenda_item=None,
    date=None,
    extract: bool = True,
) -> File:
    """Store an uploaded or generated document and queue its text extraction.

    Raises:
        ValidationError: the content is empty.
    """
    if not content:
        raise ValidationError(FILE_EMPTY)
    file_name = PurePath(file_name).name or "datei"
    obj = File(
        body=body,
        name=name,
        file_name=file_name,
        role=role,
        paper=paper,
        meeting=meeting,
        agenda_item=agenda_item,
        date=date,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        sha512=hashlib.sha512(content).hexdigest(),
        media_type=sniff_media_type(content, file_name),
        extraction_state=ExtractionState.WAITING,
    )
    obj.file.save(file_name, ContentFile(content), save=False)
    obj.full_clean()
    obj.save()
    if extract:
        from motions.extraction_sweep import extraction_send

        transaction.on_commit(lambda: extraction_send([obj.pk]))  # best-effort: the sweep covers an outage
    return obj


@transaction.atomic
def record_soft_delete(*, obj, user=None) -> None:
    """Delete without trace-loss: the record stays known as deleted (OParl deleted=true)."""
    now = timezone.now()
    type(obj).objects.filter(pk=obj.pk).update(deleted=True, deleted_at=now, modified=now)
    record_children_soft_delete(obj=obj, when=now)
    audit(obj=obj, action="ris.soft_delete", user=user)
    record_access_changed.send(sender=type(obj), instance=obj)


def record_children_soft_delete(*, obj, when) -> None:
    """What a deleted paper, meeting or agenda item takes with it, visibly (OParl 1.1 ch. 2.8).

    Its embedded objects (a paper's consultations, a meeting's agenda items, files no other
    owner keeps) are deleted too, so that they answer ``deleted: true`` at their own URL and are
    listed under ``modified_since`` instead of vanishing into a 404; and the records that linked
    to them (an agenda item's consultation, a consultation's meeting) move their ``modified``,
    so a syncing client fetches them without the stale link. Bulk updates: no save signals.
    """
    from sessions.models import AgendaItem, Meeting, Vote

    gone = {"deleted": True, "deleted_at": when, "modified": when}
    if isinstance(obj, Paper):
        consultations = Consultation.objects.filter(paper=obj, deleted=False)
        items = list(consultations.exclude(agenda_item=None).values_list("agenda_item_id", flat=True))
        consultations.update(**gone)
        AgendaItem.objects.filter(pk__in=items).update(modified=when)
        Meeting.objects.filter(agenda_items__in=items).update(modified=when)
        owned = File.objects.filter(paper=obj)
    elif isinstance(obj, Meeting):
        items = list(AgendaItem.objects.filter(meeting=obj, deleted=False).values_list("pk", flat=True))
        Vote.objects.filter(agenda_item__in=items, deleted=False).update(**gone)
        linked = Consultation.objects.filter(Q(meeting=obj) | Q(agenda_item__in=items), deleted=False)
        Paper.objects.filter(consultations__in=linked).update(modified=when)
        linked.update(modified=when)
        owned = File.objects.filter(Q(meeting=obj) | Q(agenda_item__in=items))
        AgendaItem.objects.filter(pk__in=items).update(**gone)
    elif isinstance(obj, AgendaItem):
        Vote.objects.filter(agenda_item=obj, deleted=False).update(**gone)
        linked = Consultation.objects.filter(agenda_item=obj, deleted=False)
        Paper.objects.filter(consultations__in=linked).update(modified=when)
        linked.update(modified=when)
        Meeting.objects.filter(pk=obj.meeting_id).update(modified=when)
        owned = File.objects.filter(agenda_item=obj)
    else:
        return
    alive_owner = (
        Q(paper__isnull=False, paper__deleted=False)
        | Q(meeting__isnull=False, meeting__deleted=False)
        | Q(agenda_item__isnull=False, agenda_item__deleted=False)
    )
    File.objects.filter(pk__in=owned.filter(deleted=False).exclude(alive_owner).values("pk")).update(**gone)


# --- Staff flows in the admin (issue 6): amendments, answers, state, corrections ---------------

AMENDMENT_NEEDS_MOTION = _("Ein Änderungsantrag kann nur zu einem Antrag oder einer Beschlussvorlage angelegt werden.")
ANSWER_NEEDS_INQUIRY = _("Eine Antwort kann nur zu einer Anfrage angelegt werden.")
STATE_TRANSITION_REFUSED = _("Der Stand „%(old)s“ kann nicht zu „%(new)s“ wechseln.")

AMENDABLE_TYPES = {PaperType.MOTION, PaperType.RESOLUTION_PROPOSAL, PaperType.AMENDMENT}

FINAL_STATES = {PaperState.ADOPTED, PaperState.REJECTED, PaperState.WITHDRAWN, PaperState.ANSWERED}
ALLOWED_TRANSITIONS = {
    PaperState.SUBMITTED: {
        PaperState.IN_CONSULTATION,
        PaperState.ADOPTED,
        PaperState.REJECTED,
        PaperState.NOTED,
        PaperState.ANSWERED,
        PaperState.WITHDRAWN,
        PaperState.SETTLED,
    },
    PaperState.IN_CONSULTATION: {
        PaperState.SUBMITTED,
        PaperState.ADOPTED,
        PaperState.REJECTED,
        PaperState.NOTED,
        PaperState.ANSWERED,
        PaperState.WITHDRAWN,
        PaperState.SETTLED,
    },
    PaperState.NOTED: {PaperState.IN_CONSULTATION, PaperState.ADOPTED, PaperState.REJECTED, PaperState.SETTLED},
    # A decision changes only when the result that caused it is corrected.
    PaperState.ADOPTED: {PaperState.IN_CONSULTATION, PaperState.REJECTED, PaperState.SETTLED},
    PaperState.REJECTED: {PaperState.IN_CONSULTATION, PaperState.ADOPTED, PaperState.SETTLED},
    PaperState.ANSWERED: {PaperState.SETTLED},
    PaperState.WITHDRAWN: {PaperState.IN_CONSULTATION},
    PaperState.SETTLED: set(),
}


def _derived_paper(*, source: Paper, paper_type: str, name: str, user, **links) -> Paper:
    paper = Paper(
        body=source.body,
        paper_type=paper_type,
        name=name[:1000],
        date=timezone.localdate(),
        public=source.public,
        lead_unit=source.lead_unit,
        responsible_person=source.responsible_person,
        live=False,
        **links,
    )
    paper.full_clean(exclude=["reference"])
    paper.save()
    return paper


@transaction.atomic
def paper_amendment_create(*, motion: Paper, user=None) -> Paper:
    """Create a draft Änderungsantrag linked to ``motion``, with the motion's open Beratungsfolge.

    Raises:
        ValidationError: the paper cannot be amended (an inquiry, an answer, …).
    """
    if motion.paper_type not in AMENDABLE_TYPES:
        raise ValidationError(AMENDMENT_NEEDS_MOTION)
    amendment = _derived_paper(
        source=motion,
        paper_type=PaperType.AMENDMENT,
        name=_("Änderungsantrag zu %(paper)s") % {"paper": motion},
        user=user,
        amends=motion,
    )
    # The amendment is consulted wherever the motion still is, so the agenda builder finds both.
    for step in Consultation.objects.filter(paper=motion, deleted=False, result=""):
        Consultation.objects.create(
            paper=amendment,
            organization=step.organization,
            role=step.role,
            order=step.order,
            authoritative=step.authoritative,
        )
    amendment = Paper.objects.get(pk=amendment.pk)
    amendment.save_revision(user=user, log_action=True)
    audit(obj=motion, action="ris.paper.amendment", user=user, data={"amendment": amendment.pk})
    return amendment


@transaction.atomic
def paper_answer_create(*, inquiry: Paper, user=None) -> Paper:
    """Create a draft Antwort linked to ``inquiry``.

    Raises:
        ValidationError: the paper is not an inquiry.
    """
    if inquiry.paper_type != PaperType.INQUIRY:
        raise ValidationError(ANSWER_NEEDS_INQUIRY)
    answer = _derived_paper(
        source=inquiry,
        paper_type=PaperType.ANSWER,
        name=_("Antwort auf %(paper)s") % {"paper": inquiry},
        user=user,
        answers=inquiry,
    )
    answer.save_revision(user=user, log_action=True)
    audit(obj=inquiry, action="ris.paper.answer", user=user, data={"answer": answer.pk})
    return answer


@transaction.atomic
def paper_state_set(*, paper: Paper, state: str, user=None) -> None:
    """Move a paper to ``state`` if ALLOWED_TRANSITIONS permits it (unchanged states are no-ops).

    Raises:
        ValidationError: the transition is not allowed.
    """
    old = paper.state
    if old == state:
        return
    if state not in ALLOWED_TRANSITIONS.get(old, set()):
        raise ValidationError(STATE_TRANSITION_REFUSED % {"old": PaperState(old).label, "new": PaperState(state).label})
    Paper.objects.filter(pk=paper.pk).update(state=state, modified=timezone.now())
    paper.state = state
    revision_refresh(paper, fields=["state"])
    audit(obj=paper, action="ris.paper.state", user=user, data={"old": old, "new": state})


def paper_state_from_consultations(paper: Paper) -> str:
    """Where the Beratungsfolge says the paper stands (DESIGN.md flow 3).

    The authoritative organization's decision settles it; a withdrawal ends it; once every step
    has a result and the last only took note, it was taken note of; any result in between means
    the paper is in consultation; none means it is still as submitted.
    """
    from sessions.models import Result

    steps = list(paper.consultations.filter(deleted=False).order_by("order", "pk"))
    done = [s for s in steps if s.result]
    for step in done:
        if step.result == Result.WITHDRAWN:
            return PaperState.WITHDRAWN
        if step.authoritative and step.result in (Result.ADOPTED, Result.ADOPTED_AMENDED):
            return PaperState.ADOPTED
        if step.authoritative and step.result == Result.REJECTED:
            return PaperState.REJECTED
    if steps and len(done) == len(steps) and done[-1].result == Result.NOTED:
        return PaperState.NOTED
    if paper.state == PaperState.ANSWERED:
        return PaperState.ANSWERED
    return PaperState.IN_CONSULTATION if done else PaperState.SUBMITTED


def paper_state_follow(*, paper: Paper, user=None) -> str:
    """Move the paper to where its Beratungsfolge says it stands; returns the new state."""
    state = paper_state_from_consultations(paper)
    if state != paper.state:
        # The Beratungsfolge is authoritative: a corrected result may reopen a decision.
        paper_state_set(paper=paper, state=state, user=user)
    return state


@transaction.atomic
def paper_published(*, paper: Paper, user=None) -> None:
    """What follows from publishing a paper: an answer settles its inquiry; republishing is a correction."""
    if paper.answers_id:
        inquiry = Paper.objects.get(pk=paper.answers_id)
        if inquiry.state != PaperState.ANSWERED and PaperState.ANSWERED in ALLOWED_TRANSITIONS.get(inquiry.state, ()):
            paper_state_set(paper=inquiry, state=PaperState.ANSWERED, user=user)
    if paper.first_published_at and paper.last_published_at and paper.last_published_at > paper.first_published_at:
        record_correct(obj=paper, when=paper.last_published_at)


def record_correct(*, obj, when=None, note: str | None = None) -> None:
    """Mark a published record as corrected (the public page shows „Berichtigt am …“)."""
    fields = {"corrected_at": when or timezone.now(), "modified": timezone.now()}  # caches and OParl see it
    if note is not None:
        fields["correction_note"] = note[:500]
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
