"""The cached bodies of paper and meeting pages (ris/page_cache.py): served to the public class
only, never to or from a user who sees more, and gone as soon as anything they show changes."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Account, FollowKind
from ris import access, content_version
from sessions.models import AgendaItem, Result, Vote
from tests.factories import (
    AgendaItemFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """A held meeting with a public and a non-public item, each with a vote, and a paper on both."""
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(days=3))
    public_item = AgendaItemFactory(meeting=meeting, name="Offener Punkt Spielplatz", result=Result.ADOPTED)
    Vote.objects.create(agenda_item=public_item, yes=11, no=2, abstain=0, result=Result.ADOPTED)
    secret_item = AgendaItemFactory(meeting=meeting, name="Geheimpunkt Grundstück", public=False, number="N 1")
    Vote.objects.create(agenda_item=secret_item, yes=4, no=7, abstain=0, result=Result.REJECTED)
    paper = PaperFactory(body=meeting.organization.body, name="Vorlage Spielplatz")
    ConsultationFactory(paper=paper, organization=meeting.organization, meeting=meeting, agenda_item=public_item)
    return meeting


def council_member_of(meeting):
    """A signed-in council member of the meeting's organization (entitled to its non-public items)."""
    person = PersonFactory(body=meeting.organization.body)
    MembershipFactory(person=person, organization=meeting.organization)
    user = UserFactory()
    Account.objects.create(user=user, person=person, email_verified=True)
    return user


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_access_class_is_public_only_for_who_sees_what_anonymous_sees(meeting):
    assert access.access_class(AnonymousUser()) == access.PUBLIC
    assert access.access_class(UserFactory()) == access.PUBLIC
    assert access.access_class(council_member_of(meeting)) is None
    assert access.access_class(staff_user_for(meeting.organization.body)) is None
    assert access.access_class(UserFactory(is_superuser=True)) is None


