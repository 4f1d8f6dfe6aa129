"""The one access policy: anonymous, staff of the body, staff of another body, superuser."""

import pytest
from django.contrib.auth.models import AnonymousUser

from motions.models import Consultation, File, Paper
from ris.access import can_view
from sessions.models import AgendaItem, Meeting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    PaperFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    body = BodyFactory()
    public = PaperFactory(body=body, public=True, live=True)
    secret = PaperFactory(body=body, public=False, live=True)
    draft = PaperFactory(body=body, public=True, live=False)
    gone = PaperFactory(body=body, public=True, live=True, deleted=True)
    meeting = MeetingFactory(organization__body=body)
    open_item = AgendaItemFactory(meeting=meeting, public=True)
    closed_item = AgendaItemFactory(meeting=meeting, public=False)
    return {
        "body": body,
        "papers": {"public": public, "secret": secret, "draft": draft, "gone": gone},
        "meeting": meeting,
        "items": {"open": open_item, "closed": closed_item},
        "files": {
            "public": FileFactory(body=body, paper=public),
            "secret": FileFactory(body=body, paper=secret),
            "closed_item": FileFactory(body=body, agenda_item=closed_item, meeting=meeting),
            "meeting": FileFactory(body=body, meeting=meeting),
            "orphan": FileFactory(body=body),
        },
    }


def test_paper_visible_to_anonymous_only_public_live_and_not_deleted(world):
    visible = set(Paper.objects.visible_to(AnonymousUser()))
    assert visible == {world["papers"]["public"]}


def test_paper_visible_to_staff_of_body_includes_drafts_and_non_public(world):
    staff = staff_user_for(world["body"])
    visible = set(Paper.objects.visible_to(staff))
    assert visible == {world["papers"]["public"], world["papers"]["secret"], world["papers"]["draft"]}


def test_paper_visible_to_staff_of_other_body_only_public(world):
    other = staff_user_for(BodyFactory())
    assert set(Paper.objects.visible_to(other)) == {world["papers"]["public"]}


def test_paper_visible_to_registered_citizen_only_public(world):
    assert set(Paper.objects.visible_to(UserFactory())) == {world["papers"]["public"]}


def test_superuser_sees_everything_but_deleted(world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert Paper.objects.visible_to(admin).count() == 3


def test_agenda_item_non_public_hidden_from_anonymous(world):
    assert set(AgendaItem.objects.visible_to(AnonymousUser())) == {world["items"]["open"]}


def test_agenda_item_of_unpublished_meeting_hidden(world):
    Meeting.objects.filter(pk=world["meeting"].pk).update(live=False)
    assert not AgendaItem.objects.visible_to(AnonymousUser()).exists()


def test_file_is_public_exactly_when_owner_is(world):
    files = world["files"]
    assert set(File.objects.visible_to(AnonymousUser())) == {files["public"], files["meeting"]}


def test_file_without_owner_visible_to_staff_only(world):
    staff = staff_user_for(world["body"])
    assert world["files"]["orphan"] in set(File.objects.visible_to(staff))
    assert not can_view(AnonymousUser(), world["files"]["orphan"])


def test_consultation_follows_its_paper(world):
    shown = ConsultationFactory(paper=world["papers"]["public"])
    ConsultationFactory(paper=world["papers"]["secret"])
    assert list(Consultation.objects.visible_to(AnonymousUser())) == [shown]


def test_can_view_is_twin_of_visible_to(world):
    anonymous = AnonymousUser()
    staff = staff_user_for(world["body"])
    for user in (anonymous, staff):
        for paper in world["papers"].values():
            assert can_view(user, paper) == Paper.objects.visible_to(user).filter(pk=paper.pk).exists()
