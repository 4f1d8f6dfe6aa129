"""Vote rules: counts never exceed the entitled members; "einstimmig" consistent with counts."""

import pytest
from django.core.exceptions import ValidationError

from sessions.models import Attendance, Result
from sessions.votes import vote_entitled_count, vote_record
from tests.factories import AgendaItemFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return AgendaItemFactory(meeting__organization__seats=11)


def test_vote_record_stores_counts_and_sets_item_result(item):
    vote = vote_record(agenda_item=item, result=Result.ADOPTED, yes=9, no=0, abstain=0)
    item.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, item.result) == (9, 0, 0, Result.ADOPTED)


def test_vote_record_refuses_more_votes_than_seats(item):
    with pytest.raises(ValidationError) as excinfo:
        vote_record(agenda_item=item, result=Result.ADOPTED, yes=9, no=2, abstain=1)
    assert "nur 11" in str(excinfo.value)


def test_vote_entitled_count_prefers_recorded_attendance(item):
    for _ in range(3):
        Attendance.objects.create(meeting=item.meeting, person=PersonFactory(body=item.meeting.organization.body))
    assert vote_entitled_count(agenda_item=item) == 3
    with pytest.raises(ValidationError):
        vote_record(agenda_item=item, result=Result.ADOPTED, yes=4)


def test_vote_entitled_count_from_memberships_without_seats():
    item = AgendaItemFactory()
    for _ in range(5):
        MembershipFactory(organization=item.meeting.organization, person__body=item.meeting.organization.body)
    assert vote_entitled_count(agenda_item=item) == 5


def test_unanimous_adoption_with_no_votes_is_refused(item):
    with pytest.raises(ValidationError) as excinfo:
        vote_record(agenda_item=item, result=Result.ADOPTED, yes=8, no=1, unanimous=True)
    assert "einstimmig" in str(excinfo.value).lower()


def test_unanimous_without_counts_is_allowed(item):
    vote = vote_record(agenda_item=item, result=Result.ADOPTED, unanimous=True)
    assert vote.unanimous and vote.yes is None


def test_unanimous_rejection_with_yes_votes_is_refused(item):
    with pytest.raises(ValidationError):
        vote_record(agenda_item=item, result=Result.REJECTED, yes=1, unanimous=True)


def test_adopted_needs_more_yes_than_no(item):
    with pytest.raises(ValidationError):
        vote_record(agenda_item=item, result=Result.ADOPTED, yes=3, no=5)


def test_vote_without_counts_and_not_unanimous_is_refused(item):
    with pytest.raises(ValidationError):
        vote_record(agenda_item=item, result=Result.ADOPTED)


def test_group_breakdown_must_add_up(item):
    faction = MembershipFactory(organization__body=item.meeting.organization.body).organization
    with pytest.raises(ValidationError):
        vote_record(agenda_item=item, result=Result.ADOPTED, yes=5, no=1, abstain=0, groups=[(faction, 4, 1, 0)])
    vote = vote_record(agenda_item=item, result=Result.ADOPTED, yes=5, no=1, abstain=0, groups=[(faction, 5, 1, 0)])
    assert vote.group_counts.get().yes == 5
