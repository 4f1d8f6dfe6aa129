"""The Sitzungsmappe (issue 20): one PDF per meeting with cover and agenda, the invitation and
every document of the items the reader may see, bookmarked per TOP, page-numbered, built once per
version in the background; members get their own version with the non-public part; redacted
files go in as their public version."""

import io

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from members.models import Account
from motions.models import FileRole
from motions.services import file_create
from privacy.services import file_page_words, file_redactions_add
from proceedings import services
from ris.pdf_render import render_text_pdf
from tests.factories import (
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
    staff_user_for,
)
from web.meeting_binder import FOLDER

pytestmark = pytest.mark.django_db


def _pdf(body, name, text, **owner):
    return file_create(
        body=body,
        name=name,
        content=render_text_pdf(title=name, text=text),
        file_name=f"{name}.pdf",
        extract=False,
        **owner,
    )


@pytest.fixture
def meeting():
    meeting = MeetingFactory(number=7)
    organization, body = meeting.organization, meeting.organization.body
    motion = PaperFactory(body=body, reference="A/0001/2026", name="Radweg Bahnhofstraße")
    secret = PaperFactory(body=body, reference="A/0002/2026", name="Grundstücksverkauf", public=False)
    for paper in (motion, secret):
        ConsultationFactory(paper=paper, organization=organization, order=0)
        services.agenda_item_add_consultation(meeting=meeting, consultation=paper.consultations.get())
    services.agenda_item_add_topic(meeting=meeting, name="Mitteilungen")
    _pdf(body, "Antrag Radweg", "Antragstext Radweg Bahnhofstraße Kontakt Erika Mustermann", paper=motion)
    _pdf(body, "Lageplan Radweg", "Lageplan mit Trasse", paper=motion, role=FileRole.ATTACHMENT)
    _pdf(body, "Verkaufsvorlage", "Kaufpreis 480.000 Euro vertraulich", paper=secret)
    _pdf(body, "Einladung", "Einladung zur 7. Sitzung", meeting=meeting, role=FileRole.INVITATION)
    return meeting


def _fetch(client, meeting):
    response = client.get(f"/sitzungen/{meeting.pk}/sitzungsmappe.pdf")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def _outline(content):
    pdf = pikepdf.open(io.BytesIO(content))
    with pdf.open_outline() as outline:
        return [(item.title, [child.title for child in item.children]) for item in outline.root], len(pdf.pages)


def test_binder_public_version_has_cover_invitation_documents_outline_and_page_numbers(client, meeting, settings):
    content = _fetch(client, meeting)
    text = extract_text(io.BytesIO(content))
    outline, pages = _outline(content)
    assert outline == [
        ("Deckblatt und Inhalt", []),
        ("Einladung", ["Einladung"]),
        ("Ö 1 Radweg Bahnhofstraße", ["Antrag Radweg", "Lageplan Radweg"]),
        ("Ö 2 Mitteilungen", []),
    ]
    assert pages == 4  # cover + three one-page documents
    cover = text.split("\f")[0]
    for part in ("Sitzungsmappe", "7. Sitzung", "Öffentliche Fassung", "Ö 1", "Radweg Bahnhofstraße", "Mitteilungen"):
        assert part in cover
    for n in range(1, pages + 1):
        assert f"Seite {n} von {pages}" in text
    assert "Antragstext Radweg" in text and "Lageplan mit Trasse" in text and "Einladung zur 7. Sitzung" in text
    assert "Grundstücksverkauf" not in text and "Kaufpreis" not in text
    assert len(list((settings.MEDIA_ROOT / FOLDER).glob("*.pdf"))) == 1


def test_binder_is_built_once_and_rebuilt_when_a_document_changes(client, meeting, settings):
    first = _fetch(client, meeting)
    (built,) = (settings.MEDIA_ROOT / FOLDER).glob("*.pdf")
    stamp = built.stat().st_mtime_ns
    assert _fetch(client, meeting) == first and built.stat().st_mtime_ns == stamp
    item = meeting.agenda_items.get(name="Mitteilungen")
    _pdf(meeting.organization.body, "Bericht Bürgermeister", "Bericht über den Haushaltsvollzug", agenda_item=item)
    second = _fetch(client, meeting)
    assert "Bericht über den Haushaltsvollzug" in extract_text(io.BytesIO(second))
    assert len(list((settings.MEDIA_ROOT / FOLDER).glob("*.pdf"))) == 2
    # renaming an item is a new version too: the cover and the bookmark say the new title
    services.agenda_item_rename(item=item, name="Mitteilungen der Verwaltung")
    outline, _pages = _outline(_fetch(client, meeting))
    assert ("Ö 2 Mitteilungen der Verwaltung", ["Bericht Bürgermeister"]) in outline


def test_binder_members_version_has_the_non_public_part_and_the_public_never_gets_it(client, meeting):
    person = PersonFactory(body=meeting.organization.body)
    MembershipFactory(person=person, organization=meeting.organization)
    member = UserFactory()
    Account.objects.create(user=member, person=person, email_verified=True)
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sitzungsmappe für Mitglieder" in page
    text = extract_text(io.BytesIO(_fetch(client, meeting)))
    assert "Fassung für Mitglieder" in text and "N 1" in text and "Kaufpreis 480.000 Euro" in text
    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sitzungsmappe (PDF)" in page and "für Mitglieder" not in page
    assert "Kaufpreis" not in extract_text(io.BytesIO(_fetch(client, meeting)))


def test_binder_takes_the_redacted_public_version(client, meeting):
    file = meeting.agenda_items.get(number="Ö 1").consultations.get().paper.files.get(name="Antrag Radweg")
    words = [w for w in file_page_words(file=file, page=1) if w.text in ("Erika", "Mustermann")]
    file_redactions_add(file=file, page=1, words=words, user=None)
    public = extract_text(io.BytesIO(_fetch(client, meeting)))
    assert "Antragstext Radweg" in public and "Mustermann" not in public
    client.force_login(staff_user_for(meeting.organization.body))
    assert "Erika Mustermann" in extract_text(io.BytesIO(_fetch(client, meeting)))


def test_binder_of_a_meeting_the_reader_may_not_see_is_404(client):
    hidden = MeetingFactory(live=False)
    assert client.get(f"/sitzungen/{hidden.pk}/sitzungsmappe.pdf").status_code == 404


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_binder_with_a_broker_is_built_by_the_worker_while_the_request_answers(client, real_worker):
    import time

    meeting = MeetingFactory(number=3)
    paper = PaperFactory(body=meeting.organization.body, reference="A/0003/2026", name="Spielplatz")
    ConsultationFactory(paper=paper, organization=meeting.organization, order=0)
    services.agenda_item_add_consultation(meeting=meeting, consultation=paper.consultations.get())
    _pdf(meeting.organization.body, "Antrag Spielplatz", "Spielgeräte für den Stadtpark", paper=paper)
    url = f"/sitzungen/{meeting.pk}/sitzungsmappe.pdf"
    response = client.get(url)
    statuses = [response.status_code]
    deadline = time.monotonic() + 60
    while response.status_code == 202 and time.monotonic() < deadline:
        assert response["Retry-After"] == "5" and "Sitzungsmappe wird erstellt" in response.content.decode()
        time.sleep(0.5)
        response = client.get(url)
        statuses.append(response.status_code)
    assert response.status_code == 200, statuses
    assert "Spielgeräte für den Stadtpark" in extract_text(io.BytesIO(b"".join(response.streaming_content)))
