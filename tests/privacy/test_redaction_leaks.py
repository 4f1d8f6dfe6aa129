"""After a passage is redacted, none of its words reaches anybody who may not read the original,
on any surface; staff and entitled council members still read the original.

The paper's text sections and its PDF name a private person ("Kowalczyk", "Zwetschgenweg");
those words are redacted in both. Every surface is asked by every kind of viewer.
"""

import datetime
import io
import json
import zipfile
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from pdfminer.high_level import extract_text

from members.models import Account
from motions.extraction import file_extract
from motions.services import file_create
from privacy import services
from ris.pdf_render import render_text_pdf
from search.indexing import index_object
from search.models import Kind
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["Kowalczyk", "Zwetschgenweg"]
LETTER = """Antrag auf Errichtung eines Carports

Antragsteller: Thomas Kowalczyk, Zwetschgenweg 12, 06449 Aschersleben

Der Bauausschuss empfiehlt die Genehmigung des Carports an der Grundstücksgrenze."""
MEETING_DAY = datetime.date(2024, 3, 12)


def _member(body, organization):
    person = PersonFactory(body=body)
    MembershipFactory(person=person, organization=organization, start_date=datetime.date(2024, 1, 1))
    user = UserFactory()
    Account.objects.create(user=user, person=person, email_verified=True)
    return user


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    body = BodyFactory(name="Stadt Schwarz", slug="schwarz")
    committee = OrganizationFactory(body=body, name="Bauausschuss")
    start = timezone.make_aware(datetime.datetime.combine(MEETING_DAY, datetime.time(17)))
    meeting = MeetingFactory(organization=committee, start=start)
    item = AgendaItemFactory(meeting=meeting, public=True, number="Ö 1", name="Carport Grundstücksgrenze")
    paper = PaperFactory(
        body=body,
        public=True,
        name="Bauantrag Carport",
        reference="BA/0001/2024",
        facts="<p>Antragsteller ist Herr Thomas Kowalczyk, wohnhaft Zwetschgenweg 12.</p>",
        reasoning="<p>Der Carport hält die Abstandsflächen ein.</p>",
    )
    ConsultationFactory(paper=paper, organization=committee, meeting=meeting, agenda_item=item)
    content = render_text_pdf(title="Bauantrag", text=LETTER)
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(
            body=body, name="Bauantrag Anlage", content=content, file_name="bauantrag.pdf", paper=paper, extract=False
        )
        file_extract(file=file)
        staff = staff_user_for(body)
        words = [w for w in services.file_page_words(file=file, page=1) if w.text.strip(",.") in SECRET_WORDS]
        services.file_redactions_add(file=file, page=1, words=words, user=staff)
        services.paper_text_redaction_add(
            paper=paper, field="facts", text="Thomas Kowalczyk, wohnhaft Zwetschgenweg 12", user=staff
        )
    for kind, pk in (
        (Kind.PAPER, paper.pk),
        (Kind.FILE, file.pk),
        (Kind.MEETING, meeting.pk),
        (Kind.AGENDA_ITEM, item.pk),
    ):
        index_object(kind, pk)
    viewers = {
        "anonymous": AnonymousUser(),
        "citizen": Account.objects.create(user=UserFactory(), email_verified=True).user,
        "member_other": _member(body, OrganizationFactory(body=body, name="Sozialausschuss")),
        "staff_other": staff_user_for(BodyFactory()),
        "member": _member(body, committee),
        "staff": staff,
    }
    file.refresh_from_db()
    return {"body": body, "paper": paper, "file": file, "meeting": meeting, "committee": committee, "viewers": viewers}


PUBLIC_VIEWERS = ["anonymous", "citizen", "member_other", "staff_other"]
ORIGINAL_VIEWERS = ["member", "staff"]


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return extract_text(io.BytesIO(body))
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(extract_text(io.BytesIO(archive.read(n))) for n in archive.namelist())
    return body.decode("utf-8", "replace")