def article_of(html: str) -> str:
    """The page's article without its CSRF tokens (new on every request)."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="\w+"', "", html[html.index("<article") : html.index("</article>")]
    )


@pytest.mark.parametrize("kind", ["meeting", "paper"])
def test_cached_body_is_the_uncached_body(client, meeting, settings, kind):
    url = meeting.get_absolute_url() if kind == "meeting" else meeting.consultations.get().paper.get_absolute_url()
    settings.RIS_PAGE_CACHE_SECONDS = 0
    uncached = article_of(html_of(client, url))
    settings.RIS_PAGE_CACHE_SECONDS = 600
    html_of(client, url)
    assert article_of(html_of(client, url)) == uncached


def test_cached_meeting_page_skips_the_selectors_queries(client, meeting, settings):
    url = meeting.get_absolute_url()
    settings.RIS_PAGE_CACHE_SECONDS = 0
    uncached = queries_of(client, url)
    settings.RIS_PAGE_CACHE_SECONDS = 600
    queries_of(client, url)
    assert queries_of(client, url) < uncached


def test_cached_page_never_reaches_an_entitled_member_nor_the_reverse(client, meeting):
    url = meeting.get_absolute_url()
    anonymous = html_of(client, url)
    assert "Geheimpunkt Grundstück" not in anonymous
    client.force_login(council_member_of(meeting))
    member = html_of(client, url)
    assert "Geheimpunkt Grundstück" in member and "7 Nein" in member
    client.logout()
    again = html_of(client, url)
    assert "Geheimpunkt Grundstück" not in again and "7 Nein" not in again


def test_member_first_then_anonymous_gets_the_public_page(client, meeting):
    url = meeting.get_absolute_url()
    client.force_login(council_member_of(meeting))
    assert "Geheimpunkt Grundstück" in html_of(client, url)
    client.logout()
    assert "Geheimpunkt Grundstück" not in html_of(client, url)


def test_staff_sees_the_non_public_item_after_anonymous_cached_the_page(client, meeting):
    url = meeting.get_absolute_url()
    html_of(client, url)
    client.force_login(staff_user_for(meeting.organization.body))
    assert "Geheimpunkt Grundstück" in html_of(client, url)


def test_signed_in_reader_without_entitlement_shares_the_public_page(client, meeting):
    url = meeting.get_absolute_url()
    html_of(client, url)
    client.force_login(UserFactory())
    html = html_of(client, url)
    assert "Geheimpunkt Grundstück" not in html and "Offener Punkt Spielplatz" in html


def test_vote_changed_without_signal_shows_at_once(client, meeting):
    url = meeting.get_absolute_url()
    assert "11 Ja" in html_of(client, url)
    Vote.objects.filter(agenda_item__name="Offener Punkt Spielplatz").update(yes=12)
    assert "12 Ja" in html_of(client, url)


def test_agenda_item_made_non_public_by_update_disappears_for_anonymous(client, meeting):
    url = meeting.get_absolute_url()
    assert "Offener Punkt Spielplatz" in html_of(client, url)
    AgendaItem.objects.filter(name="Offener Punkt Spielplatz").update(public=False)
    html = html_of(client, url)
    assert "Offener Punkt Spielplatz" not in html and "11 Ja" not in html


def test_paper_page_shows_an_edit_of_its_meeting_at_once(client, meeting):
    paper = meeting.consultations.get().paper
    url = paper.get_absolute_url()
    assert meeting.start.astimezone().strftime("%d.%m.%Y") in html_of(client, url)
    meeting.start = meeting.start - datetime.timedelta(days=30)
    meeting.save()
    assert f"Sitzung am {timezone.localtime(meeting.start):%d.%m.%Y}" in html_of(client, url)


def test_paper_page_shows_a_new_file_at_once(client, meeting):
    paper = meeting.consultations.get().paper
    url = paper.get_absolute_url()
    assert "Anlage Lageplan" not in html_of(client, url)
    FileFactory(body=paper.body, paper=paper, name="Anlage Lageplan")
    assert "Anlage Lageplan" in html_of(client, url)


def test_paper_page_follow_button_stays_per_user(client, meeting):
    paper = meeting.consultations.get().paper
    url = paper.get_absolute_url()
    html_of(client, url)
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True)
    client.force_login(user)
    client.post("/folgen/", {"kind": FollowKind.PAPER, "pk": paper.pk, "next": url})
    assert "Nicht mehr folgen" in html_of(client, url)
    client.logout()
    assert "Nicht mehr folgen" not in html_of(client, url)


def test_english_reader_does_not_get_the_german_body(client, meeting):
    url = meeting.get_absolute_url()
    assert "Tagesordnung" in html_of(client, url)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Agenda<" in html


def test_content_version_changes_on_write_and_again_after_commit(django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        PaperFactory()
        during = content_version.current()
    assert during != before
    assert callbacks and content_version.current() != during


def test_content_version_ignores_writes_to_other_tables():
    before = content_version.current()
    UserFactory()
    assert content_version.current() == before


@pytest.mark.parametrize("per_organization", [False, True])
def test_ical_feed_shows_a_new_meeting_at_once(client, meeting, per_organization):
    url = f"/feeds/gremien/{meeting.organization.pk}/sitzungen.ics" if per_organization else "/feeds/sitzungen.ics"
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 1
    MeetingFactory(organization=meeting.organization, start=timezone.now() + datetime.timedelta(days=5))
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 2


def test_ical_feed_cached_for_anonymous_never_hides_drafts_from_staff(client, meeting):
    draft = MeetingFactory(organization=meeting.organization, start=timezone.now() + datetime.timedelta(days=5))
    draft.name = "Entwurfssitzung Kranich"
    draft.live = False
    draft.save()
    assert b"Kranich" not in client.get("/feeds/sitzungen.ics").content
    client.force_login(staff_user_for(meeting.organization.body))
    assert b"Kranich" in client.get("/feeds/sitzungen.ics").content
    client.logout()
    assert b"Kranich" not in client.get("/feeds/sitzungen.ics").content


def test_unreachable_cache_neither_fails_pages_nor_writes(client, meeting, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert "Offener Punkt Spielplatz" in html_of(client, meeting.get_absolute_url())
    meeting.name = "Sondersitzung Wasser"
    meeting.save()
    assert "Sondersitzung Wasser" in html_of(client, meeting.get_absolute_url())


# --- Whole responses for anonymous readers (ris.page_cache.whole_response) ---


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html).group(1)


@pytest.mark.parametrize("kind", ["home", "meeting", "paper"])
def test_anonymous_hit_is_the_whole_page_without_a_query(client, meeting, kind):
    urls = {
        "home": "/",
        "meeting": meeting.get_absolute_url(),
        "paper": meeting.consultations.get().paper.get_absolute_url(),
    }
    first = html_of(client, urls[kind])
    with CaptureQueriesContext(connection) as ctx:
        second = html_of(client, urls[kind])
    assert len(ctx.captured_queries) == 0
    assert re.sub(r'value="\w{64}"', "", second) == re.sub(r'value="\w{64}"', "", first)
    assert "ris-csrf-token-placeholder" not in second


def test_cached_page_carries_a_working_csrf_token_for_each_reader(meeting):
    """Two readers get the page from the cache; each one's language form posts with their own token."""
    from django.test import Client

    url = meeting.get_absolute_url()
    warm = Client(enforce_csrf_checks=True)
    html_of(warm, url)
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = [csrf_of(html_of(reader, url)) for reader in readers]
    assert tokens[0] != tokens[1]
    for reader, token in zip(readers, tokens, strict=True):
        answer = reader.post("/sprache/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token})
        assert answer.status_code == 302
    # A token of one reader is worthless with the other's cookie.
    stranger = Client(enforce_csrf_checks=True)
    html_of(stranger, url)
    answer = stranger.post("/sprache/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": tokens[0]})
    assert answer.status_code == 403


def test_paper_made_non_public_is_gone_for_anonymous_at_once(client, meeting):
    paper = meeting.consultations.get().paper
    url = paper.get_absolute_url()
    html_of(client, url)
    type(paper).objects.filter(pk=paper.pk).update(public=False)
    assert client.get(url).status_code == 404


def test_signed_in_reader_neither_gets_nor_leaves_a_whole_page(client, meeting):
    url = meeting.get_absolute_url()
    member = council_member_of(meeting)
    client.force_login(member)
    assert "Geheimpunkt Grundstück" in html_of(client, url)
    client.logout()
    assert "Geheimpunkt Grundstück" not in html_of(client, url)
    client.force_login(member)
    assert "Geheimpunkt Grundstück" in html_of(client, url)


def test_reader_with_a_session_is_not_served_the_shared_page(client, meeting):
    """A session (e.g. a message waiting after an action) means a page of one's own."""
    url = meeting.get_absolute_url()
    html_of(client, url)
    session = client.session
    session["anything"] = 1
    session.save()
    assert client.cookies.get("sessionid")
    with CaptureQueriesContext(connection) as ctx:
        html_of(client, url)
    assert len(ctx.captured_queries) > 0


def test_new_site_name_shows_on_cached_pages_at_once(client, meeting):
    from web.models import SiteAppearance

    url = meeting.get_absolute_url()
    html_of(client, url)
    SiteAppearance.objects.update_or_create(defaults={"name": "Ratsinformationssystem der Stadt Kranichfeld"})
    assert "Ratsinformationssystem der Stadt Kranichfeld" in html_of(client, url)
