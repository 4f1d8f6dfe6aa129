"""The Sitzungsdienst's write use cases (STYLE.md rule 4: rules live here, not in views).

Meeting states, the agenda built from papers' Beratungsfolge, attendance, results that move a
paper's state, invitation and minutes as Files, and their corrections: the flows that need both
the council (``sessions``) and the papers (``motions``), so they sit above both. The vote rules
themselves (counts, entitlement) are the council's: ``sessions.votes``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from proceedings.selectors import paper_open_agenda_item
from ris.revisions import audit, revision_refresh
from sessions.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingState,
    Membership,
    PersonalVote,
    Result,
    Vote,
    VoteChoice,
)
from sessions.votes import vote_record

# --- Agendas (issue 6, flow 3) ------------------------------------------------------------------

AGENDA_MEETING_CLOSED = _(
    "Die Sitzung ist durchgeführt oder abgesagt; ihre Tagesordnung kann nicht mehr geändert werden."
)
AGENDA_WRONG_ORGANIZATION = _("„%(paper)s“ wird nicht in %(organization)s beraten.")
AGENDA_NOT_NEXT = _("„%(paper)s“ ist vorher noch in einem anderen Gremium zu beraten.")
AGENDA_ALREADY_DONE = _("Diese Beratung von „%(paper)s“ ist schon abgeschlossen.")
AGENDA_ON_OTHER_AGENDA = _("„%(paper)s“ steht schon auf der offenen Tagesordnung von „%(meeting)s“ (%(number)s).")
AGENDA_NAME_MISSING = _("Bitte ein Thema für den Tagesordnungspunkt angeben.")
AGENDA_ITEM_HAS_RESULT = _("%(item)s hat schon ein Ergebnis und kann nicht mehr entfernt werden.")
MEETING_TRANSITION_REFUSED = _("Eine Sitzung im Status „%(old)s“ kann nicht „%(new)s“ werden.")

MEETING_TRANSITIONS = {
    MeetingState.SCHEDULED: {MeetingState.INVITED, MeetingState.HELD, MeetingState.CANCELLED},
    MeetingState.INVITED: {MeetingState.HELD, MeetingState.CANCELLED, MeetingState.SCHEDULED},
    MeetingState.HELD: set(),
    MeetingState.CANCELLED: {MeetingState.SCHEDULED},
}


def _agenda_open_check(meeting: Meeting) -> None:
    if meeting.state not in (MeetingState.SCHEDULED, MeetingState.INVITED):
        raise ValidationError(AGENDA_MEETING_CLOSED)


def _agenda_changed(meeting: Meeting, user, what: str, **data) -> None:
    revision_refresh(meeting, fields=["agenda_items"])
    audit(obj=meeting, action="ris.agenda.change", user=user, data={"what": what, **data})


@transaction.atomic
def meeting_state_set(*, meeting: Meeting, state: str, user=None) -> None:
    """Move a meeting along MEETING_TRANSITIONS (unchanged states are no-ops)."""
    old = meeting.state
    if old == state:
        return
    if state not in MEETING_TRANSITIONS.get(old, set()):
        raise ValidationError(
            MEETING_TRANSITION_REFUSED % {"old": MeetingState(old).label, "new": MeetingState(state).label}
        )
    Meeting.objects.filter(pk=meeting.pk).update(state=state, modified=timezone.now())
    meeting.state = state
    revision_refresh(meeting, fields=["state"])
    audit(obj=meeting, action="ris.meeting.state", user=user, data={"old": old, "new": state})


@transaction.atomic
def agenda_item_add_consultation(
    *, meeting: Meeting, consultation, public: bool | None = None, user=None
) -> AgendaItem:
    """Put one step of a paper's Beratungsfolge on the meeting's agenda (at the end) and renumber.

    Raises:
        ValidationError: the meeting is closed, the step belongs to another organization, is not
        the paper's next open step, is done, or the paper is already on another open agenda.
    """
    from motions.models import Consultation

    _agenda_open_check(meeting)
    paper = consultation.paper
    if consultation.organization_id != meeting.organization_id:
        raise ValidationError(AGENDA_WRONG_ORGANIZATION % {"paper": paper, "organization": meeting.organization})
    if consultation.result:
        raise ValidationError(AGENDA_ALREADY_DONE % {"paper": paper})
    other = paper_open_agenda_item(paper=paper)
    if other is not None:
        raise ValidationError(
            AGENDA_ON_OTHER_AGENDA % {"paper": paper, "meeting": other.meeting, "number": other.number or "–"}
        )
    if consultation.agenda_item_id:
        raise ValidationError(AGENDA_ALREADY_DONE % {"paper": paper})
    earlier = Consultation.objects.filter(paper=paper, deleted=False, result="", order__lt=consultation.order)
    if earlier.exists():
        raise ValidationError(AGENDA_NOT_NEXT % {"paper": paper})
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        name=paper.name[:1000],
        public=paper.public if public is None else (public and paper.public),
        order=(last or 0) + 1,
    )
    item.full_clean()
    item.save()
    Consultation.objects.filter(pk=consultation.pk).update(meeting=meeting, agenda_item=item, modified=timezone.now())
    revision_refresh(paper, fields=["consultations"])
    agenda_number(meeting=meeting, user=user, log=False)
    _agenda_changed(meeting, user, "add", paper=paper.pk)
    return item


@transaction.atomic
def agenda_item_add_topic(*, meeting: Meeting, name: str, public: bool = True, user=None) -> AgendaItem:
    """Add an item without a paper ("Eröffnung", "Mitteilungen", "Anfragen")."""
    _agenda_open_check(meeting)
    if not name.strip():
        raise ValidationError(AGENDA_NAME_MISSING)
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(meeting=meeting, name=name.strip()[:1000], public=public, order=(last or 0) + 1)
    item.full_clean()
    item.save()
    agenda_number(meeting=meeting, user=user, log=False)
    _agenda_changed(meeting, user, "add", item=item.pk)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, user=None) -> None:
    """Move an item up (offset -1) or down (+1) within its part of the agenda and renumber."""
    meeting = item.meeting
    _agenda_open_check(meeting)
    part = list(AgendaItem.objects.filter(meeting=meeting, public=item.public, deleted=False).order_by("order", "pk"))
    index = next(i for i, other in enumerate(part) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(part):
        part[index], part[target] = part[target], part[index]
        orders = sorted(other.order for other in part)
        for order, other in zip(orders, part, strict=True):
            AgendaItem.objects.filter(pk=other.pk).update(order=order)
    agenda_number(meeting=meeting, user=user, log=False)
    _agenda_changed(meeting, user, "move", item=item.pk)


@transaction.atomic
def agenda_item_rename(*, item: AgendaItem, name: str, user=None) -> None:
    """Give an item another title (the paper keeps its own); the numbering is unchanged."""
    _agenda_open_check(item.meeting)
    name = name.strip()
    if not name:
        raise ValidationError(AGENDA_NAME_MISSING)
    item.name = name[:1000]
    item.full_clean()
    AgendaItem.objects.filter(pk=item.pk).update(name=item.name, modified=timezone.now())
    _agenda_changed(item.meeting, user, "rename", item=item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, user=None) -> None:
    """Take an item off the agenda: it stays known as deleted, its paper's step of the
    Beratungsfolge is open again (proposed for the next meeting), and the rest is renumbered.

    Raises:
        ValidationError: the meeting is closed or the item already has a result.
    """
    from motions.models import Consultation
    from motions.services import record_soft_delete

    meeting = item.meeting
    _agenda_open_check(meeting)
    if item.result:
        raise ValidationError(AGENDA_ITEM_HAS_RESULT % {"item": item.number or item.name})
    now = timezone.now()
    papers = [c.paper for c in Consultation.objects.filter(agenda_item=item).select_related("paper")]
    Consultation.objects.filter(agenda_item=item).update(agenda_item=None, meeting=None, modified=now)
    record_soft_delete(obj=item, user=user)
    from motions.services import paper_state_follow

    for paper in papers:
        revision_refresh(paper, fields=["consultations"])
        paper_state_follow(paper=paper, user=user)
    agenda_number(meeting=meeting, user=user, log=False)
    _agenda_changed(meeting, user, "remove", item=item.pk)


@transaction.atomic
def agenda_item_set_public(*, item: AgendaItem, public: bool, user=None) -> None:
    """Move an item into the public (Ö) or non-public (N) part; a non-public paper stays non-public."""
    _agenda_open_check(item.meeting)
    paper_public = all(c.paper.public for c in item.consultations.select_related("paper"))
    AgendaItem.objects.filter(pk=item.pk).update(public=public and paper_public)
    from motions.signals import record_access_changed

    record_access_changed.send(sender=AgendaItem, instance=item)
    agenda_number(meeting=item.meeting, user=user, log=False)
    _agenda_changed(item.meeting, user, "public", item=item.pk, public=public)


def _paper_of(item: AgendaItem):
    consultation = next(iter(item.consultations.all()), None)
    return consultation.paper if consultation else None


@transaction.atomic
def agenda_number(*, meeting: Meeting, user=None, log: bool = True) -> list[AgendaItem]:
    """Number the agenda: the public part "Ö 1, Ö 2, …" before the non-public part "N 1, …".

    An amendment on the same part of the agenda as the motion it amends becomes a sub-item of
    it ("Ö 3.1", "Ö 3.2" for the motion "Ö 3") and is placed directly before the motion,
    because amendments are voted on first.
    """
    items = list(
        AgendaItem.objects.filter(meeting=meeting, deleted=False)
        .prefetch_related("consultations__paper")
        .order_by("order", "pk")
    )
    ordered = []
    for public, prefix in ((True, "Ö"), (False, "N")):
        part = [item for item in items if item.public == public]
        papers = {item.pk: _paper_of(item) for item in part}
        motion_items = {paper.pk: item for item, paper in ((i, papers[i.pk]) for i in part) if paper is not None}
        amendments = {}
        for item in part:
            paper = papers[item.pk]
            if paper is not None and paper.amends_id in motion_items:
                amendments.setdefault(paper.amends_id, []).append(item)
        number = 0
        for item in part:
            paper = papers[item.pk]
            if paper is not None and paper.amends_id in motion_items:
                continue  # placed with its motion
            number += 1
            subs = amendments.get(paper.pk, []) if paper is not None else []
            for sub_number, sub in enumerate(subs, start=1):
                sub.number = f"{prefix} {number}.{sub_number}"
                ordered.append(sub)
            item.number = f"{prefix} {number}"
            ordered.append(item)
    for order, item in enumerate(ordered, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=item.number, order=order)
        item.order = order
    if log:
        _agenda_changed(meeting, user, "number")
    return ordered


@transaction.atomic
def agenda_renumber(*, meeting: Meeting, user=None) -> list[AgendaItem]:
    """Number an open meeting's agenda anew on staff's request (see ``agenda_number``)."""
    _agenda_open_check(meeting)
    return agenda_number(meeting=meeting, user=user)


# --- Invitation and minutes (issue 20) --------------------------------------------------------------

MINUTES_EMPTY = _("Die Niederschrift ist leer.")
MEETING_NOT_HELD = _("Die Sitzung hat noch nicht stattgefunden; Ergebnisse können erst danach erfasst werden.")
MEETING_CANCELLED_NO_RESULTS = _("Die Sitzung wurde abgesagt; für sie können keine Ergebnisse erfasst werden.")
SUMMONS_REASON_NEEDED = _(
    "Die Sitzung ist in %(days)d Tagen, die Ladungsfrist beträgt %(frist)d Tage: "
    "bitte die Verkürzung begründen (z. B. Dringlichkeit)."
)
INVITATION_UNCHANGED = _("Seit der letzten Einladung hat sich nichts geändert; es gibt nichts nachzutragen.")
MINUTES_MARK_MISSING = _(
    "Im Text fehlt die Zeile „Nichtöffentlicher Teil“; ohne sie kann die öffentliche Fassung die "
    "nichtöffentlichen Punkte nicht sicher weglassen."
)


def meeting_snapshot(meeting: Meeting) -> dict:
    """What an invitation announced: date, place and the agenda (compared for a Nachtrag)."""
    from proceedings.selectors import agenda_items

    return {
        "start": meeting.start.isoformat(),
        "location_id": meeting.location_id,
        "location": str(meeting.location or ""),
        "items": [
            {"id": item.pk, "number": item.number, "name": item.name, "public": item.public}
            for item in agenda_items(meeting=meeting)
        ],
    }


def _label(entry: dict, members: bool) -> str:
    if entry["public"] or members:
        return f"{entry['number']} {entry['name']}".strip()
    return f"{entry['number']} ({_('nichtöffentlich')})"


def _to_minute(value):
    return value.replace(second=0, microsecond=0)


def invitation_changes(*, old: dict, new: dict) -> tuple[str, list[dict]]:
    """What changed since the snapshot ``old``: the kind of the new version ("nachtrag" when items
    were only added, else "geaendert") and one entry per change, each in a public wording (a
    non-public item by number only) and the members' wording."""
    from proceedings.documents import _when
    from proceedings.models import DocumentKind

    changes = []

    def change(kind, public_text, members_text=None):
        changes.append({"kind": kind, "text": public_text, "members_text": members_text or public_text})

    from datetime import datetime

    before = Meeting(start=datetime.fromisoformat(old["start"]))
    after = Meeting(start=datetime.fromisoformat(new["start"]))
    if _to_minute(before.start) != _to_minute(after.start):  # an invitation names the minute
        change("start", _("Termin verlegt: von %(old)s auf %(new)s") % {"old": _when(before), "new": _when(after)})
    if old.get("location_id") != new.get("location_id"):
        change(
            "location",
            _("Ort geändert: von %(old)s auf %(new)s") % {"old": old["location"] or "–", "new": new["location"] or "–"},
        )
    before = {entry["id"]: entry for entry in old["items"]}
    after = {entry["id"]: entry for entry in new["items"]}
    for entry in new["items"]:
        if entry["id"] not in before:
            change(
                "added",
                _("Neu auf der Tagesordnung: %(item)s") % {"item": _label(entry, False)},
                _("Neu auf der Tagesordnung: %(item)s") % {"item": _label(entry, True)},
            )
    for entry in old["items"]:
        if entry["id"] not in after:
            change(
                "removed",
                _("Von der Tagesordnung abgesetzt: %(item)s") % {"item": _label(entry, False)},
                _("Von der Tagesordnung abgesetzt: %(item)s") % {"item": _label(entry, True)},
            )
    for entry in new["items"]:
        was = before.get(entry["id"])
        if was is None:
            continue
        if was["name"] != entry["name"] or was["public"] != entry["public"]:
            change(
                "renamed",
                _("Geändert: %(item)s (bisher %(old)s)") % {"item": _label(entry, False), "old": _label(was, False)},
                _("Geändert: %(item)s (bisher %(old)s)") % {"item": _label(entry, True), "old": _label(was, True)},
            )
        elif was["number"] != entry["number"]:
            change(
                "moved",
                _("Neue Nummer: %(item)s (bisher %(old)s)") % {"item": _label(entry, False), "old": was["number"]},
                _("Neue Nummer: %(item)s (bisher %(old)s)") % {"item": _label(entry, True), "old": was["number"]},
            )
    added_only = changes and all(c["kind"] in ("added", "moved") for c in changes)
    # New items renumber the ones after them; that alone is still a Nachtrag.
    kind = (
        DocumentKind.SUPPLEMENT if added_only and any(c["kind"] == "added" for c in changes) else DocumentKind.AMENDED
    )
    return kind, changes


