"""One path for the rules (issue 13): results, votes and numbering change only through the
services; the generic admin forms cannot go around them, and technical fields are read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from motions.models import ConsultationRole, File, FileRole, PaperType
from proceedings import services
from ris.admin_scope import TECHNICAL_FIELDS
from sessions.models import AgendaItem, Result, Vote
from tests.factories import AgendaItemFactory, ConsultationFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(council):
    """A held meeting whose minutes are published: Ö 1 adopted 7:1:1."""
    meeting = MeetingFactory(organization=council.committee, start=timezone.now() - datetime.timedelta(hours=3))
    paper = PaperFactory(body=council.body, paper_type=PaperType.MOTION, name="Spielplatz am Teich")
    item = AgendaItemFactory(meeting=meeting, number="Ö 1", name="Spielplatz am Teich")
    ConsultationFactory(
        paper=paper, organization=council.committee, meeting=meeting, agenda_item=item, role=ConsultationRole.DECISION
    )
    services.agenda_item_result_record(item=item, result=Result.ADOPTED, yes=7, no=1, abstain=1)
    services.meeting_minutes_draft(meeting=meeting)
    services.meeting_minutes_publish(meeting=meeting)
    meeting.refresh_from_db()
    return meeting, item


def _state(item):
    item = AgendaItem.objects.get(pk=item.pk)  # everything but the name, which the form may change
    votes = list(Vote.objects.filter(agenda_item=item, deleted=False).values_list("yes", "no", "result"))
    return item.number, item.result, item.oparl_id, item.deleted, votes


def test_meeting_form_has_no_agenda_item_rows(client, council, held):
    meeting, item = held
    client.force_login(council.staff)
    response = client.get(reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "agenda_items" not in getattr(form, "formsets", {})
    assert 'name="agenda_items-0-result"' not in response.content.decode()


def test_result_cannot_be_changed_through_generic_forms(client, council, held):
    """The issue's attack: "Ö 99 / abgelehnt" with no vote, through the meeting, item, vote and
    consultation forms. Nothing changes."""
    meeting, item = held
    before = _state(item)
    client.force_login(council.staff)
    forged = {
        "number": "Ö 99",
        "result": Result.REJECTED,
        "oparl_id": "https://example.org/oparl/x",
        "deleted": "on",
        "name": item.name,
        "public": "on",
        "meeting": meeting.pk,
        "agenda_items-TOTAL_FORMS": 1,
        "agenda_items-INITIAL_FORMS": 1,
        "agenda_items-0-id": item.pk,
        "agenda_items-0-number": "Ö 99",
        "agenda_items-0-result": Result.REJECTED,
        "agenda_items-0-name": item.name,
        "organization": meeting.organization_id,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
        "action-publish": "action-publish",
    }
    # Each form saves what it may (so the forged fields were really submitted with a valid form) …
    response = client.post(
        reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk]),
        {**forged, "number": "", "name": "Sitzung (neu)"},
    )
    assert response.status_code == 302, response.context["form"].errors
    client.post(
        reverse("wagtailsnippets_council_sessions_agendaitem:edit", args=[item.pk]),
        {**forged, "name": "Spielplatz (neu)"},
    )
    meeting.refresh_from_db()
    assert meeting.name == "Sitzung (neu)"
    assert AgendaItem.objects.get(pk=item.pk).name == "Spielplatz (neu)"
    # … and nothing of what only the services may change.
    vote = Vote.objects.get(agenda_item=item, deleted=False)
    client.post(
        reverse("wagtailsnippets_council_sessions_vote:edit", args=[vote.pk]),
        {"agenda_item": item.pk, "yes": 0, "no": 9, "abstain": 0, "result": Result.REJECTED},
    )
    step = item.consultations.get()
    client.post(
        reverse("wagtailsnippets_motions_consultation:edit", args=[step.pk]),
        {"paper": step.paper_id, "organization": step.organization_id, "role": step.role, "result": Result.REJECTED},
    )
    assert _state(item) == before
    step.refresh_from_db()
    assert step.result == Result.ADOPTED
    meeting.refresh_from_db()
    assert meeting.corrected_at is None


def test_correction_goes_through_results_view_and_regenerates_the_minutes(client, council, held):
    meeting, item = held
    old_minutes = File.objects.get(meeting=meeting, role=FileRole.RESULTS_PROTOCOL, deleted=False)
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk])
    response = client.post(
        url,
        {"item": item.pk, f"item-{item.pk}-result": Result.REJECTED, f"item-{item.pk}-yes": 3, f"item-{item.pk}-no": 5},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.corrected_at is not None
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Berichtigt am" in html
    minutes = File.objects.get(meeting=meeting, role=FileRole.RESULTS_PROTOCOL, deleted=False)
    assert minutes.pk != old_minutes.pk or minutes.sha256 != old_minutes.sha256
    assert "abgelehnt" in meeting.minutes_text


def test_technical_fields_are_read_only_in_every_council_form(council):
    from wagtail.admin.viewsets import viewsets as admin_viewsets

    from ris import access

    seen = 0
    for viewset in admin_viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not viewset.name or model is None or isinstance(model, str):
            continue
        if not viewset.url_namespace.startswith("wagtailsnippets_"):
            continue
        if not access.is_body_scoped(model):
            continue
        form = viewset.get_form_class()(instance=model(), for_user=council.staff)
        forms = [form] + [formset.empty_form for formset in getattr(form, "formsets", {}).values()]
        for each in forms:
            for name in TECHNICAL_FIELDS:
                if name in each.fields:
                    assert each.fields[name].disabled, f"{model.__name__}.{name}"
                    seen += 1
    assert seen >= 8
