"""A paper's page tells its whole story; a meeting's page shows its agenda, results and files."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motions.models import File, FilePage, Paper, PaperType
from sessions.models import Meeting, Result, Vote
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_paper_page_shows_beratungsfolge_with_votes_and_unanimous(client, demo):
    paper = Paper.objects.get(reference="VII/0680/24")
    html = html_of(client, paper.get_absolute_url())
    assert "Finanz- und Verwaltungsausschuss" in html and "Vorberatung" in html
    assert "Sitzung am 21.02.2024" in html and "Sitzung am 28.02.2024" in html
    assert '<span class="count-ja">9 Ja</span>' in html
    assert "einstimmig" in html
    assert 'class="vote-bar"' in html and 'class="bar-ja"' in html


def test_paper_page_explains_its_type_and_lists_files_with_text_link(client, demo):
    paper = Paper.objects.get(reference="VII/0680/24")
    html = html_of(client, paper.get_absolute_url())
    assert "Eine Beschlussvorlage ist ein Vorschlag der Verwaltung" in html
    file = paper.files.get()
    assert file.get_download_url() in html and file.get_absolute_url() in html
    assert "1 Seite" in html
    assert "Zuständigkeit" in html  # the Sachverhalt text section


def test_amendment_and_motion_point_at_each_other_with_state(client, demo):
    motion = Paper.objects.get(reference="A/0006/2019")
    amendment = Paper.objects.get(amends=motion)
    motion_html = html_of(client, motion.get_absolute_url())
    assert amendment.get_absolute_url() in motion_html and "Stand: in Beratung" in motion_html
    amendment_html = html_of(client, amendment.get_absolute_url())
    assert "ändert" in amendment_html and motion.get_absolute_url() in amendment_html


def test_answered_inquiry_links_its_answer(client, demo):
    inquiry = Paper.objects.get(paper_type=PaperType.INQUIRY, date=datetime.date(2021, 2, 28))
    answer = Paper.objects.get(answers=inquiry)
    html = html_of(client, inquiry.get_absolute_url())
    assert answer.get_absolute_url() in html and "Noch nicht beantwortet" not in html


def test_unanswered_inquiry_says_since_when(client):
    inquiry = PaperFactory(paper_type=PaperType.INQUIRY, date=datetime.date(2024, 3, 1))
    html = html_of(client, inquiry.get_absolute_url())
    assert "Noch nicht beantwortet (seit 01.03.2024)." in html
    assert "Die Antwort war bis 29.03.2024 fällig." in html


def test_file_text_page_shows_each_page_as_html(client, demo):
    file = File.objects.get(file_name="Vorlage_VII-0680-24.pdf")
    html = html_of(client, file.get_absolute_url())
    assert 'id="seite-1"' in html and "Digitalisierung" in html


def test_meeting_page_shows_items_results_votes_and_hidden_count(client, demo):
    meeting = Meeting.objects.get(agenda_items__public=False)
    html = html_of(client, meeting.get_absolute_url())
    assert "Ö 1" in html and "angenommen" in html and "einstimmig" in html
    assert "Dazu 1 nichtöffentlicher Tagesordnungspunkt." in html
    assert "N 1" not in html and "Flurstück" not in html
    assert "VII/0680/24" in html


def test_meeting_zip_holds_public_documents_only(client, demo):
    meeting = Meeting.objects.get(agenda_items__public=False)
    html = html_of(client, meeting.get_absolute_url())
    zip_url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    assert zip_url in html
    response = client.get(zip_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert any(n.endswith("Vorlage_VII-0680-24.pdf") for n in names)
    assert not any("Wertgutachten" in n for n in names)


def test_meeting_zip_of_meeting_without_documents_is_404(client):
    meeting = MeetingFactory()
    assert client.get(f"/sitzungen/{meeting.pk}/dokumente.zip").status_code == 404


def _paper_with(n: int) -> Paper:
    body = BodyFactory()
    paper = PaperFactory(body=body)
    for i in range(n):
        org = OrganizationFactory(body=body)
        meeting = MeetingFactory(organization=org, start=timezone.now() - datetime.timedelta(days=i + 1))
        item = AgendaItemFactory(meeting=meeting, result=Result.ADOPTED)
        Vote.objects.create(agenda_item=item, yes=5, no=i % 3, abstain=1, result=Result.ADOPTED)
        ConsultationFactory(paper=paper, organization=org, meeting=meeting, agenda_item=item, result=Result.ADOPTED)
        file = FileFactory(body=body, paper=paper, page_count=2)
        FilePage.objects.create(file=file, number=1, text="Seite eins")
    return paper


def _meeting_with(n: int) -> Meeting:
    meeting = MeetingFactory()
    body = meeting.organization.body
    for i in range(n):
        item = AgendaItemFactory(meeting=meeting, public=i % 5 != 0, result=Result.ADOPTED)
        Vote.objects.create(agenda_item=item, yes=7, no=1, abstain=0, result=Result.ADOPTED)
        paper = PaperFactory(body=body)
        ConsultationFactory(paper=paper, organization=meeting.organization, meeting=meeting, agenda_item=item)
        FileFactory(body=body, agenda_item=item, meeting=meeting)
    return meeting


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_paper_page_query_count_does_not_grow_with_items(client):
    small, big = _paper_with(3), _paper_with(30)
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url())


def test_meeting_page_query_count_does_not_grow_with_items(client):
    small, big = _meeting_with(5), _meeting_with(60)
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url())


def _organization_with(n: int):
    from tests.factories import MembershipFactory, PersonFactory

    org = OrganizationFactory()
    for i in range(n):
        MembershipFactory(person=PersonFactory(body=org.body), organization=org)
        meeting = MeetingFactory(organization=org, start=timezone.now() + datetime.timedelta(days=i - n // 2))
        item = AgendaItemFactory(meeting=meeting)
        Vote.objects.create(agenda_item=item, yes=3, no=0, abstain=0, result=Result.ADOPTED)
        ConsultationFactory(paper=PaperFactory(body=org.body), organization=org, meeting=meeting, agenda_item=item)
    return org


def test_organization_page_query_count_does_not_grow_with_items(client):
    small, big = _organization_with(3), _organization_with(12)
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url())


def test_list_pages_query_count_does_not_grow_with_items(client):
    org = OrganizationFactory()
    MeetingFactory(organization=org)
    PaperFactory(body=org.body)
    few = {url: _queries(client, url) for url in ["/vorlagen/", "/sitzungen/", "/", "/kalender/?monat=2024-02"]}
    for _ in range(20):
        MeetingFactory(organization=org)
        PaperFactory(body=org.body)
    many = {url: _queries(client, url) for url in few}
    assert few == many


def test_vote_shows_breakdown_by_faction(client):
    from sessions.models import VoteGroupCount

    item = AgendaItemFactory(result=Result.ADOPTED)
    vote = Vote.objects.create(agenda_item=item, yes=7, no=2, abstain=0, result=Result.ADOPTED)
    faction = OrganizationFactory(body=item.meeting.organization.body, name="Fraktion Grün-Gelb")
    VoteGroupCount.objects.create(vote=vote, organization=faction, yes=0, no=2, abstain=0)
    html = html_of(client, item.meeting.get_absolute_url())
    assert "nach Fraktionen" in html and '<th scope="row">Fraktion Grün-Gelb</th><td>0</td><td>2</td>' in html


def test_organization_page_shows_share_of_unanimous_votes_and_members(client):
    from tests.factories import MembershipFactory, PersonFactory

    org = OrganizationFactory(name="Umweltausschuss")
    MembershipFactory(person=PersonFactory(body=org.body, name="Anna Vorsitz"), organization=org, role="Vorsitzende")
    meeting = MeetingFactory(organization=org)
    for yes, no, unanimous in [(9, 0, False), (0, 0, True), (5, 4, False)]:
        item = AgendaItemFactory(meeting=meeting)
        Vote.objects.create(
            agenda_item=item, yes=yes or None, no=no, abstain=0, unanimous=unanimous, result="angenommen"
        )
    html = html_of(client, org.get_absolute_url())
    assert "67 % der Abstimmungen waren einstimmig (2 von 3)." in html
    assert "Anna Vorsitz" in html and "Vorsitzende" in html
    assert meeting.get_absolute_url() in html


def test_person_page_shows_memberships_over_time_and_originated_papers(client):
    from tests.factories import MembershipFactory, PersonFactory

    person = PersonFactory(name="Bernd Antragsteller")
    org = OrganizationFactory(body=person.body, name="Bauausschuss")
    MembershipFactory(
        person=person,
        organization=org,
        role="Mitglied",
        start_date=datetime.date(2019, 7, 1),
        end_date=datetime.date(2024, 6, 30),
    )
    paper = PaperFactory(body=person.body, name="Antrag auf Parkbänke")
    paper.originator_persons.add(person)
    html = html_of(client, person.get_absolute_url())
    assert "Bauausschuss" in html and "von 01.07.2019" in html and "bis 30.06.2024" in html
    assert paper.get_absolute_url() in html


def test_body_page_lists_committees_and_newest_papers(client, demo):
    from sessions.models import Body

    html = html_of(client, Body.objects.get(slug="aschersleben").get_absolute_url())
    assert "Finanz- und Verwaltungsausschuss" in html and "VII/0680/24" in html
    assert "/feeds/koerperschaften/aschersleben/vorlagen/" in html
