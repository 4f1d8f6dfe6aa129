"""RSS feeds of what can be followed, without an account: only what everybody may see."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import Result
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")]


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        body = BodyFactory(name="Stadt Altenburg", slug="altenburg")
        committee = OrganizationFactory(body=body, name="Stadtrat")
        person = PersonFactory(body=body, name="Ute Beispiel")
        public = PaperFactory(body=body, name="Radweg Leipziger Straße")
        secret = PaperFactory(body=body, public=False, name="Radweg Grundstückstausch")
        draft = PaperFactory(body=body, live=False, name="Radweg Entwurf")
        for paper in (public, secret, draft):
            ConsultationFactory(paper=paper, organization=committee)
            paper.originator_persons.add(person)
    return {"body": body, "committee": committee, "person": person, "public": public, "secret": secret}


def test_organization_person_body_and_search_feeds_hold_only_public_papers(client, world):
    urls = [
        reverse("web:feed_organization", kwargs={"pk": world["committee"].pk}),
        reverse("web:feed_person", kwargs={"pk": world["person"].pk}),
        reverse("web:feed_body", kwargs={"slug": "altenburg"}),
        reverse("web:feed_papers") + "?q=Radweg",
    ]
    for url in urls:
        titles = _titles(client.get(url))
        assert titles == [str(world["public"])], url


def test_staff_logged_in_still_get_the_public_feed(client, world):
    from tests.factories import staff_user_for

    client.force_login(staff_user_for(world["body"]))
    assert _titles(client.get(reverse("web:feed_body", kwargs={"slug": "altenburg"}))) == [str(world["public"])]


def test_earlier_follow_feed_addresses_redirect_to_the_site_feeds(client, world):
    committee, person = world["committee"], world["person"]
    moved = {
        f"/abo/rss/gremium/{committee.pk}/": f"/feeds/gremien/{committee.pk}/vorlagen/",
        f"/abo/rss/person/{person.pk}/": f"/feeds/personen/{person.pk}/vorlagen/",
        "/abo/rss/koerperschaft/altenburg/": "/feeds/koerperschaften/altenburg/vorlagen/",
        "/abo/rss/suche/?q=Radweg": "/feeds/vorlagen/?q=Radweg",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old
        assert _titles(client.get(new)) == [str(world["public"])], new


def test_feed_without_query_is_the_feed_of_all_new_papers(client, world):
    assert _titles(client.get(reverse("web:feed_papers") + "?q=+++")) == [str(world["public"])]


def test_paper_feed_lists_events_with_the_reason(client, world, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(
        organization=world["committee"], start=timezone.make_aware(datetime.datetime(2021, 3, 8, 18))
    )
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(
            paper=world["public"], organization=world["committee"], meeting=meeting, result=Result.ADOPTED
        )
    titles = _titles(client.get(reverse("members:feed_paper", kwargs={"pk": world["public"].pk})))
    assert "neue Beratung im Stadtrat am 08.03.2021: angenommen" in titles


def test_paper_feed_of_non_public_paper_is_404_even_for_its_staff(client, world):
    assert client.get(reverse("members:feed_paper", kwargs={"pk": world["secret"].pk})).status_code == 404


def test_member_contact_data_stays_private_unless_chosen(client, world):
    person = world["person"]
    person.email, person.phone = "ute.beispiel@example.org", "03447 123456"
    person.save()
    feed = client.get(reverse("web:feed_person", kwargs={"pk": person.pk})).content.decode()
    page = client.get(person.get_absolute_url()).content.decode()
    for text in (feed, page):
        assert "ute.beispiel@example.org" not in text and "123456" not in text


def test_search_page_offers_following_the_search_and_its_feed(client, world):
    from members.models import Account, Follow, FollowKind
    from tests.factories import UserFactory

    html = client.get("/suche/?q=Radweg").content.decode()
    assert "/feeds/vorlagen/?q=Radweg" in html and "Folgen" in html
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True)
    client.force_login(user)
    client.post(reverse("members:follow"), {"kind": "suche", "q": "Radweg", "next": "/suche/?q=Radweg"})
    assert Follow.objects.filter(user=user, kind=FollowKind.SEARCH, query="Radweg").exists()
    assert "Nicht mehr folgen" in client.get("/suche/?q=Radweg").content.decode()


def test_search_feed_understands_german_like_the_search_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper = PaperFactory(name="Sanierung der Grundschule am Markt")
        PaperFactory(name="Neuer Radweg an der Wakenitz")
    titles = _titles(client.get(reverse("web:feed_papers") + "?q=Grundschulen"))
    assert titles == [str(paper)]
