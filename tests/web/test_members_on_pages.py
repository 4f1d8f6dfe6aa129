"""What members meet on the public pages (issue 19): a banner on non-public pages, no feed link
that cannot work, "Folgen" confirmed in place and explained to anonymous readers, "Letzte
Änderungen" with titles and links and without duplicates, and the small glitches."""

import datetime

import pytest
from django.utils import timezone

from members.models import Account, Alert, Event, EventKind, Follow, FollowKind
from members.selectors import dashboard_context, latest_changes
from tests.factories import (
    AgendaItemFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return OrganizationFactory(name="Hauptausschuss")


def _member_of(organization):
    person = PersonFactory(body=organization.body)
    MembershipFactory(person=person, organization=organization)
    user = UserFactory()
    Account.objects.create(user=user, person=person, email_verified=True)
    return user


def test_a_non_public_paper_tells_the_entitled_member_who_may_read_it(client, committee):
    paper = PaperFactory(body=committee.body, name="Grundstücksgeschäft", public=False)
    ConsultationFactory(paper=paper, organization=committee)
    client.force_login(_member_of(committee))
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Nicht öffentlich" in html and "nur für Mitglieder von Hauptausschuss und die Verwaltung" in html
    assert "RSS-Feed (ohne Konto)" not in html  # a feed reader has no session: that feed would answer 404
    client.logout()
    assert client.get(f"/abo/rss/vorlage/{paper.pk}/").status_code == 404  # what the link would have given


def test_a_public_paper_has_no_banner_and_its_feed(client, committee):
    paper = PaperFactory(body=committee.body, name="Radweg")
    html = client.get(paper.get_absolute_url()).content.decode()
    assert 'class="confidential"' not in html and "RSS-Feed (ohne Konto)" in html


def test_a_meeting_with_non_public_items_says_so_to_the_member(client, committee):
    meeting = MeetingFactory(organization=committee)
    AgendaItemFactory(meeting=meeting, number="Ö 1", name="Bericht", public=True)
    AgendaItemFactory(meeting=meeting, number="N 1", name="Personalsache", public=False)
    client.force_login(_member_of(committee))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Diese Seite zeigt 1 nichtöffentlichen Tagesordnungspunkt" in html
    assert 'badge-confidential">nichtöffentlich' in html
    client.logout()
    assert "Personalsache" not in client.get(meeting.get_absolute_url()).content.decode()


def test_anonymous_readers_learn_what_following_is_and_get_to_the_login(client, committee):
    paper = PaperFactory(body=committee.body)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Mit einem kostenlosen Konto bekommen Sie eine E-Mail" in html
    assert f'href="/anmelden/?next={paper.get_absolute_url()}%23folgen"' in html


def test_following_is_confirmed_in_the_box(client, committee):
    paper = PaperFactory(body=committee.body, name="Radweg am Markt")
    client.force_login(_member_of(committee))
    back = paper.get_absolute_url() + "#folgen"
    response = client.post("/folgen/", {"kind": FollowKind.PAPER, "pk": paper.pk, "next": back}, follow=True)
    html = response.content.decode()
    box = html.split('id="folgen"')[1].split("</div>\n</div>")[0]
    assert "Sie folgen jetzt" in box and "Nicht mehr folgen" in box
    assert response.redirect_chain[-1][0] == back


def test_latest_changes_have_titles_links_reasons_and_no_duplicates(committee):
    user = _member_of(committee)
    paper = PaperFactory(body=committee.body, name="Haushaltssatzung 2025")
    follow = Follow.objects.create(user=user, kind=FollowKind.PAPER, paper=paper)
    for n in range(5):
        event = Event.objects.create(key=f"e{n}", kind=EventKind.NEW_FILE, paper=paper)
        Alert.objects.create(user=user, event=event, follow=follow, reason="neues Dokument zu Haushaltssatzung 2025")
    hidden = PaperFactory(body=committee.body, name="Geheim", public=False)
    event = Event.objects.create(key="h", kind=EventKind.NEW_PAPER, paper=hidden)
    Alert.objects.create(user=user, event=event, reason="neue Vorlage")
    changes = latest_changes(user=user)
    assert changes == [
        {
            "title": str(paper),
            "url": paper.get_absolute_url(),
            "reason": "neues Dokument zu Haushaltssatzung 2025",
            "created": changes[0]["created"],
        }
    ]


def test_all_documents_opened_only_for_a_meeting_with_documents(committee):
    user = _member_of(committee)
    soon = timezone.now() + datetime.timedelta(days=3)
    MeetingFactory(organization=committee, start=soon)
    context = dashboard_context(user=user, person=user.ris_account.person)
    [meeting] = context["meetings"]
    assert meeting.has_documents is False and meeting.unopened == []
