"""The domain rules of the staff flows: each refusal is a clear German error, never a 500."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from motions.models import ConsultationRole, Paper, PaperState, PaperType
from motions.services import paper_amendment_create, paper_answer_create, paper_state_set
from proceedings import services
from sessions.models import MeetingState, Result
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    PaperFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


def _past_meeting(organization, **fields):
    return MeetingFactory(organization=organization, start=timezone.now() - datetime.timedelta(hours=2), **fields)


def _future_meeting(organization, **fields):
    return MeetingFactory(organization=organization, start=timezone.now() + datetime.timedelta(days=7), **fields)


def _on_agenda(meeting, paper, **fields):
    item = AgendaItemFactory(meeting=meeting)
    ConsultationFactory(paper=paper, organization=meeting.organization, meeting=meeting, agenda_item=item, **fields)
    return item


def test_paper_form_duplicate_reference_is_a_form_error_and_keeps_input(client, council):
    PaperFactory(body=council.body, reference="A/0001/2026")
    client.force_login(council.staff)
    response = client.post(
        reverse("wagtailsnippets_motions_paper:add"),
        {
            "body": council.body.pk,
            "paper_type": PaperType.MOTION,
            "reference": "A/0001/2026",
            "name": "Doppelte Nummer",
            "public": "on",
            "consultations-TOTAL_FORMS": "0",
            "consultations-INITIAL_FORMS": "0",
            "consultations-MIN_NUM_FORMS": "0",
            "consultations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese Drucksachennummer ist in dieser Körperschaft schon vergeben." in html
    assert "Doppelte Nummer" in html
    assert Paper.objects.filter(reference="A/0001/2026").count() == 1


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_paper_form_refuses_committee_of_another_body(client, council, who):
    """Staff are not even offered it (the choice is invalid); a superuser, offered every body's
    committees, is told that it belongs to another body."""
    from tests.factories import UserFactory

    foreign = ConsultationFactory().organization
    client.force_login(council.staff if who == "staff" else UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("wagtailsnippets_motions_paper:add"),
        {
            "body": council.body.pk,
            "paper_type": PaperType.MOTION,
            "name": "Falsches Gremium",
            "consultations-TOTAL_FORMS": "1",
            "consultations-INITIAL_FORMS": "0",
            "consultations-MIN_NUM_FORMS": "0",
            "consultations-MAX_NUM_FORMS": "1000",
            "consultations-0-organization": foreign.pk,
            "consultations-0-role": ConsultationRole.DECISION,
            "consultations-0-ORDER": "1",
        },
    )
    assert response.status_code == 200
    if who == "superuser":
        assert "gehört nicht zu Stadt Musterstadt" in response.content.decode()
    assert not Paper.objects.filter(name="Falsches Gremium").exists()


def test_paper_form_offers_only_the_staff_bodies_persons_organizations_and_papers(client, council):
    from tests.factories import OrganizationFactory, PersonFactory

    own_person = PersonFactory(body=council.body, name="Eigene Ratsfrau")
    own_unit = OrganizationFactory(body=council.body, name="Eigenes Amt")
    own_paper = PaperFactory(body=council.body, name="Eigener Antrag")
    other = BodyFactory(name="Nachbarstadt")
    foreign_person = PersonFactory(body=other, name="Fremde Ratsfrau")
    OrganizationFactory(body=other, name="Fremdes Amt")
    foreign_paper = PaperFactory(body=other, name="Fremder Antrag")
    client.force_login(council.staff)

    html = client.get(reverse("wagtailsnippets_motions_paper:add")).content.decode()
    assert "Eigene Ratsfrau" in html and "Eigenes Amt" in html and "Eigener Antrag" in html
    assert "Fremde Ratsfrau" not in html and "Fremdes Amt" not in html and "Fremder Antrag" not in html

    response = client.post(
        reverse("wagtailsnippets_motions_paper:add"),
        {
            "body": council.body.pk,
            "paper_type": PaperType.MOTION,
            "name": "Mit fremden Bezügen",
            "originator_persons": [own_person.pk, foreign_person.pk],
            "amends": foreign_paper.pk,
            "lead_unit": own_unit.pk,
            "consultations-TOTAL_FORMS": "0",
            "consultations-INITIAL_FORMS": "0",
            "consultations-MIN_NUM_FORMS": "0",
            "consultations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200 and not Paper.objects.filter(name="Mit fremden Bezügen").exists()
    response = client.post(
        reverse("wagtailsnippets_motions_paper:add"),
        {
            "body": council.body.pk,
            "paper_type": PaperType.MOTION,
            "name": "Mit eigenen Bezügen",
            "originator_persons": [own_person.pk],
            "amends": own_paper.pk,
            "lead_unit": own_unit.pk,
            "consultations-TOTAL_FORMS": "0",
            "consultations-INITIAL_FORMS": "0",
            "consultations-MIN_NUM_FORMS": "0",
            "consultations-MAX_NUM_FORMS": "1000",
        },
    )
    saved = Paper.objects.get(name="Mit eigenen Bezügen")
    assert saved.amends == own_paper and list(saved.originator_persons.all()) == [own_person]


def test_reference_preview_is_scoped_to_staff_bodies(client, council):
    other = BodyFactory()
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_motions_paper:reference_preview")
    own = client.get(url, {"body": council.body.pk, "paper_type": PaperType.MOTION}).json()
    assert own["reference"].startswith("A/0001/")
    assert client.get(url, {"body": other.pk, "paper_type": PaperType.MOTION}).json()["reference"] == ""


def test_staff_of_another_body_get_404_for_derive_and_meeting_views(client, council):
    paper = PaperFactory(body=council.body, paper_type=PaperType.MOTION)
    meeting = _future_meeting(council.committee)
    outsider = staff_user_for(BodyFactory())
    from tests.admin.conftest import grant_staff

    grant_staff(outsider.groups.get())
    client.force_login(outsider)
    assert (
        client.get(reverse("wagtailsnippets_motions_paper:derive", args=[paper.pk, "aenderungsantrag"])).status_code
        == 404
    )
    for name in ("agenda", "results", "minutes"):
        assert (
            client.get(reverse(f"wagtailsnippets_council_sessions_meeting:{name}", args=[meeting.pk])).status_code
            == 404
        )
    client.logout()
    response = client.get(reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[meeting.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_amendment_only_for_motions_and_answer_only_for_inquiries(council):
    inquiry = PaperFactory(body=council.body, paper_type=PaperType.INQUIRY)
    motion = PaperFactory(body=council.body, paper_type=PaperType.MOTION)
    with pytest.raises(ValidationError, match="Änderungsantrag kann nur"):
        paper_amendment_create(motion=inquiry)
    with pytest.raises(ValidationError, match="Antwort kann nur"):
        paper_answer_create(inquiry=motion)


def test_inquiry_deadline_follows_the_body(council):
    council.body.answer_deadline_days = 21
    council.body.save()
    inquiry = PaperFactory(body=council.body, paper_type=PaperType.INQUIRY, date=datetime.date(2026, 3, 1))
    assert inquiry.answer_deadline == datetime.date(2026, 3, 22)


def test_paper_state_refuses_transition_out_of_settled(council):
    paper = PaperFactory(body=council.body, state=PaperState.SETTLED)
    with pytest.raises(ValidationError, match="kann nicht zu"):
        paper_state_set(paper=paper, state=PaperState.IN_CONSULTATION)


def test_paper_cannot_be_on_two_open_agendas(council):
    paper = PaperFactory(body=council.body)
    # Two committees consult the paper in parallel (same order): it is on one open agenda at a time.
    _on_agenda(_future_meeting(council.council), paper, order=0)
    parallel = ConsultationFactory(paper=paper, organization=council.committee, order=0)
    with pytest.raises(ValidationError, match="steht schon auf der offenen Tagesordnung"):
        services.agenda_item_add_consultation(meeting=_future_meeting(council.committee), consultation=parallel)


def test_same_step_cannot_go_on_a_second_agenda(council):
    paper = PaperFactory(body=council.body)
    step = ConsultationFactory(paper=paper, organization=council.committee)
    services.agenda_item_add_consultation(meeting=_future_meeting(council.committee), consultation=step)
    step.refresh_from_db()
    with pytest.raises(ValidationError, match="steht schon auf der offenen Tagesordnung"):
        services.agenda_item_add_consultation(meeting=_future_meeting(council.committee), consultation=step)


def test_agenda_refuses_step_that_is_not_next(council):
    paper = PaperFactory(body=council.body)
    ConsultationFactory(paper=paper, organization=council.committee, order=0)
    later = ConsultationFactory(paper=paper, organization=council.council, order=1)
    with pytest.raises(ValidationError, match="vorher noch in einem anderen Gremium"):
        services.agenda_item_add_consultation(meeting=_future_meeting(council.council), consultation=later)


def test_agenda_of_held_meeting_cannot_change(council):
    meeting = _past_meeting(council.committee, state=MeetingState.HELD)
    with pytest.raises(ValidationError, match="durchgeführt oder abgesagt"):
        services.agenda_item_add_topic(meeting=meeting, name="Nachtrag")


def test_result_refused_before_the_meeting(council):
    item = _on_agenda(_future_meeting(council.committee), PaperFactory(body=council.body))
    with pytest.raises(ValidationError, match="noch nicht stattgefunden"):
        services.agenda_item_result_record(item=item, result=Result.ADOPTED, unanimous=True)


def test_decision_refused_where_the_organization_only_takes_note(council):
    paper = PaperFactory(body=council.body)
    item = _on_agenda(_past_meeting(council.committee), paper, role=ConsultationRole.NOTICE)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_result_record(item=item, result=Result.ADOPTED, unanimous=True)
    assert "nur zur Kenntnis" in str(error.value.message_dict["result"])
    services.agenda_item_result_record(item=item, result=Result.NOTED)
    paper.refresh_from_db()
    assert paper.state == PaperState.NOTED


def test_decision_needs_a_vote(council):
    item = _on_agenda(_past_meeting(council.committee), PaperFactory(body=council.body), authoritative=True)
    with pytest.raises(ValidationError, match="bitte die Abstimmung angeben"):
        services.agenda_item_result_record(item=item, result=Result.ADOPTED)


def test_rejection_by_authoritative_organization_rejects_paper(council):
    paper = PaperFactory(body=council.body)
    item = _on_agenda(_past_meeting(council.committee), paper, authoritative=True)
    services.agenda_item_result_record(item=item, result=Result.REJECTED, yes=2, no=6, abstain=1)
    paper.refresh_from_db()
    assert paper.state == PaperState.REJECTED


def test_corrected_result_replaces_vote_and_keeps_the_old_one_as_deleted(council):
    paper = PaperFactory(body=council.body)
    item = _on_agenda(_past_meeting(council.committee), paper, authoritative=True)
    services.agenda_item_result_record(item=item, result=Result.REJECTED, yes=2, no=6, abstain=1)
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, yes=6, no=2, abstain=1)
    paper.refresh_from_db()
    assert paper.state == PaperState.ADOPTED
    assert [(v.result, v.deleted) for v in item.votes.order_by("pk")] == [
        (Result.REJECTED, True),
        (Result.ADOPTED, False),
    ]


def test_group_counts_must_add_up(council):
    item = _on_agenda(_past_meeting(council.committee), PaperFactory(body=council.body), authoritative=True)
    with pytest.raises(ValidationError, match="ergeben zusammen nicht"):
        services.agenda_item_result_record(
            item=item, result=Result.ADOPTED, yes=5, no=1, abstain=0, groups=[(council.faction, 3, 1, 0)]
        )


def test_result_keeps_revision_in_step_so_publishing_does_not_roll_back(council):
    paper = PaperFactory(body=council.body, live=False)
    meeting = _past_meeting(council.committee)
    item = _on_agenda(meeting, paper, authoritative=True)
    paper.save_revision()
    meeting.save_revision()
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, unanimous=True)
    Paper.objects.get(pk=paper.pk).latest_revision.publish()
    meeting.refresh_from_db()
    meeting.latest_revision.publish()
    paper.refresh_from_db()
    assert paper.state == PaperState.ADOPTED
    assert paper.consultations.get().result == Result.ADOPTED
    item.refresh_from_db()
    assert item.result == Result.ADOPTED


def test_meeting_cancel_from_agenda_page_and_results_refused(client, council):
    meeting = _past_meeting(council.committee, state=MeetingState.SCHEDULED)
    item = _on_agenda(meeting, PaperFactory(body=council.body), authoritative=True)
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[meeting.pk])
    response = client.post(url, {"action": "cancel"}, follow=True)
    assert "abgesagt" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    results = reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk])
    response = client.post(
        results, {"item": item.pk, f"item-{item.pk}-result": Result.ADOPTED, f"item-{item.pk}-unanimous": "on"}
    )
    assert response.status_code == 200
    assert "wurde abgesagt; für sie können keine Ergebnisse" in response.content.decode()


def test_meeting_shows_berichtigt_when_minutes_or_a_result_change_after_publication(client, council):
    from motions.models import ConsultationRole

    meeting = _past_meeting(council.committee)
    paper = PaperFactory(body=council.body, paper_type=PaperType.MOTION, name="Spielplatz am Teich")
    item = _on_agenda(meeting, paper, role=ConsultationRole.DECISION, authoritative=True)
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, yes=7, no=1, abstain=1)
    services.agenda_item_result_record(item=item, result=Result.REJECTED, yes=3, no=5, abstain=1)
    meeting.refresh_from_db()
    assert meeting.corrected_at is None  # before the minutes are out, fixing a result is not a correction

    services.meeting_minutes_draft(meeting=meeting)
    services.meeting_minutes_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.corrected_at is None  # the first minutes are no correction

    item.refresh_from_db()
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, yes=6, no=2, abstain=1)
    meeting.refresh_from_db()
    assert meeting.corrected_at is not None
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Berichtigt am" in html and "nach Veröffentlichung der Niederschrift berichtigt" in html

    services.meeting_minutes_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.correction_note == "Die Niederschrift wurde berichtigt."
