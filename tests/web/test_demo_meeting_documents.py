"""Issue 20, done when: the demo shows an upcoming meeting with its published invitation and a
Nachtrag, and the Stadtrat meeting of 28.02.2024 with its published minutes, each a File of the
meeting with its role and extracted text, made by the services staff use."""

import datetime

import pytest

from motions.models import ExtractionState, File, FileRole
from proceedings.models import DocumentKind, MeetingDocumentVersion
from sessions.models import Meeting

pytestmark = pytest.mark.django_db


def test_demo_has_invitation_with_nachtrag_and_the_minutes_of_28_february_2024(client, demo):
    upcoming = Meeting.objects.get(organization__body__slug="aschersleben", name="Sitzung des Stadtrates (Demo)")
    kinds = list(MeetingDocumentVersion.objects.filter(meeting=upcoming).values_list("kind", flat=True))
    assert kinds == [DocumentKind.INVITATION, DocumentKind.SUPPLEMENT]
    files = File.objects.filter(meeting=upcoming, role=FileRole.INVITATION, deleted=False).order_by("pk")
    assert [f.extraction_state for f in files] == [ExtractionState.DONE, ExtractionState.DONE]
    assert "Einladung" in files[0].text and "Stadt Aschersleben" in files[0].text
    assert "Nachtrag zur Einladung" in files[1].text and "Neu auf der Tagesordnung" in files[1].text
    html = client.get(upcoming.get_absolute_url()).content.decode()
    assert "Einladung und Nachträge" in html and "Nachtrag zur Einladung" in html
    # The demo's Nachtrag is published; the automatic check (beat) finds nothing left to publish.
    from proceedings.invitation_auto import invitation_auto_publish_due

    assert "published" not in invitation_auto_publish_due(now=upcoming.start - datetime.timedelta(minutes=1))
    assert MeetingDocumentVersion.objects.filter(meeting=upcoming).count() == 2

    past = Meeting.objects.get(organization__body__slug="aschersleben", start__date=datetime.date(2024, 2, 28))
    minutes = File.objects.get(meeting=past, role=FileRole.RESULTS_PROTOCOL, deleted=False)
    assert minutes.extraction_state == ExtractionState.DONE
    assert "Niederschrift" in minutes.text and "VII/0680/24" in minutes.text and "einstimmig" in minutes.text
    assert "Flurstück" not in minutes.text  # the non-public matter only in the members' version
    members = MeetingDocumentVersion.objects.get(meeting=past, kind=DocumentKind.MINUTES).members_file
    assert "Flurstück 17/3" in members.text
