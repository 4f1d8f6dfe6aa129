"""Flow 4: after the meeting, attendance, results and votes per item, then the minutes."""

import datetime
import io

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from motions.models import File, FileRole, PaperState
from proceedings.selectors import agenda_proposals
from sessions.models import MeetingState, Result, Vote
from tests.factories import (
    AgendaItemFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _on_agenda(meeting, number, paper, authoritative):
    item = AgendaItemFactory(meeting=meeting, number=number, name=paper.name)
    ConsultationFactory(
        paper=paper, organization=meeting.organization, authoritative=authoritative, meeting=meeting, agenda_item=item
    )
    return item


def _save_result(page, item, **values):
    section = page.locator(f"#item-{item.pk}")
    if "result" in values:
        section.locator(f"#id_item-{item.pk}-result").select_option(values.pop("result"))
    for name, value in values.items():
        if name == "unanimous":
            section.locator(f"#id_item-{item.pk}-unanimous").set_checked(value)
        else:
            section.locator(f"#id_item-{item.pk}-{name}").fill(str(value))
    with page.expect_navigation():
        section.get_by_role("button", name="speichern").click()
    page.locator(".messages").first.wait_for()
    return page.locator(f"#item-{item.pk}")


def test_results_update_consultations_and_paper_state_and_minutes_are_published(
    page, live_server, council, admin_login
):
    meeting = MeetingFactory(
        organization=council.committee,
        start=timezone.now() - datetime.timedelta(hours=3),
        state=MeetingState.INVITED,
        number=7,
    )
    meeting.save_revision().publish()
    members = [
        MembershipFactory(person=PersonFactory(body=council.body, name=f"Mitglied {i}"), organization=council.committee)
        for i in range(5)
    ]
    routed = PaperFactory(body=council.body, reference="A/0010/2026", name="Spielplatz Nord")
    ConsultationFactory(paper=routed, organization=council.council, order=1, authoritative=True)
    item_routed = _on_agenda(meeting, "Ö 1", routed, authoritative=False)
    decided = PaperFactory(body=council.body, reference="A/0011/2026", name="Parkgebühren")
    item_decided = _on_agenda(meeting, "Ö 2", decided, authoritative=True)
    postponed = PaperFactory(body=council.body, reference="A/0012/2026", name="Marktordnung")
    item_postponed = _on_agenda(meeting, "Ö 3", postponed, authoritative=True)

    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/council_sessions/meeting/results/{meeting.pk}/")
    for membership in members[:4]:
        page.select_option(f"#attendance-{membership.person.pk}", "anwesend")
    page.select_option(f"#attendance-{members[4].person.pk}", "entschuldigt")
    with page.expect_navigation():
        page.get_by_role("button", name="Anwesenheit speichern").click()

    # More votes than members present: a German form error, the typed values stay.
    section = _save_result(page, item_routed, result=Result.ADOPTED, yes=7, no=0, abstain=0)
    assert "stimmberechtigt sind in dieser Sitzung aber nur 4" in section.inner_text()
    assert section.locator(f"#id_item-{item_routed.pk}-yes").input_value() == "7"
    assert not Vote.objects.filter(agenda_item=item_routed).exists()
    section = _save_result(page, item_routed, result=Result.ADOPTED, yes=3, no=1, abstain=0)
    assert "Ergebnis für Ö 1 gespeichert" in page.locator(".messages").inner_text()
    routed.refresh_from_db()
    assert routed.state == PaperState.IN_CONSULTATION  # the committee only advises; the council decides

    # "einstimmig" with a no-vote is refused; then einstimmig angenommen decides the paper.
    section = _save_result(page, item_decided, result=Result.ADOPTED, yes=3, no=1, abstain=0, unanimous=True)
    assert "nicht einstimmig" in section.inner_text()
    _save_result(page, item_decided, result=Result.ADOPTED, yes="", no="", abstain="", unanimous=True)
    decided.refresh_from_db()
    assert decided.state == PaperState.ADOPTED
    assert decided.consultations.get().result == Result.ADOPTED

    _save_result(page, item_postponed, result=Result.POSTPONED)
    postponed.refresh_from_db()
    assert postponed.state == PaperState.IN_CONSULTATION
    next_meeting = MeetingFactory(organization=council.committee, start=timezone.now() + datetime.timedelta(days=14))
    assert postponed in [c.paper for c in agenda_proposals(meeting=next_meeting)]
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD

    page.goto(f"{live_server.url}/admin/snippets/council_sessions/meeting/minutes/{meeting.pk}/")
    draft = page.locator("#minutes-text").input_value()
    assert "Anwesend: " in draft and "Mitglied 0" in draft and "Entschuldigt: Mitglied 4" in draft
    assert "Ö 2 Parkgebühren (A/0011/2026)" in draft and "einstimmig angenommen" in draft
    assert "3 Ja, 1 Nein, 0 Enthaltungen" in draft and "Ergebnis: vertagt" in draft
    page.fill("#minutes-text", draft + "\n\nDie Sitzung endete um 19:10 Uhr.")
    with page.expect_navigation():
        page.get_by_role("button", name="Als PDF veröffentlichen").click()
    page.locator(".messages").first.wait_for()

    minutes = File.objects.get(meeting=meeting, role=FileRole.RESULTS_PROTOCOL, deleted=False)
    text = extract_text(io.BytesIO(minutes.file.read()))
    assert "Die Sitzung endete um 19:10 Uhr." in text and "Parkgebühren" in text
