"""Non-public material never reaches anonymous users: every page type, feed, calendar and sitemap
is requested for a body whose records mix public and non-public, and no secret appears."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from motions.models import Paper, PaperType
from sessions.models import Result, Vote
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "Xylophon-Geheimsache",
    "geheim-xylophon.pdf",
    "Zebra-Geheimpunkt",
    "geheim-zebra-anlage.pdf",
    "Quokka-Entwurfssitzung",
    "Walross-Entwurf",
    "Geheimabstimmung Lemming",
    "GEHEIM/0001/2025",
]


@pytest.fixture
def mixed():
    body = BodyFactory(name="Stadt Gemischt", slug="gemischt")
    council = OrganizationFactory(body=body, name="Stadtrat Gemischt")
    person = PersonFactory(body=body, name="Erika Offen")
    MembershipFactory(person=person, organization=council, role="Vorsitzende")
    when = timezone.now() - datetime.timedelta(days=10)
    meeting = MeetingFactory(organization=council, start=when)
    public = PaperFactory(body=body, name="Offene Vorlage Radweg", reference="OFFEN/0001/2025")
    public.originator_persons.add(person)
    public_item = AgendaItemFactory(meeting=meeting, name="Offener Punkt Radweg", result=Result.ADOPTED)
    ConsultationFactory(paper=public, organization=council, meeting=meeting, agenda_item=public_item)
    Vote.objects.create(agenda_item=public_item, yes=10, no=2, abstain=1, result=Result.ADOPTED)
    public_file = FileFactory(body=body, paper=public, name="Offene Anlage", file_name="offene-anlage.pdf")
    public_file.file.save("offene-anlage.pdf", ContentFile(b"%PDF-1.4 offen"))

    secret = PaperFactory(
        body=body, name="Xylophon-Geheimsache", reference="GEHEIM/0001/2025", public=False, paper_type=PaperType.MOTION
    )
    secret.originator_persons.add(person)
    secret_item = AgendaItemFactory(meeting=meeting, name="Zebra-Geheimpunkt", public=False, number="N 1")
    ConsultationFactory(paper=secret, organization=council, meeting=meeting, agenda_item=secret_item)
    Vote.objects.create(
        agenda_item=secret_item, yes=3, no=9, abstain=0, result=Result.REJECTED, subject="Geheimabstimmung Lemming"
    )
    # A public paper consulted on the non-public item: the step shows, the item's vote does not.
    ConsultationFactory(
        paper=public, organization=OrganizationFactory(body=body), meeting=meeting, agenda_item=secret_item
    )
    secret_file = FileFactory(
        body=body, paper=secret, name="Xylophon-Geheimsache Anlage", file_name="geheim-xylophon.pdf"
    )
    secret_file.file.save("geheim-xylophon.pdf", ContentFile(b"%PDF-1.4 geheim"))
    item_file = FileFactory(
        body=body, agenda_item=secret_item, meeting=meeting, name="Zebra-Anlage", file_name="geheim-zebra-anlage.pdf"
    )
    item_file.file.save("geheim-zebra-anlage.pdf", ContentFile(b"%PDF-1.4 geheim"))
    draft_meeting = MeetingFactory(organization=council, start=when + datetime.timedelta(days=3), live=False)
    draft_meeting.name = "Quokka-Entwurfssitzung"
    draft_meeting.save()
    PaperFactory(body=body, name="Walross-Entwurf", live=False)
    return {
        "body": body,
        "council": council,
        "person": person,
        "meeting": meeting,
        "public": public,
        "public_file": public_file,
        "month": when.strftime("%Y-%m"),
        "secret_urls": [
            secret.get_absolute_url(),
            secret_file.get_absolute_url(),
            secret_file.get_download_url(),
            item_file.get_absolute_url(),
            draft_meeting.get_absolute_url(),
            Paper.objects.get(name="Walross-Entwurf").get_absolute_url(),
        ],
    }


def _public_urls(m) -> list[str]:
    body, council, month = m["body"], m["council"], m["month"]
    return [
        "/",
        body.get_absolute_url(),
        m["public"].get_absolute_url(),
        m["meeting"].get_absolute_url(),
        council.get_absolute_url(),
        m["person"].get_absolute_url(),
        m["public_file"].get_absolute_url(),
        "/vorlagen/",
        f"/vorlagen/?koerperschaft={body.slug}",
        f"/vorlagen/?gremium={council.pk}",
        "/vorlagen/?art=antrag",
        "/sitzungen/",
        f"/sitzungen/?gremium={council.pk}",
        f"/kalender/?monat={month}",
        f"/kalender/liste/?monat={month}",
        "/gremien/",
        "/personen/",
        "/vorlagen/export.csv",
        "/sitzungen/export.csv",
        "/feeds/vorlagen/",
        "/feeds/vorlagen/atom/",
        f"/feeds/koerperschaften/{body.slug}/vorlagen/",
        f"/feeds/gremien/{council.pk}/vorlagen/",
        "/feeds/sitzungen.ics",
        f"/feeds/gremien/{council.pk}/sitzungen.ics",
        "/sitemap.xml",
        "/sitemap-vorlagen.xml",
        "/sitemap-sitzungen.xml",
        "/sitemap-gremien.xml",
        "/sitemap-personen.xml",
        "/robots.txt",
    ]


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode()


def test_no_page_feed_calendar_or_sitemap_shows_non_public_material(client, mixed):
    for url in _public_urls(mixed):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked on {url}"


def test_the_public_records_do_appear(client, mixed):
    assert "Offene Vorlage Radweg" in _text(client.get("/feeds/vorlagen/"))
    assert "Offener Punkt Radweg" in _text(client.get(mixed["meeting"].get_absolute_url()))
    assert mixed["public"].get_absolute_url() in _text(client.get("/sitemap-vorlagen.xml"))


def test_non_public_records_are_404_for_anonymous(client, mixed):
    for url in mixed["secret_urls"]:
        assert client.get(url).status_code == 404, url


def test_meeting_zip_leaves_out_non_public_files(client, mixed):
    response = client.get(f"/sitzungen/{mixed['meeting'].pk}/dokumente.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert any(n.endswith("offene-anlage.pdf") for n in names)
    assert not any("geheim" in n for n in names)


def test_staff_of_the_body_do_see_the_non_public_item(client, mixed):
    from tests.factories import staff_user_for

    client.force_login(staff_user_for(mixed["body"]))
    html = _text(client.get(mixed["meeting"].get_absolute_url()))
    assert "Zebra-Geheimpunkt" in html and "Geheimabstimmung Lemming" in html


def test_sitzungsmappe_leaves_out_the_non_public_part(client, mixed):
    from pdfminer.high_level import extract_text

    response = client.get(f"/sitzungen/{mixed['meeting'].pk}/sitzungsmappe.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = extract_text(io.BytesIO(content))
    assert "Offener Punkt Radweg" in text and "Öffentliche Fassung" in text
    for secret in SECRETS:
        assert secret not in text and secret.encode() not in content, secret
