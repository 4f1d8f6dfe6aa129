"""Issue 20: a change to an invited meeting is published as a Nachtrag by itself once it has stood
for the body's quiet period (proceedings/invitation_auto.py, run by beat), through the same service
as the Einladung page's button; inside the Ladungsfrist it waits for staff, who are told why.

The runs are the real task function with the time passed in (``now``); nothing of ours is mocked.
"""

import datetime
import io
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_text
from wagtail.models import ModelLogEntry

from members.models import Alert, Event
from motions.models import File, FileRole
from outbox.services import outbox_drain
from proceedings import services
from proceedings.invitation_auto import invitation_auto_publish_due, invitation_auto_status
from proceedings.models import DocumentKind, InvitationAutoHold, InvitationAutoPending, MeetingSettings
from proceedings.tasks import publish_due_invitation_changes
from ris.celery import app
from sessions.models import MeetingState
from tests.admin.conftest import grant_staff
from tests.factories import (
    BodyFactory,
    OrganizationFactory,
    member_and_follower_of,
    published_meeting_in_ratssaal,
    staff_user_for,
)

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def _text(file: File) -> str:
    file.file.open("rb")
    return " ".join(extract_text(io.BytesIO(file.file.read())).split())


def _invited(council, days=10, reason=""):
    """An invited meeting with one public and one non-public item, its invitation published."""
    meeting = published_meeting_in_ratssaal(council.committee, days)
    services.agenda_item_add_topic(meeting=meeting, name="Eröffnung")
    services.agenda_item_add_topic(meeting=meeting, name="Grundstücksangelegenheit Geheim", public=False)
    services.meeting_invitation_publish(meeting=meeting, user=council.staff, reason=reason)
    outbox_drain()
    meeting.refresh_from_db()
    return meeting


def _audience(council):
    """A member of the committee and a follower of it, both with verified accounts."""
    return member_and_follower_of(council.committee)


def _burst(council, meeting):
    """What staff do in a few minutes: two items added, one moved up, the start an hour later."""
    services.agenda_item_add_topic(meeting=meeting, name="Mitteilungen der Verwaltung", user=council.staff)
    second = services.agenda_item_add_topic(meeting=meeting, name="Anfragen", user=council.staff)
    services.agenda_item_move(item=second, offset=-1, user=council.staff)
    meeting.start += datetime.timedelta(hours=1)
    meeting.save_revision(user=council.staff).publish(user=council.staff)  # the edit form's "Veröffentlichen"


def _versions(meeting):
    return list(services.invitation_versions(meeting=meeting))


def test_invitation_auto_burst_of_edits_gives_one_nachtrag_and_one_round_of_alerts(council):
    member, follower = _audience(council)
    meeting = _invited(council)
    events_before = set(Event.objects.values_list("pk", flat=True))
    t0 = timezone.now()
    _burst(council, meeting)
    assert invitation_auto_publish_due(now=t0)["waiting"] == 1  # first seen: the quiet period starts
    services.agenda_item_rename(
        item=meeting.agenda_items.get(name="Anfragen"), name="Anfragen der Fraktionen", user=council.staff
    )
    assert invitation_auto_publish_due(now=t0 + 5 * MINUTE)["waiting"] == 1  # changed again: starts anew
    assert len(_versions(meeting)) == 1

    counts = invitation_auto_publish_due(now=t0 + 20 * MINUTE)  # 15 minutes after the last change
    assert counts["published"] == 1
    first, nachtrag = _versions(meeting)
    assert nachtrag.kind == DocumentKind.AMENDED and nachtrag.number == 2 and nachtrag.created_by is None
    texts = [change["text"] for change in nachtrag.changes]
    assert any(text.startswith("Termin verlegt") for text in texts)
    assert "Neu auf der Tagesordnung: Ö 2 Anfragen der Fraktionen" in texts
    assert "Neu auf der Tagesordnung: Ö 3 Mitteilungen der Verwaltung" in texts
    pdf = _text(nachtrag.file)
    assert "Geänderte Einladung" in pdf and "Termin verlegt" in pdf and "Anfragen der Fraktionen" in pdf
    assert "Geheim" not in pdf and "Geheim" in _text(nachtrag.members_file)
    # Both stay published beside each other.
    assert File.objects.filter(meeting=meeting, role=FileRole.INVITATION, deleted=False).count() == 2

    # One round of alerts: one event, the Nachtrag's, and one alert for each member and follower.
    outbox_drain()
    new_events = Event.objects.exclude(pk__in=events_before)
    assert [event.file_id for event in new_events] == [nachtrag.file_id]
    alerts = Alert.objects.filter(event__in=new_events)
    assert sorted(alerts.values_list("user__username", flat=True)) == ["buerger", "ratsmitglied"]
    assert "geänderte Einladung" in alerts.get(user=member).reason

    # Audited as automatic, by nobody; the meeting is published with the new date.
    entry = ModelLogEntry.objects.get(action="ris.meeting.invitation_auto")
    assert entry.user is None and entry.data["automatic"] is True and entry.data["version"] == 2
    meeting.refresh_from_db()
    assert meeting.live and not meeting.has_unpublished_changes

    # Later runs find nothing to do: no second Nachtrag, no second round.
    for later in (21, 60):
        assert invitation_auto_publish_due(now=t0 + later * MINUTE).get("published", 0) == 0
    assert len(_versions(meeting)) == 2 and Event.objects.exclude(pk__in=events_before).count() == new_events.count()
    assert not InvitationAutoPending.objects.exists()


