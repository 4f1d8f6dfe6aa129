"""Demo of the Sitzungsdienst's documents (issue 20), made by the services staff use in the admin.

Each body gets its Sitzungseinstellungen (letterhead, Ladungsfrist, signatories). The upcoming
Stadtrat meeting of Aschersleben gets an agenda, its published invitation and a Nachtrag (an item
added after the invitation); the Stadtrat meeting of 28.02.2024 gets its published minutes.
Idempotent: a meeting that already has its versions is left alone.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission

from proceedings import services
from proceedings.models import DocumentKind, MeetingDocumentVersion, MeetingSettings
from sessions.models import Body, Meeting

DEMO_REASON = "Dringlichkeit: Demo-Sitzung, deren Termin beim Laden der Demo schon näher liegt als die Ladungsfrist."

# Aschersleben's seed (the amendment to A/0006/2019) is signed by its Oberbürgermeister.
SIGNATORIES = {"aschersleben": ("Michelmann", "Oberbürgermeister")}
LETTERHEADS = {
    "aschersleben": ("Stadt Aschersleben – Der Oberbürgermeister", "Markt 1\n06449 Aschersleben"),
    "luebeck": ("Hansestadt Lübeck – Bürgerschaft", "Breite Straße 62\n23552 Lübeck"),
    "altenburg": ("Stadt Altenburg – Büro Oberbürgermeister, Stadtrat und Archiv", "Markt 1\n04600 Altenburg"),
}


def _settings(body: Body) -> MeetingSettings:
    name, address = LETTERHEADS.get(body.slug, (body.name, ""))
    conf, _created = MeetingSettings.objects.get_or_create(
        body=body,
        defaults={
            "letterhead_name": name,
            "letterhead_address": address,
            "summons_days": 7,
            "default_start_time": datetime.time(17, 0),
            "invitation_intro": "Sehr geehrte Damen und Herren,\nzur Sitzung des Gremiums {gremium} am {datum} um "
            "{uhrzeit} Uhr lade ich Sie ein. Die Unterlagen stehen im Ratsinformationssystem bereit.",
            "invitation_closing": "Mit freundlichen Grüßen",
            "invitation_signatory": SIGNATORIES.get(body.slug, ("", ""))[0],
            "invitation_signatory_function": SIGNATORIES.get(body.slug, ("", "Vorsitzende/r"))[1],
        },
    )
    return conf


def _reason(meeting: Meeting) -> str:
    return DEMO_REASON if services.summons_shortfall(meeting=meeting) else ""


def _upcoming_invitation(body: Body) -> None:
    meeting = Meeting.objects.filter(
        organization__body=body, organization__name="Stadtrat", name="Sitzung des Stadtrates (Demo)"
    ).first()
    if meeting is None or services.invitation_versions(meeting=meeting).exists():
        return
    # Public items only: the demo's one non-public matter is on the agenda of 28.02.2024, whose
    # minutes show the members' version.
    for name, public in [
        ("Eröffnung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit", True),
        ("Einwohnerfragestunde", True),
    ]:
        services.agenda_item_add_topic(meeting=meeting, name=name, public=public)
    services.meeting_invitation_publish(meeting=meeting, reason=_reason(meeting))
    services.agenda_item_add_topic(meeting=meeting, name="Mitteilungen des Oberbürgermeisters (Demo-Nachtrag)")
    services.meeting_invitation_publish(meeting=meeting, reason=_reason(meeting))


def _past_minutes(body: Body) -> None:
    meeting = Meeting.objects.filter(
        organization__body=body, organization__name="Stadtrat", start__date=datetime.date(2024, 2, 28)
    ).first()
    if meeting is None or MeetingDocumentVersion.objects.filter(meeting=meeting, kind=DocumentKind.MINUTES).exists():
        return
    services.meeting_minutes_draft(meeting=meeting)
    services.meeting_minutes_publish(meeting=meeting)


def load_meeting_documents(bodies: list[Body]) -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="proceedings", content_type__model="meetingsettings"
    )
    for body in bodies:
        if body.staff_group_id:
            body.staff_group.permissions.add(*permissions)
        _settings(body)
    aschersleben = next((b for b in bodies if b.slug == "aschersleben"), None)
    if aschersleben is not None:
        _upcoming_invitation(aschersleben)
        _past_minutes(aschersleben)