def _surfaces(w) -> list[str]:
    paper, file, meeting, body, committee = w["paper"], w["file"], w["meeting"], w["body"], w["committee"]
    return [
        paper.get_absolute_url(),
        file.get_absolute_url(),
        file.get_download_url(),
        meeting.get_absolute_url(),
        f"/sitzungen/{meeting.pk}/dokumente.zip",
        "/vorlagen/",
        "/vorlagen/export.csv",
        "/feeds/vorlagen/",
        f"/feeds/koerperschaften/{body.slug}/vorlagen/",
        f"/feeds/gremien/{committee.pk}/vorlagen/",
        "/feeds/sitzungen.ics",
        "/sitemap.xml",
        f"/oparl/v1.1/file/{file.pk}",
        f"/oparl/v1.1/file/{file.pk}/access",
        f"/oparl/v1.1/file/{file.pk}/download",
        f"/oparl/v1.1/paper/{paper.pk}",
        f"/oparl/v1.1/body/{body.pk}/paper",
        f"/oparl/v1.1/body/{body.pk}/file",
        "/api/search?q=Carport",
        "/api/search?q=Grundstücksgrenze&kind=file",
        "/suche/?q=Carport",
    ]


def test_no_redacted_word_on_any_surface(client, world):
    for viewer in PUBLIC_VIEWERS:
        client.logout()
        if viewer != "anonymous":
            client.force_login(world["viewers"][viewer])
        seen_text = 0
        for url in _surfaces(world):
            response = client.get(url)
            assert response.status_code in (200, 404), url
            text = _text(response)
            for word in SECRET_WORDS:
                assert word not in text, (viewer, url)
            seen_text += "Carport" in text
        assert seen_text >= 10, viewer  # the public rest is there, on most surfaces


def test_search_and_search_feeds_find_nothing_for_redacted_words(client, world):
    for viewer in PUBLIC_VIEWERS:
        client.logout()
        if viewer != "anonymous":
            client.force_login(world["viewers"][viewer])
        for word in SECRET_WORDS:
            found = client.get(f"/api/search?q={word}").json()
            assert found["count"] == 0, (viewer, word)
            assert all(not values or all(v["count"] == 0 for v in values) for values in found["facets"].values())
            assert "<item>" not in client.get(f"/feeds/vorlagen/?q={word}").content.decode()
        found = client.get("/api/search?q=Carport").json()
        assert found["count"] >= 2
        assert "Kowalczyk" not in json.dumps(found)


@pytest.mark.parametrize("viewer", ORIGINAL_VIEWERS)
def test_staff_and_entitled_members_read_the_original(client, world, viewer):
    client.force_login(world["viewers"][viewer])
    for url in (world["paper"].get_absolute_url(), world["file"].get_absolute_url(), world["file"].get_download_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "Kowalczyk" in _text(response), (viewer, url)
    assert "Zwetschgenweg" in _text(client.get(f"/sitzungen/{world['meeting'].pk}/dokumente.zip"))


def test_oparl_describes_the_public_version_not_the_original(client, world):
    file = world["file"]
    data = client.get(f"/oparl/v1.1/file/{file.pk}").json()
    assert "sha512Checksum" not in data and "size" not in data
    assert "Kowalczyk" not in data["text"] and "Carport" in data["text"]
    download = client.get(urlparse(data["downloadUrl"]).path)
    assert download["ETag"].strip('"') != file.sha512
    assert "Kowalczyk" not in _text(download)


def test_publishing_an_old_revision_keeps_the_redaction(world):
    paper = world["paper"]
    paper.facts = "<p>Antragsteller ist Herr Thomas Kowalczyk, wohnhaft Zwetschgenweg 12. Neu.</p>"
    paper.public_texts = {}
    paper.save()
    paper.refresh_from_db()
    assert "Kowalczyk" not in paper.public_texts["facts"]
    assert "Neu." in paper.public_texts["facts"]


def test_removing_the_last_redaction_restores_the_original_for_everybody(client, world):
    for redaction in list(world["file"].redactions.all()):
        services.file_redaction_remove(redaction=redaction)
    world["file"].refresh_from_db()
    assert not world["file"].public_version
    assert "Kowalczyk" in _text(client.get(world["file"].get_download_url()))


def test_a_rebuilt_index_holds_no_redacted_word(client, world):
    from django.core.management import call_command

    from search.models import SearchDocument, VocabularyWord

    call_command("search_index", "rebuild", "--no-progress", stdout=io.StringIO())
    assert SearchDocument.objects.filter(kind=Kind.FILE, object_id=world["file"].pk).exists()
    for word in SECRET_WORDS:
        assert not VocabularyWord.objects.filter(word__icontains=word.lower()).exists()
        assert not SearchDocument.objects.filter(text__icontains=word).exists()
        assert client.get(f"/api/search?q={word}").json()["count"] == 0