def test_invitation_auto_within_the_quiet_period_publishes_nothing_and_says_when(client, council):
    meeting = _invited(council)
    t0 = timezone.now()
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen", user=council.staff)
    invitation_auto_publish_due(now=t0)
    assert invitation_auto_publish_due(now=t0 + 14 * MINUTE) == {"waiting": 1}
    assert len(_versions(meeting)) == 1
    status = invitation_auto_status(meeting=meeting, now=t0 + 14 * MINUTE)
    assert status["state"] == "waiting" and status["due"] == t0 + 15 * MINUTE
    client.force_login(council.staff)
    page = client.get(reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk])).content
    assert "Wird automatisch veröffentlicht, wenn bis" in page.decode()
    # The public page still lists the change as not yet in a Nachtrag.
    html = Client().get(meeting.get_absolute_url(), follow=True).content.decode()
    assert 'id="invitation-pending"' in html and "Ö 2 Anfragen" in html


def test_invitation_auto_inside_the_ladungsfrist_is_held_and_staff_see_why(client, council):
    MeetingSettings.objects.create(body=council.body, summons_days=7)
    meeting = _invited(council, days=3, reason="Dringlichkeit: Fördermittelfrist")
    t0 = timezone.now()
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen", user=council.staff)
    assert invitation_auto_publish_due(now=t0) == {"held": 1}
    assert invitation_auto_publish_due(now=t0 + 60 * MINUTE) == {"held": 1}
    assert len(_versions(meeting)) == 1
    note = InvitationAutoPending.objects.get(meeting=meeting)
    assert note.hold == InvitationAutoHold.SUMMONS

    client.force_login(council.staff)
    days, _frist = services.summons_shortfall(meeting=meeting)
    why = f"Nicht automatisch veröffentlicht: Die Sitzung ist in {days} Tagen, die Ladungsfrist beträgt 7 Tage"
    edit = client.get(reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk])).content.decode()
    assert why in edit
    page = client.get(reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk])).content
    assert why in page.decode() and 'name="reason"' in page.decode()
    # the dashboard shows the reason as the last check found it (here an hour on: near midnight, a day less)
    checked, _frist = services.summons_shortfall(meeting=meeting, today=timezone.localdate(t0 + 60 * MINUTE))
    why_then = why.replace(f"in {days} Tagen", f"in {checked} Tagen")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="invitation-held"' in dashboard and why_then in dashboard and str(meeting) in dashboard

    # Staff publish it with the reason; the note goes and the dashboard is quiet again.
    services.meeting_invitation_publish(meeting=meeting, user=council.staff, reason="Dringlichkeit")
    assert invitation_auto_publish_due(now=t0 + 61 * MINUTE) == {"unchanged": 1}
    assert not InvitationAutoPending.objects.exists()
    assert 'id="invitation-held"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_invitation_auto_held_panel_shows_only_the_staff_body_meetings(client, council):
    MeetingSettings.objects.create(body=council.body, summons_days=7)
    meeting = _invited(council, days=3, reason="Dringlichkeit")
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    invitation_auto_publish_due()
    other = BodyFactory(name="Andere Stadt", slug="andere")
    OrganizationFactory(body=other, name="Rat der anderen Stadt")
    stranger = staff_user_for(other, username="fremd")
    grant_staff(other.staff_group)
    client.force_login(stranger)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="invitation-held"' not in dashboard and str(meeting) not in dashboard


