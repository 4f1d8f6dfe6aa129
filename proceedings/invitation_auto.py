"""The automatic Nachtrag (issue 20): a change to an invited meeting — date, time, place, agenda
items added, removed, renamed or moved — is published as a Nachtrag or geänderte Einladung once it
has stood unchanged for the body's quiet period (``MeetingSettings.invitation_quiet_minutes``).

Celery beat runs ``proceedings.tasks.publish_due_invitation_changes`` every
``RIS_INVITATION_AUTO_SWEEP_SECONDS``; it calls ``invitation_auto_publish_due``, which publishes
through the same service as the Einladung page's button (``meeting_invitation_publish``: same
documents, alerts and audit), attributed to no user and audited as automatic.

Debounce: the run notes a fingerprint of the meeting's snapshot in ``InvitationAutoPending``; a
fingerprint not seen before restarts the quiet period, so a burst of edits gives one Nachtrag and
one round of alerts. Nothing is published automatically when the GO wants a decision: inside the
Ladungsfrist (a shortened one needs a recorded reason, e.g. Dringlichkeit) or while the meeting
has a draft or a Freigabe of its own (publishing would put that draft live). Those are held, and
staff see why (the meeting's edit form, its Einladung page, the dashboard). Each meeting is checked
in its own transaction under a row lock taken with ``skip_locked``: two runs at once never
publish twice, and the second finds the changes published when it gets the row.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from proceedings.documents import meeting_settings
from proceedings.models import InvitationAutoHold, InvitationAutoPending, InvitationAutoSweep
from proceedings.services import (
    invitation_changes,
    invitation_versions,
    meeting_invitation_publish,
    meeting_snapshot,
    summons_shortfall,
)
from sessions.models import Meeting, MeetingState

logger = logging.getLogger(__name__)

# At most this many publications per run (each renders two PDFs); the rest follow a minute later.
AUTO_BATCH = 20

AUTO_OFF = _(
    "Der Nachtrag wird nicht automatisch veröffentlicht (in den Sitzungseinstellungen ausgeschaltet); "
    "bitte unter „Einladung“ veröffentlichen."
)
AUTO_WAITING = _("Wird automatisch veröffentlicht, wenn bis %(time)s Uhr nichts mehr geändert wird.")
AUTO_WAITING_FIRST = _("Wird automatisch veröffentlicht, wenn %(minutes)d Minuten lang nichts mehr geändert wird.")
AUTO_HELD_SUMMONS = _(
    "Nicht automatisch veröffentlicht: Die Sitzung ist in %(days)d Tagen, die Ladungsfrist beträgt "
    "%(frist)d Tage; die Verkürzung braucht eine Begründung (z. B. Dringlichkeit). Bitte unter "
    "„Einladung“ begründen und veröffentlichen."
)
AUTO_HELD_DRAFT = _(
    "Nicht automatisch veröffentlicht: Die Sitzung hat Änderungen, die als Entwurf gespeichert oder in "
    "Freigabe sind; der Nachtrag folgt, wenn sie veröffentlicht sind."
)
AUTO_STOPPED = _(
    "Nicht automatisch veröffentlicht: Die Prüfung auf Änderungen läuft nicht (zuletzt %(last)s). "
    "Bitte unter „Einladung“ veröffentlichen und den Betrieb bitten, Celery beat oder "
    "„manage.py publish_invitation_changes“ jede Minute laufen zu lassen."
)
AUTO_FAILED = _(
    "Die automatische Veröffentlichung ist fehlgeschlagen (%(error)s); sie wird nach der Ruhezeit erneut versucht."
)


def _fingerprint(snapshot: dict) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, default=str).encode()).hexdigest()


def _pending(meeting: Meeting) -> tuple[dict, list[dict]] | None:
    """(the meeting's snapshot now, the changes since the last invitation version), or None when
    there is no invitation yet or nothing changed."""
    last = invitation_versions(meeting=meeting).last()
    if last is None:
        return None
    snapshot = meeting_snapshot(meeting)
    _kind, changes = invitation_changes(old=last.snapshot, new=snapshot)
    return (snapshot, changes) if changes else None


def _hold(meeting: Meeting, now: datetime.datetime) -> tuple[str, str]:
    """Why the changes must wait for staff (a hold and its message), or ("", "")."""
    shortfall = summons_shortfall(meeting=meeting, today=timezone.localdate(now))
    if shortfall:
        return InvitationAutoHold.SUMMONS, str(
            AUTO_HELD_SUMMONS % {"days": max(shortfall[0], 0), "frist": shortfall[1]}
        )
    if not meeting.live or meeting.has_unpublished_changes or meeting.workflow_in_progress:
        return InvitationAutoHold.DRAFT, str(AUTO_HELD_DRAFT)
    return InvitationAutoHold.NONE, ""


def _open(meeting: Meeting, now: datetime.datetime) -> bool:
    return meeting.state == MeetingState.INVITED and not meeting.deleted and meeting.start > now


def _sweep_stale() -> datetime.timedelta:
    """How long without a check before staff are told that nothing runs it: three intervals."""
    return datetime.timedelta(seconds=3 * settings.RIS_INVITATION_AUTO_SWEEP_SECONDS + 60)


def invitation_auto_status(*, meeting: Meeting, now: datetime.datetime | None = None) -> dict | None:
    """What will happen to the meeting's unpublished changes, for staff: a dict with ``state``
    ("off", "held", "stopped" when no check ran lately, "failed", "waiting"), ``text`` and
    ``due`` (or None), or None when nothing is pending or the meeting is cancelled, held or past."""
    now = now or timezone.now()
    if not _open(meeting, now):
        return None
    pending = _pending(meeting)
    if pending is None:
        return None
    conf = meeting_settings(meeting.organization.body)
    if not conf.invitation_auto_publish:
        return {"state": "off", "text": str(AUTO_OFF), "due": None}
    hold, detail = _hold(meeting, now)
    if hold:
        return {"state": "held", "text": detail, "due": None}
    last_run = InvitationAutoSweep.objects.filter(pk=1).values_list("last_run", flat=True).first()
    if last_run is None or last_run < now - _sweep_stale():
        last = date_format(timezone.localtime(last_run), "d.m.Y H:i") if last_run else _("noch nie")
        return {"state": "stopped", "text": str(AUTO_STOPPED % {"last": last}), "due": None}
    note = InvitationAutoPending.objects.filter(meeting=meeting).first()
    if note is not None and note.hold == InvitationAutoHold.FAILED:
        return {"state": "failed", "text": str(AUTO_FAILED % {"error": note.detail}), "due": None}
    if note is not None and note.fingerprint == _fingerprint(pending[0]):
        due = note.since + datetime.timedelta(minutes=conf.invitation_quiet_minutes)
        return {
            "state": "waiting",
            "text": str(AUTO_WAITING % {"time": date_format(timezone.localtime(due), "d.m.Y H:i")}),
            "due": due,
        }
    return {
        "state": "waiting",
        "text": str(AUTO_WAITING_FIRST % {"minutes": conf.invitation_quiet_minutes}),
        "due": None,
    }


@transaction.atomic
def _meeting_check(*, meeting_id: int, now: datetime.datetime) -> str:
    """Check one meeting under its row lock; returns what happened (a key of the run's counts)."""
    meeting = (
        Meeting.objects.select_for_update(skip_locked=True)
        .filter(pk=meeting_id, state=MeetingState.INVITED, deleted=False, start__gt=now)
        .first()
    )
    if meeting is None:
        return "busy"  # another run has it (or it is no longer open)
    note = InvitationAutoPending.objects.filter(meeting=meeting).first()
    conf = meeting_settings(meeting.organization.body)
    pending = _pending(meeting) if conf.invitation_auto_publish else None
    if pending is None:
        if note is not None:
            note.delete()
        return "unchanged" if conf.invitation_auto_publish else "off"
    fingerprint = _fingerprint(pending[0])
    if note is None or note.fingerprint != fingerprint:
        # Changed since the last run (or first seen): the quiet period starts again.
        note = note or InvitationAutoPending(meeting=meeting)
        note.fingerprint, note.since, note.hold, note.detail = fingerprint, now, InvitationAutoHold.NONE, ""
    note.checked = now
    hold, detail = _hold(meeting, now)
    if hold:
        note.hold, note.detail = hold, detail
        note.save()
        return "held"
    if note.hold != InvitationAutoHold.FAILED:
        note.hold, note.detail = InvitationAutoHold.NONE, ""
    if now < note.since + datetime.timedelta(minutes=conf.invitation_quiet_minutes):
        note.save()
        return "waiting"
    try:
        with transaction.atomic():
            meeting_invitation_publish(meeting=meeting, user=None, automatic=True)
    except Exception as error:  # recorded and retried after the quiet period; the other meetings go on
        logger.exception("automatic Nachtrag of meeting %s failed", meeting.pk)
        messages = getattr(error, "messages", None) or [str(error) or type(error).__name__]
        note.hold, note.detail, note.since = InvitationAutoHold.FAILED, "; ".join(messages)[:2000], now
        note.save()
        return "failed"
    if note.pk:
        note.delete()
    return "published"


def invitation_auto_publish_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Publish the Nachtrag (or geänderte Einladung) of every invited, upcoming meeting whose changes
    have stood for its body's quiet period, where the body has it switched on and nothing holds it.
    Idempotent; safe to run twice at once. Returns counts by outcome ("published", "waiting",
    "held", "failed", "unchanged", "off", "busy")."""
    from proceedings.models import INVITATION_KINDS

    now = now or timezone.now()
    sweep, created = InvitationAutoSweep.objects.get_or_create(pk=1, defaults={"last_run": now})
    if not created:
        InvitationAutoSweep.objects.filter(pk=sweep.pk).update(last_run=now)
    # Notes of meetings that were published, cancelled, held or are past are of no use any more.
    InvitationAutoPending.objects.exclude(
        meeting__state=MeetingState.INVITED, meeting__deleted=False, meeting__start__gt=now
    ).delete()
    candidates = (
        Meeting.objects.filter(
            state=MeetingState.INVITED, deleted=False, start__gt=now, document_versions__kind__in=INVITATION_KINDS
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    counts: Counter[str] = Counter()
    for meeting_id in list(candidates):
        if counts["published"] >= AUTO_BATCH:
            break
        counts[_meeting_check(meeting_id=meeting_id, now=now)] += 1
    return dict(counts)