def invitation_versions(*, meeting: Meeting):
    from proceedings.models import INVITATION_KINDS, MeetingDocumentVersion

    return MeetingDocumentVersion.objects.filter(meeting=meeting, kind__in=INVITATION_KINDS).order_by("number")


def invitation_pending(*, meeting: Meeting) -> tuple[str, list[dict]] | None:
    """The kind and changes of the next invitation version, or None before the first invitation."""
    last = invitation_versions(meeting=meeting).last()
    if last is None:
        return None
    return invitation_changes(old=last.snapshot, new=meeting_snapshot(meeting))


def summons_shortfall(*, meeting: Meeting, today=None) -> tuple[int, int] | None:
    """(days until the meeting, Ladungsfrist) when the meeting is sooner than the body's
    Ladungsfrist allows, else None."""
    from proceedings.documents import meeting_settings

    frist = meeting_settings(meeting.organization.body).summons_days
    today = today or timezone.localdate()
    days = (timezone.localtime(meeting.start).date() - today).days
    return (days, frist) if days < frist else None


def _file_date_name(meeting: Meeting) -> str:
    return timezone.localtime(meeting.start).date().isoformat()


@transaction.atomic
def meeting_invitation_publish(
    *, meeting: Meeting, user=None, reason: str = "", publish: bool = True, automatic: bool = False
):
    """Publish the invitation, or (after one was published) its Nachtrag or geänderte Einladung
    stating what changed. Both the public and the members' version are stored as files of the
    meeting (the members' one on its first non-public item, so the access policy shows it only to
    those entitled to that part); earlier versions stay. Followers and the organization's members
    are alerted through the outbox (``members.signals.file_saved``). ``automatic``: published by
    the quiet-period check (``proceedings.invitation_auto``), audited as such. Returns the version.

    Raises:
        ValidationError: the meeting is closed; nothing changed since the last version; the
        meeting is sooner than the Ladungsfrist and no reason was given (key "reason").
    """
    from motions.models import FileRole
    from motions.services import file_create
    from proceedings.documents import InvitationVersionInfo, render_invitation_pdf
    from proceedings.models import DocumentKind, MeetingDocumentVersion

    _agenda_open_check(meeting)
    # One publication per meeting at a time (the button and the automatic Nachtrag): the second
    # waits here, then finds the changes published ("nichts geändert").
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))
    agenda_number(meeting=meeting, user=user, log=False)
    versions = list(invitation_versions(meeting=meeting))
    if versions:
        kind, changes = invitation_changes(old=versions[-1].snapshot, new=meeting_snapshot(meeting))
        if not changes:
            raise ValidationError(INVITATION_UNCHANGED)
    else:
        kind, changes = DocumentKind.INVITATION, []
    reason = (reason or "").strip()
    shortfall = summons_shortfall(meeting=meeting)
    if shortfall and not reason:
        raise ValidationError({"reason": SUMMONS_REASON_NEEDED % {"days": max(shortfall[0], 0), "frist": shortfall[1]}})
    number = len(versions) + 1
    first_day = date_format(timezone.localtime(versions[0].created), "d.m.Y") if versions else ""
    info = InvitationVersionInfo(kind=kind, number=number, changes=changes, reason=reason, first_day=first_day)
    title = DocumentKind(kind).label
    name = _("%(title)s: %(meeting)s") % {"title": title, "meeting": meeting}
    if number > 1:
        name = _("%(title)s (%(number)d. Fassung): %(meeting)s") % {
            "title": title,
            "number": number,
            "meeting": meeting,
        }
    stem = {"einladung": "Einladung", "nachtrag": "Nachtrag", "geaendert": "Geaenderte_Einladung"}[kind]
    day = _file_date_name(meeting)
    suffix = f"_{number}" if number > 1 else ""
    public_file = file_create(
        body=meeting.organization.body,
        name=name,
        content=render_invitation_pdf(meeting=meeting, info=info),
        file_name=f"{stem}_{day}{suffix}.pdf",
        role=FileRole.INVITATION,
        meeting=meeting,
        date=timezone.localdate(),
    )
    members_file = _members_version(
        meeting=meeting,
        role=FileRole.INVITATION,
        name=name,
        file_name=f"{stem}_{day}{suffix}_Mitglieder.pdf",
        render=lambda: render_invitation_pdf(meeting=meeting, members=True, info=info),
    )
    version = MeetingDocumentVersion.objects.create(
        meeting=meeting,
        kind=kind,
        number=number,
        file=public_file,
        members_file=members_file,
        changes=changes,
        reason=reason,
        snapshot=meeting_snapshot(meeting),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if meeting.state == MeetingState.SCHEDULED:
        meeting_state_set(meeting=meeting, state=MeetingState.INVITED, user=user)
    audit(
        obj=meeting,
        action="ris.meeting.invitation"
        if number == 1
        else ("ris.meeting.invitation_auto" if automatic else "ris.meeting.invitation_version"),
        user=user,
        data={"file": public_file.pk, "kind": kind, "version": number, "reason": reason, "automatic": automatic},
    )
    if publish:
        _meeting_publish(meeting, user)
    return version


def _members_version(*, meeting: Meeting, role: str, name: str, file_name: str, render):
    """The members' version (with the non-public part), stored on the first non-public item: the
    access policy shows a file of a non-public item only to staff and entitled members. None when
    the meeting has no non-public part (the public version is then complete)."""
    from motions.services import file_create

    first = AgendaItem.objects.filter(meeting=meeting, public=False, deleted=False).order_by("order", "pk").first()
    if first is None:
        return None
    return file_create(
        body=meeting.organization.body,
        name=_("%(name)s – Fassung für Mitglieder") % {"name": name},
        content=render(),
        file_name=file_name,
        role=role,
        agenda_item=first,
        date=timezone.localdate(),
    )


def _meeting_publish(meeting: Meeting, user) -> None:
    # What only services write (agenda, attendance, state, minutes) is current in the database, not
    # necessarily in a revision saved before (an import, the demo): publishing must not roll it back.
    revision_refresh(meeting, fields=["agenda_items", "attendances", "state", "minutes_text"])
    revision = Meeting.objects.get(pk=meeting.pk).latest_revision or meeting.save_revision(user=user)
    revision.publish(user=user)


def meeting_invite(*, meeting: Meeting, user=None, publish: bool = True, reason: str = ""):
    """Number the agenda and publish the invitation (or its next version); returns the public file."""
    return meeting_invitation_publish(meeting=meeting, user=user, reason=reason, publish=publish).file


@transaction.atomic
def meeting_minutes_draft(*, meeting: Meeting, text: str | None = None, user=None) -> str:
    """Store the minutes' text: ``text`` as edited by staff, or (None) freshly drafted from the results."""
    from proceedings.documents import minutes_draft

    if text is None:
        text = minutes_draft(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_text=text, modified=timezone.now())
    meeting.minutes_text = text
    revision_refresh(meeting, fields=["minutes_text"])
    return text


@transaction.atomic
def meeting_minutes_publish(*, meeting: Meeting, user=None, note: str | None = None):
    """Render the (edited) minutes as the meeting's Niederschrift, public and members' version, and
    publish the meeting. Publishing again is a correction: the new version says "Berichtigt am …",
    the earlier files stay known as deleted and as versions. Returns the public file."""
    from motions.models import File, FileRole
    from motions.services import file_create, record_correct, record_soft_delete
    from proceedings.documents import minutes_public_text, render_minutes_pdf
    from proceedings.models import DocumentKind, MeetingDocumentVersion

    if not meeting.minutes_text.strip():
        raise ValidationError(MINUTES_EMPTY)
    if meeting.start > timezone.now():
        raise ValidationError(MEETING_NOT_HELD)
    public_text = minutes_public_text(meeting=meeting, text=meeting.minutes_text)
    if public_text is None:
        raise ValidationError(MINUTES_MARK_MISSING)
    republished = _minutes_published(meeting)
    corrected_at = timezone.now() if republished else None
    note = note if note is not None else (str(MINUTES_CORRECTED) if republished else "")
    for old in File.objects.filter(
        Q(meeting=meeting, agenda_item__isnull=True) | Q(agenda_item__meeting=meeting),
        role=FileRole.RESULTS_PROTOCOL,
        deleted=False,
    ):
        record_soft_delete(obj=old)
    day = _file_date_name(meeting)
    number = (
        MeetingDocumentVersion.objects.filter(
            meeting=meeting, kind__in=[DocumentKind.MINUTES, DocumentKind.MINUTES_CORRECTED]
        ).count()
        + 1
    )
    suffix = f"_berichtigt_{number}" if republished else ""
    name = _("Niederschrift: %(meeting)s") % {"meeting": meeting}
    if republished:
        name = _("Niederschrift (berichtigt am %(day)s): %(meeting)s") % {
            "day": date_format(timezone.localtime(corrected_at), "d.m.Y"),
            "meeting": meeting,
        }
    minutes = file_create(
        body=meeting.organization.body,
        name=name,
        content=render_minutes_pdf(meeting=meeting, text=public_text, corrected_at=corrected_at, correction_note=note),
        file_name=f"Niederschrift_{day}{suffix}.pdf",
        role=FileRole.RESULTS_PROTOCOL,
        meeting=meeting,
        date=timezone.localdate(),
    )
    members_file = _members_version(
        meeting=meeting,
        role=FileRole.RESULTS_PROTOCOL,
        name=name,
        file_name=f"Niederschrift_{day}{suffix}_Mitglieder.pdf",
        render=lambda: render_minutes_pdf(
            meeting=meeting, text=meeting.minutes_text, members=True, corrected_at=corrected_at, correction_note=note
        ),
    )
    MeetingDocumentVersion.objects.create(
        meeting=meeting,
        kind=DocumentKind.MINUTES_CORRECTED if republished else DocumentKind.MINUTES,
        number=number,
        file=minutes,
        members_file=members_file,
        changes=[{"kind": "corrected", "text": note, "members_text": note}] if republished else [],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    meeting_state_set(meeting=meeting, state=MeetingState.HELD, user=user)
    audit(obj=meeting, action="ris.meeting.minutes", user=user, data={"file": minutes.pk, "version": number})
    _meeting_publish(meeting, user)
    if republished:
        record_correct(obj=meeting, when=corrected_at, note=note)
    return minutes


def _minutes_published(meeting: Meeting) -> bool:
    from motions.models import File, FileRole

    return File.objects.filter(
        meeting=meeting, agenda_item__isnull=True, role=FileRole.RESULTS_PROTOCOL, deleted=False
    ).exists()


# --- Results (issue 6, flow 4) -------------------------------------------------------------------

MINUTES_CORRECTED = _("Die Niederschrift wurde berichtigt.")
RESULT_CORRECTED = _("Das Ergebnis zu %(item)s wurde nach Veröffentlichung der Niederschrift berichtigt.")
RESULT_NOT_DECIDING = _("%(organization)s nimmt „%(paper)s“ nur zur Kenntnis und entscheidet nicht darüber.")
RESULT_NEEDS_VOTE = _("Für „%(result)s“ bitte die Abstimmung angeben (Ja/Nein/Enthaltungen oder „einstimmig“).")
NAMED_VOTES_DISAGREE = _("Die namentlichen Stimmen ergeben %(counted)s, eingetragen ist %(given)s.")

DECISION_RESULTS = {Result.ADOPTED, Result.REJECTED, Result.ADOPTED_AMENDED}
REOPENING_RESULTS = {Result.POSTPONED, Result.REFERRED}


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, statuses: dict, user=None) -> None:
    """Record who attended: ``statuses`` maps person ids to an Attendance.Status (or "" for unknown)."""
    day = timezone.localtime(meeting.start).date()
    voting = set(
        Membership.objects.filter(organization_id=meeting.organization_id, voting_right=True, deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("person_id", flat=True)
    )
    for person_id, status in statuses.items():
        if not status:
            Attendance.objects.filter(meeting=meeting, person_id=person_id).delete()
            continue
        if status not in Attendance.Status.values:
            continue
        Attendance.objects.update_or_create(
            meeting=meeting, person_id=person_id, defaults={"status": status, "voting_right": person_id in voting}
        )
    revision_refresh(meeting, fields=["attendances"])
    audit(obj=meeting, action="ris.meeting.attendance", user=user, data={"recorded": len(statuses)})


def _meeting_held_check(meeting: Meeting) -> None:
    """What is recorded of a meeting's items (results, statements) needs a meeting that took place."""
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(MEETING_CANCELLED_NO_RESULTS)
    if meeting.start > timezone.now():
        raise ValidationError(MEETING_NOT_HELD)


STATEMENT_SPEAKER_MISSING = _("Bitte je Zeile „Name: Erklärung“ eingeben (Zeile %(line)d).")
STATEMENT_TOO_LONG = _("Der Name in Zeile %(line)d ist zu lang (höchstens 255 Zeichen).")


def statements_parse(text: str) -> list[tuple[str, str]]:
    """The results screen's "Erklärungen zu Protokoll": one per line, "Name: Erklärung".

    Raises:
        ValidationError: a line has no name before its colon, or nothing after it.
    """
    statements = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        speaker, colon, said = line.partition(":")
        if not colon or not speaker.strip() or not said.strip():
            raise ValidationError(STATEMENT_SPEAKER_MISSING % {"line": number})
        if len(speaker.strip()) > 255:
            raise ValidationError(STATEMENT_TOO_LONG % {"line": number})
        statements.append((" ".join(speaker.split()), said.strip()))
    return statements


def statements_text(item: AgendaItem) -> str:
    """The item's statements as the results screen shows them, one "Name: Erklärung" a line."""
    return "\n".join(f"{s.speaker}: {s.text}" for s in item.record_statements.all())


@transaction.atomic
def agenda_item_statements_set(*, item: AgendaItem, statements: list[tuple[str, str]], user=None):
    """Replace the item's Erklärungen zu Protokoll with ``statements`` ((name, text) pairs, in
    order). A name that is exactly one person's of the body links the statement to that person.
    Returns the stored statements.

    Raises:
        ValidationError: the meeting has not happened or was cancelled.
    """
    from proceedings.models import RecordStatement
    from sessions.models import Person

    meeting = item.meeting
    _meeting_held_check(meeting)
    before = [(s.speaker, s.text) for s in item.record_statements.all()]
    if before == list(statements):
        return list(item.record_statements.all())
    item.record_statements.all().delete()
    stored = []
    for order, (speaker, said) in enumerate(statements):
        people = list(
            Person.objects.filter(body_id=meeting.organization.body_id, deleted=False, name__iexact=speaker)[:2]
        )
        stored.append(
            RecordStatement.objects.create(
                agenda_item=item,
                speaker=speaker,
                person=people[0] if len(people) == 1 else None,
                text=said,
                order=order,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
        )
    audit(
        obj=meeting,
        action="ris.meeting.statements",
        user=user,
        data={"agenda_item": item.pk, "before": len(before), "after": len(stored)},
    )
    return stored


@transaction.atomic
def agenda_item_result_record(
    *,
    item: AgendaItem,
    result: str,
    yes: int | None = None,
    no: int | None = None,
    abstain: int | None = None,
    unanimous: bool = False,
    resolution_text: str = "",
    groups: list[tuple] | None = None,
    personal: dict | None = None,
    user=None,
) -> Vote | None:
    """Record an item's result and vote; the consultation takes the result and the paper's state
    follows its Beratungsfolge. "vertagt"/"verwiesen" put the paper back on the open list.

    ``personal`` (namentliche Abstimmung) maps persons to a VoteChoice; the counts follow from it.
    A corrected result replaces the earlier vote, which stays known as deleted.

    Raises:
        ValidationError (with field keys where a field is at fault): the meeting has not
        happened, the organization only takes note, the counts cannot be.
    """
    from motions.models import Consultation, ConsultationRole
    from motions.services import paper_state_follow

    meeting = item.meeting
    _meeting_held_check(meeting)
    consultations = list(Consultation.objects.filter(agenda_item=item, deleted=False).select_related("paper"))
    for step in consultations:
        if result in DECISION_RESULTS and step.role == ConsultationRole.NOTICE:
            raise ValidationError(
                {"result": RESULT_NOT_DECIDING % {"organization": meeting.organization, "paper": step.paper}}
            )
    if personal:
        counted = [sum(1 for c in personal.values() if c == choice) for choice in VoteChoice.values]
        given = [yes, no, abstain]
        if any(g is not None for g in given) and [g or 0 for g in given] != counted:
            raise ValidationError(
                {
                    "yes": NAMED_VOTES_DISAGREE
                    % {"counted": "/".join(map(str, counted)), "given": "/".join(str(g or 0) for g in given)}
                }
            )
        yes, no, abstain = counted
    has_vote = unanimous or any(v is not None for v in (yes, no, abstain))
    if result in DECISION_RESULTS and not has_vote:
        raise ValidationError({"result": RESULT_NEEDS_VOTE % {"result": Result(result).label}})
    previous = AgendaItem.objects.filter(pk=item.pk).values_list("result", flat=True).first()
    corrects_minutes = bool(previous) and previous != result and _minutes_published(meeting)
    now = timezone.now()
    Vote.objects.filter(agenda_item=item, deleted=False).update(deleted=True, deleted_at=now, modified=now)
    vote = None
    if has_vote:
        vote = vote_record(
            agenda_item=item, result=result, yes=yes, no=no, abstain=abstain, unanimous=unanimous, groups=groups
        )
        for person, choice in (personal or {}).items():
            PersonalVote.objects.create(vote=vote, person=person, choice=choice)
        if personal:
            Vote.objects.filter(pk=vote.pk).update(named=True)
    AgendaItem.objects.filter(pk=item.pk).update(result=result, resolution_text=resolution_text, modified=now)
    revision_refresh(meeting, fields=["agenda_items"])
    for step in consultations:
        # Saved, not updated: followers of the paper hear of the result (members.signals) and the
        # search index and OParl see the change.
        step.result = result
        step.save(update_fields=["result", "modified"])
        if result in REOPENING_RESULTS:
            # The step stays in the history as "vertagt"; a fresh open step takes its place.
            Consultation.objects.create(
                paper=step.paper,
                organization=step.organization,
                role=step.role,
                order=step.order,
                authoritative=step.authoritative,
            )
        revision_refresh(step.paper, fields=["consultations"])
        paper_state_follow(paper=step.paper, user=user)
    if meeting.state in (MeetingState.SCHEDULED, MeetingState.INVITED):
        meeting_state_set(meeting=meeting, state=MeetingState.HELD, user=user)
    if corrects_minutes:
        # The published minutes must not contradict the page: they are drafted and rendered anew.
        meeting_minutes_draft(meeting=meeting, user=user)
        meeting_minutes_publish(
            meeting=meeting, user=user, note=str(RESULT_CORRECTED % {"item": item.number or item.name})
        )
    audit(obj=meeting, action="ris.meeting.result", user=user, data={"item": item.pk, "result": result})
    return vote