def test_invitation_auto_without_a_running_check_staff_are_told_to_publish_themselves(client, council, settings):
    """An installation without beat or cron (``make run``): no promise of a Nachtrag that never comes."""
    meeting = _invited(council)
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen", user=council.staff)
    client.force_login(council.staff)
    invitation_url = reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk])

    status = invitation_auto_status(meeting=meeting)
    assert status["state"] == "stopped" and "zuletzt noch nie" in status["text"]
    page = client.get(invitation_url).content.decode()
    assert "Die Prüfung auf Änderungen läuft nicht" in page and "Wird automatisch veröffentlicht" not in page

    # A check ran: the promise holds while checks keep coming.
    t0 = timezone.now()
    invitation_auto_publish_due(now=t0)
    assert invitation_auto_status(meeting=meeting, now=t0 + 2 * MINUTE)["state"] == "waiting"
    assert "Wird automatisch veröffentlicht" in client.get(invitation_url).content.decode()

    # Three intervals and a minute without a check: stopped again, with the time of the last one.
    settings.RIS_INVITATION_AUTO_SWEEP_SECONDS = 60
    status = invitation_auto_status(meeting=meeting, now=t0 + 5 * MINUTE)
    assert status["state"] == "stopped" and timezone.localtime(t0).strftime("%d.%m.%Y %H:%M") in status["text"]
    assert len(_versions(meeting)) == 1


def test_invitation_auto_setting_off_publishes_nothing(client, council):
    MeetingSettings.objects.create(body=council.body, invitation_auto_publish=False)
    meeting = _invited(council)
    t0 = timezone.now()
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    assert invitation_auto_publish_due(now=t0) == {"off": 1}
    assert invitation_auto_publish_due(now=t0 + 24 * 60 * MINUTE) == {"off": 1}
    assert len(_versions(meeting)) == 1 and not InvitationAutoPending.objects.exists()
    client.force_login(council.staff)
    edit = client.get(reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk])).content.decode()
    assert "in den Sitzungseinstellungen ausgeschaltet" in edit


def test_invitation_auto_skips_cancelled_and_begun_meetings(council):
    cancelled = _invited(council)
    services.agenda_item_add_topic(meeting=cancelled, name="Anfragen")
    services.meeting_state_set(meeting=cancelled, state=MeetingState.CANCELLED)
    soon = _invited(council, days=10)
    services.agenda_item_add_topic(meeting=soon, name="Anfragen")
    t0 = timezone.now()
    invitation_auto_publish_due(now=t0)
    # Past the quiet period, but the meeting has begun by then.
    assert invitation_auto_publish_due(now=soon.start + MINUTE) == {}
    assert len(_versions(cancelled)) == 1 and len(_versions(soon)) == 1
    assert not InvitationAutoPending.objects.exists()


def test_invitation_auto_waits_while_the_meeting_has_an_unpublished_draft(council):
    meeting = _invited(council)
    t0 = timezone.now()
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    meeting.chair = "Vertretung"
    meeting.save_revision(user=council.staff)  # a draft: publishing the Nachtrag would put it live
    assert invitation_auto_publish_due(now=t0 + 30 * MINUTE) == {"held": 1}
    assert InvitationAutoPending.objects.get(meeting=meeting).hold == InvitationAutoHold.DRAFT
    assert len(_versions(meeting)) == 1

    meeting.refresh_from_db()
    meeting.latest_revision.publish(user=council.staff)
    invitation_auto_publish_due(now=t0 + 31 * MINUTE)
    assert invitation_auto_publish_due(now=t0 + 46 * MINUTE) == {"published": 1}
    assert _versions(meeting)[-1].kind == DocumentKind.SUPPLEMENT


def test_invitation_auto_task_is_scheduled_by_beat_and_runs(council):
    meeting = _invited(council)
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "proceedings.tasks.publish_due_invitation_changes"
    )
    assert entry["schedule"] == 60.0
    app.loader.import_default_modules()  # what a worker and beat do at start (autodiscovery)
    assert entry["task"] in app.tasks
    assert publish_due_invitation_changes.delay().get() == {"waiting": 1}
    out = io.StringIO()
    call_command("publish_invitation_changes", stdout=out)
    assert out.getvalue().strip() == "waiting 1"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_invitation_auto_two_runs_at_once_publish_one_nachtrag(council):
    meeting = _invited(council)
    t0 = timezone.now()
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    invitation_auto_publish_due(now=t0)
    runs = 4
    barrier = threading.Barrier(runs)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(invitation_auto_publish_due(now=t0 + 16 * MINUTE))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # One run publishes; the others find the meeting taken or its changes published, none collides.
    assert sum(result.get("published", 0) for result in results) == 1
    assert not any(result.get("failed") for result in results), results
    assert not InvitationAutoPending.objects.exists()
    assert [v.kind for v in _versions(meeting)] == [DocumentKind.INVITATION, DocumentKind.SUPPLEMENT]
    assert File.objects.filter(meeting=meeting, role=FileRole.INVITATION).count() == 2
