"""Issue 20: the documents a Geschäftsordnung requires, checked by the text of the real PDFs.

Per-body settings (and their tenant isolation), the invitation with both versions, the
Ladungsfrist and its recorded reason, the Nachtrag and the geänderte Einladung with their alerts
in the outbox, the minutes with attendance and the "Berichtigt am" of a correction.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pdfminer.high_level import extract_text

from members.models import Alert, Event
from members.outbox_handlers import DISPATCH
from motions.models import File, FileRole, PaperType
from outbox.models import Message
from outbox.services import outbox_drain
from proceedings import services
from proceedings.models import DocumentKind, MeetingSettings
from sessions.models import Attendance, Location, Result
from tests.admin.conftest import grant_staff
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    member_and_follower_of,
    published_meeting_in_ratssaal,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


def _text(file: File) -> str:
    file.file.open("rb")
    return " ".join(extract_text(io.BytesIO(file.file.read())).split())


def _settings(body, **fields):
    values = {
        "letterhead_name": "Stadt Musterstadt – Die Bürgermeisterin",
        "letterhead_address": "Rathausplatz 1\n12345 Musterstadt",
        "invitation_signatory": "Dr. Erika Muster",
        "invitation_signatory_function": "Bürgermeisterin",
        "minutes_chair_function": "Vorsitzende",
        "minutes_recorder_function": "Schriftführer",
        "summons_days": 7,
        "invitation_intro": "Hiermit lade ich zur Sitzung des {gremium} am {datum} ein.",
    }
    return MeetingSettings.objects.create(body=body, **{**values, **fields})


def _meeting(council, days=10, **fields):
    return published_meeting_in_ratssaal(council.committee, days, **fields)


def _agenda(council, meeting):
    paper = PaperFactory(body=council.body, reference="A/0001/2026", name="Spielplatz am Teich")
    ConsultationFactory(paper=paper, organization=council.committee, order=1)
    services.agenda_item_add_consultation(meeting=meeting, consultation=paper.consultations.get())
    services.agenda_item_add_topic(meeting=meeting, name="Verkauf Flurstück 9 an Firma Geheim", public=False)
    return paper


def test_settings_are_scoped_to_the_staff_body(client, council):
    other = BodyFactory(name="Stadt Anderswo", slug="anderswo")
    mine, theirs = _settings(council.body), _settings(other, summons_days=3, letterhead_name="Anderswo")
    council.body.staff_group.permissions.add(*Permission.objects.filter(content_type__app_label="proceedings"))
    client.force_login(council.staff)
    listing = client.get(reverse("wagtailsnippets_proceedings_meetingsettings:list")).content.decode()
    assert "Stadt Musterstadt" in listing and "Anderswo" not in listing
    assert client.get(reverse("wagtailsnippets_proceedings_meetingsettings:edit", args=[theirs.pk])).status_code == 404
    form = client.get(reverse("wagtailsnippets_proceedings_meetingsettings:edit", args=[mine.pk])).content.decode()
    assert "Anderswo" not in form
    # A forged body id is a form error, never a saved record of the other body.
    response = client.post(
        reverse("wagtailsnippets_proceedings_meetingsettings:edit", args=[mine.pk]),
        {"body": other.pk, "summons_days": 5},
    )
    mine.refresh_from_db()
    assert response.status_code == 200 and mine.body_id == council.body.pk and mine.summons_days == 7
    response = client.post(
        reverse("wagtailsnippets_proceedings_meetingsettings:edit", args=[mine.pk]),
        {"body": council.body.pk, "summons_days": 14, "letterhead_name": "Neu", "invitation_quiet_minutes": 15},
    )
    mine.refresh_from_db()
    assert response.status_code == 302 and mine.summons_days == 14
    theirs.refresh_from_db()
    assert theirs.summons_days == 3


def test_invitation_pdf_has_every_part_and_the_members_version_the_nonpublic_one(council):
    _settings(council.body)
    meeting = _meeting(council)
    paper = _agenda(council, meeting)
    from motions.services import file_create
    from ris.pdf_render import render_text_pdf

    file_create(
        body=council.body,
        name="Lageplan Spielplatz",
        content=render_text_pdf(title="Lageplan", text="Plan"),
        file_name="lageplan.pdf",
        paper=paper,
    )
    version = services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    assert version.kind == DocumentKind.INVITATION and version.file.role == FileRole.INVITATION
    text = _text(version.file)
    start = timezone.localtime(meeting.start)
    for part in (
        "Stadt Musterstadt – Die Bürgermeisterin",
        "Rathausplatz 1",
        "Einladung",
        f"Datum: {date_format(start, 'l, d.m.Y')}",
        f"Uhrzeit: {start:%H:%M} Uhr",
        "Ort: Ratssaal",
        "Gremium: Hauptausschuss",
        "Vorsitz: Hans Vorsitz",
        "Hiermit lade ich zur Sitzung des Hauptausschuss",
        "Öffentlicher Teil",
        "Ö 1 Spielplatz am Teich",
        "Unterlage: Lageplan Spielplatz",
        "N 1 – nichtöffentlicher Tagesordnungspunkt",
        "Dr. Erika Muster",
        "Bürgermeisterin",
    ):
        assert part in text, part
    assert "Flurstück 9" not in text
    members = _text(version.members_file)
    assert "N 1 Verkauf Flurstück 9 an Firma Geheim" in members and "Fassung für die Mitglieder" in members
    # The access policy: the public one for everybody, the members' one for staff, not for the public.
    assert File.objects.visible_to(AnonymousUser()).filter(pk=version.file.pk).exists()
    assert not File.objects.visible_to(AnonymousUser()).filter(pk=version.members_file.pk).exists()
    assert File.objects.visible_to(council.staff).filter(pk=version.members_file.pk).exists()
    meeting.refresh_from_db()
    assert meeting.live and meeting.state == "eingeladen"


def test_preview_renders_the_pdf_without_storing_a_file(client, council):
    _settings(council.body)
    meeting = _meeting(council)
    _agenda(council, meeting)
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_council_sessions_meeting:document_preview", args=[meeting.pk, "einladung"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(extract_text(io.BytesIO(response.content)).split())
    assert "Einladung" in text and "Ö 1 Spielplatz am Teich" in text and "Flurstück 9" not in text
    assert not File.objects.filter(role=FileRole.INVITATION).exists()
    elsewhere = BodyFactory(name="Stadt Anderswo", slug="anderswo")
    other = staff_user_for(elsewhere, username="fremd")
    grant_staff(elsewhere.staff_group)
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_ladungsfrist_needs_a_recorded_reason_which_the_page_shows(client, council):
    _settings(council.body)
    meeting = _meeting(council, days=3)
    _agenda(council, meeting)
    with pytest.raises(ValidationError) as refused:
        services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    assert "Ladungsfrist beträgt 7 Tage" in str(refused.value.message_dict["reason"])
    assert not File.objects.filter(role=FileRole.INVITATION).exists()
    # Through the admin: the refusal is a message on the page, with the reason field.
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk])
    page = client.post(url, {"reason": ""}).content.decode()
    assert "bitte die Verkürzung begründen" in page and 'name="reason"' in page
    client.post(url, {"reason": "Dringlichkeit: Fördermittelfrist endet am 15."})
    version = services.invitation_versions(meeting=meeting).get()
    assert version.reason == "Dringlichkeit: Fördermittelfrist endet am 15."
    assert "Verkürzte Ladungsfrist, Begründung: Dringlichkeit" in _text(version.file)
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Fördermittelfrist endet am 15." in html


def test_nachtrag_and_changed_invitation_stand_beside_the_original_and_alert_members_and_followers(council):
    _settings(council.body)
    meeting = _meeting(council)
    _agenda(council, meeting)
    member, follower = member_and_follower_of(council.committee)
    first = services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    outbox_drain()

    with pytest.raises(ValidationError, match="nichts geändert"):
        services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    services.agenda_item_add_topic(meeting=meeting, name="Mitteilungen der Verwaltung")
    supplement = services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    assert supplement.kind == DocumentKind.SUPPLEMENT and supplement.number == 2
    text = _text(supplement.file)
    assert "Nachtrag zur Einladung" in text and "Neu auf der Tagesordnung: Ö 2 Mitteilungen der Verwaltung" in text
    # The alert is written to the outbox in the change's transaction, then dispatched from there.
    event = Event.objects.get(file=supplement.file)
    assert Message.objects.filter(topic=DISPATCH, payload={"event": event.pk}).exists()
    outbox_drain()
    alerted = set(Alert.objects.filter(event=event).values_list("user__username", flat=True))
    assert {"ratsmitglied", "buerger"} <= alerted
    assert "Nachtrag zur Einladung" in Alert.objects.get(event=event, user=member).reason

    meeting.start += datetime.timedelta(days=1)
    meeting.save()
    changed = services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    assert changed.kind == DocumentKind.AMENDED
    text = _text(changed.file)
    assert "Geänderte Einladung" in text and "Termin verlegt" in text
    # All three versions stay published; the public page lists them.
    assert File.objects.filter(meeting=meeting, role=FileRole.INVITATION, deleted=False).count() == 3
    from django.test import Client

    html = Client().get(meeting.get_absolute_url(), follow=True).content.decode()
    assert "Einladung und Nachträge" in html and "Nachtrag zur Einladung" in html and "geänderte Einladung" in html
    assert first.file.name in html
    assert "Flurstück 9" not in html


def test_minutes_pdf_has_attendance_votes_statements_and_signatures_and_corrections_are_versions(council):
    _settings(council.body, minutes_closing="Die Niederschrift wurde in der Sitzung verlesen.")
    start = timezone.now() - datetime.timedelta(hours=3)
    meeting = MeetingFactory(
        organization=council.committee,
        start=start,
        end=start + datetime.timedelta(hours=2),
        chair="Hans Vorsitz",
        recorder="Sabine Schrift",
        guests="Frau Presse (Lokalzeitung)",
        location=Location.objects.create(description="Ratssaal"),
    )
    meeting.save_revision().publish()
    people = {status: PersonFactory(body=council.body, name=f"Person {status}") for status in Attendance.Status.values}
    for person in people.values():
        MembershipFactory(person=person, organization=council.committee)
    services.meeting_attendance_record(meeting=meeting, statuses={p.pk: s for s, p in people.items()})
    paper = PaperFactory(body=council.body, reference="A/0002/2026", name="Parkgebühren", paper_type=PaperType.MOTION)
    item = AgendaItemFactory(meeting=meeting, number="Ö 1", name="Parkgebühren", order=1)
    ConsultationFactory(paper=paper, organization=council.committee, meeting=meeting, agenda_item=item)
    secret = AgendaItemFactory(meeting=meeting, number="N 1", name="Personalsache Müller", order=2, public=False)
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, yes=1, no=0, abstain=0)
    services.agenda_item_result_record(item=secret, result=Result.NOTED)
    draft = services.meeting_minutes_draft(meeting=meeting)
    services.meeting_minutes_draft(
        meeting=meeting,
        text=draft.replace(
            "Erklärungen zu Protokoll: keine", "Erklärungen zu Protokoll: Herr X erklärt seine Befangenheit.", 1
        ),
    )
    minutes = services.meeting_minutes_publish(meeting=meeting)
    text = _text(minutes)
    local = timezone.localtime
    for part in (
        "Stadt Musterstadt – Die Bürgermeisterin",
        "Niederschrift",
        "Beginn: ",
        f"{local(start):%H:%M} Uhr",
        f"Ende: {local(meeting.end):%H:%M} Uhr",
        "Ort: Ratssaal",
        "Vorsitz: Hans Vorsitz",
        "Schriftführung: Sabine Schrift",
        "Anwesend: Person anwesend",
        "Entschuldigt: Person entschuldigt",
        "Abwesend: Person abwesend",
        "Gäste: Frau Presse (Lokalzeitung)",
        "Ö 1 Parkgebühren (A/0002/2026)",
        "Ergebnis: angenommen",
        "1 Ja, 0 Nein, 0 Enthaltungen",
        "Erklärungen zu Protokoll: Herr X erklärt seine Befangenheit.",
        "N 1 – nichtöffentlich beraten",
        "Die Niederschrift wurde in der Sitzung verlesen.",
        "Sabine Schrift",
        "Schriftführer",
        "Vorsitzende",
    ):
        assert part in text, part
    assert "Personalsache" not in text
    from proceedings.models import MeetingDocumentVersion

    version = MeetingDocumentVersion.objects.get(meeting=meeting, kind=DocumentKind.MINUTES)
    assert "N 1 Personalsache Müller" in _text(version.members_file)
    assert not File.objects.visible_to(AnonymousUser()).filter(pk=version.members_file.pk).exists()

    # A corrected result (the existing correction flow) publishes a new version "Berichtigt am …".
    services.agenda_item_result_record(item=item, result=Result.REJECTED, yes=0, no=1, abstain=0)
    corrected = MeetingDocumentVersion.objects.get(meeting=meeting, kind=DocumentKind.MINUTES_CORRECTED)
    text = _text(corrected.file)
    assert f"Berichtigt am {timezone.localdate():%d.%m.%Y}" in text and "Ergebnis: abgelehnt" in text
    assert MeetingDocumentVersion.objects.filter(meeting=meeting).count() == 2
    assert File.objects.get(meeting=meeting, role=FileRole.RESULTS_PROTOCOL, deleted=False) == corrected.file


def test_minutes_without_the_nonpublic_mark_are_refused(council):
    meeting = MeetingFactory(organization=council.committee, start=timezone.now() - datetime.timedelta(hours=3))
    AgendaItemFactory(meeting=meeting, number="N 1", name="Personalsache", public=False)
    services.meeting_minutes_draft(meeting=meeting, text="Niederschrift\nN 1 Personalsache: besprochen")
    with pytest.raises(ValidationError, match="Nichtöffentlicher Teil"):
        services.meeting_minutes_publish(meeting=meeting)
    assert not File.objects.filter(role=FileRole.RESULTS_PROTOCOL).exists()


def test_new_meeting_form_starts_at_the_body_usual_place_and_time(client, council):
    place = Location.objects.create(description="Ratssaal im Rathaus")
    _settings(council.body, default_location=place, default_start_time=datetime.time(18, 30), summons_days=9)
    client.force_login(council.staff)
    html = client.get(reverse("wagtailsnippets_council_sessions_meeting:add")).content.decode()
    day = timezone.localdate() + datetime.timedelta(days=9)
    assert f"{day:%Y-%m-%d} 18:30" in html
    assert f'<option value="{place.pk}" selected>' in html


def test_minutes_preview_and_the_edit_form_warns_of_changes_after_the_invitation(client, council):
    meeting = _meeting(council)
    _agenda(council, meeting)
    services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    client.force_login(council.staff)
    edit = client.get(reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk])).content.decode()
    assert "Seit der Einladung geändert (Neu auf der Tagesordnung: Ö 2 Anfragen)" in edit and "den Nachtrag" in edit
    page = client.get(reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk])).content
    assert "Nachtrag zur Einladung veröffentlichen" in page.decode()

    past = MeetingFactory(organization=council.committee, start=timezone.now() - datetime.timedelta(hours=2))
    AgendaItemFactory(meeting=past, number="N 1", name="Personalsache", public=False)
    url = reverse("wagtailsnippets_council_sessions_meeting:minutes", args=[past.pk])
    response = client.post(
        url, {"action": "preview", "minutes_text": "Niederschrift\n\nNichtöffentlicher Teil\n\nN 1 Personalsache"}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = " ".join(extract_text(io.BytesIO(preview.content)).split())
    assert "N 1 – nichtöffentlich beraten" in text and "Personalsache" not in text
    members = client.get(
        reverse("wagtailsnippets_council_sessions_meeting:document_preview", args=[past.pk, "niederschrift-mitglieder"])
    )
    assert "N 1 Personalsache" in " ".join(extract_text(io.BytesIO(members.content)).split())
    assert not File.objects.filter(role=FileRole.RESULTS_PROTOCOL).exists()


def test_meeting_page_queries_do_not_grow_with_invitation_versions(client, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = _meeting(council)
    _agenda(council, meeting)
    services.meeting_invitation_publish(meeting=meeting)
    client.force_login(council.staff)  # a staff page is never served from the page cache

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url(), follow=True).status_code == 200
        return len(queries)

    count()  # warm the caches of the first request
    one = count()
    for name in ("Mitteilungen", "Anfragen"):
        services.agenda_item_add_topic(meeting=meeting, name=name)
        services.meeting_invitation_publish(meeting=meeting)
    count()
    assert count() == one


def test_public_page_says_what_changed_until_the_nachtrag_is_published(council):
    from django.test import Client

    meeting = _meeting(council)
    _agenda(council, meeting)
    services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    reader = Client()

    def notice():
        html = reader.get(meeting.get_absolute_url(), follow=True).content.decode()
        if 'id="invitation-pending"' not in html:
            return None
        start = html.index('id="invitation-pending"')
        return html[start : html.index("</div>", start)]

    assert notice() is None  # nothing changed since the invitation
    services.agenda_item_add_topic(meeting=meeting, name="Anfragen")
    services.agenda_item_add_topic(meeting=meeting, name="Personalsache Geheim", public=False)
    shown = notice()
    assert "noch nicht veröffentlicht" in shown and "Neu auf der Tagesordnung: Ö 2 Anfragen" in shown
    assert "Neu auf der Tagesordnung: N 2" in shown and "Geheim" not in shown  # non-public: its number only

    services.meeting_invitation_publish(meeting=meeting, user=council.staff)
    assert notice() is None
