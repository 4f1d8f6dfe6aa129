"""Flow 1: a new paper in the admin, driven through the real admin in Chromium."""

import datetime

import pytest

from motions.models import ConsultationRole, Paper, PaperType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_paper_create_proposes_reference_and_saves_draft_with_beratungsfolge(page, live_server, council, admin_login):
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/add/")
    page.select_option("#id_paper_type", PaperType.MOTION)
    year = datetime.date.today().year
    reference = page.locator("#id_reference")
    page.wait_for_function("el => el.placeholder.includes('A/0001/')", arg=reference.element_handle(), timeout=5000)
    assert f"A/0001/{year}" in reference.get_attribute("placeholder")
    page.fill("#id_name", "Radweg an der Hauptstraße")
    page.locator(".public-DraftEditor-content").first.fill("Der Stadtrat beschließt den Radweg.")
    add = page.get_by_role("button", name="Beratung hinzufügen")
    add.click()
    page.select_option("#id_consultations-0-organization", str(council.committee.pk))
    page.select_option("#id_consultations-0-role", ConsultationRole.PRELIMINARY)
    add.click()
    page.select_option("#id_consultations-1-organization", str(council.council.pk))
    page.select_option("#id_consultations-1-role", ConsultationRole.DECISION)
    page.select_option("#id_consultations-1-authoritative", "true")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url("**/edit/**")

    paper = Paper.objects.get(name="Radweg an der Hauptstraße")
    assert paper.reference == f"A/0001/{year}"
    assert paper.live is False
    assert "Radweg" in paper.resolution_proposal
    steps = list(paper.consultations.order_by("order"))
    assert [(s.organization, s.role, s.authoritative) for s in steps] == [
        (council.committee, ConsultationRole.PRELIMINARY, False),
        (council.council, ConsultationRole.DECISION, True),
    ]
    assert paper.revisions.count() == 1


def _draft_paper(council, **fields):
    from tests.factories import ConsultationFactory, PaperFactory

    paper = PaperFactory(body=council.body, live=False, reference="", paper_type=PaperType.MOTION, **fields)
    ConsultationFactory(paper=paper, organization=council.council, authoritative=True)
    paper.save_revision(user=council.staff, log_action=True)
    return paper


def _footer_action(page, name):
    """Click an action in the footer's "more actions" dropdown and wait for the result page."""
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.locator(f"footer button[name='{name}']").click()


def _done(page):
    """Wait until the admin shows the outcome of the last action (the server has finished)."""
    page.locator(".messages").first.wait_for()


def test_paper_freigabe_reviewer_rejects_with_comment_then_approves_and_it_is_published(
    page, browser, live_server, council, admin_login
):
    from wagtail.models import TaskState

    paper = _draft_paper(council, name="Neue Bänke im Stadtpark")
    edit_url = f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/"
    admin_login(page, council.staff)
    page.goto(edit_url)
    _footer_action(page, "action-submit")
    _done(page)
    paper.refresh_from_db()
    assert paper.workflow_in_progress

    reviewer = browser.new_context(locale="de-DE").new_page()
    admin_login(reviewer, council.reviewer)
    reviewer.goto(edit_url)
    reviewer.locator("footer .w-dropdown__toggle").click()
    reviewer.get_by_role("button", name="Änderungen anfordern").click()
    reviewer.locator("textarea[name=comment]").fill("Bitte die Kosten ergänzen.")
    with reviewer.expect_navigation():
        reviewer.locator(".modal-content button[type=submit], dialog button[type=submit]").last.click()
    _done(reviewer)
    state = TaskState.objects.filter(workflow_state__object_id=str(paper.pk)).order_by("-pk").first()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == "Bitte die Kosten ergänzen."
    paper.refresh_from_db()
    assert paper.live is False

    page.goto(edit_url)
    page.locator(".public-DraftEditor-content").nth(3).fill("Kosten: 12.000 Euro aus dem Budget Grünflächen.")
    page.wait_for_function("() => document.querySelector('#id_funding').value.includes('12.000')")
    _footer_action(page, "action-submit")
    _done(page)

    reviewer.goto(edit_url)
    reviewer.locator("footer .w-dropdown__toggle").click()
    with reviewer.expect_navigation():
        reviewer.locator("footer button[data-workflow-action-name=approve]").first.click()
    _done(reviewer)
    paper.refresh_from_db()
    assert paper.live is True
    assert "12.000 Euro" in paper.funding
    assert paper.reference.startswith("A/0001/")


def test_paper_publish_at_a_scheduled_time(page, live_server, council, admin_login):
    from django.core.management import call_command
    from django.utils import timezone

    paper = _draft_paper(council, name="Haushaltssatzung 2027")
    admin_login(page, council.reviewer)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    page.get_by_role("button", name="Status").first.click()
    page.get_by_role("button", name="Zeitplan festlegen").click()
    page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Tab")
    # The date picker's calendar stays open over the dialog; the button is clicked as a keyboard user would.
    page.get_by_role("button", name="Zeitplan speichern").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _footer_action(page, "action-publish")
    _done(page)
    paper.refresh_from_db()
    assert paper.live is False
    scheduled = paper.revisions.get(approved_go_live_at__isnull=False)
    assert timezone.localtime(scheduled.approved_go_live_at).date() == go_live.date()

    # Three days later the scheduler (publish_scheduled, run by cron/beat) publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.approved_go_live_at = past
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    paper.refresh_from_db()
    assert paper.live is True


def test_paper_revisions_compare_and_revert(page, live_server, council, admin_login):
    paper = _draft_paper(council, name="Erster Betreff")
    first = paper.latest_revision
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    page.fill("#id_name", "Zweiter Betreff")
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf speichern").click()
    _done(page)

    page.goto(f"{live_server.url}/admin/snippets/motions/paper/history/{paper.pk}/")
    page.locator("table tbody tr").first.locator(".w-dropdown__toggle").click()
    page.get_by_role("link", name="Mit vorheriger Version vergleichen").click()
    page.wait_for_url("**/revisions/compare/**")
    comparison = page.locator("main").inner_text()
    assert "Erster" in comparison and "Zweiter" in comparison and "Betreff" in comparison

    page.goto(f"{live_server.url}/admin/snippets/motions/paper/history/{paper.pk}/")
    page.locator("table tbody .w-dropdown__toggle").last.click()
    page.get_by_role("link", name="Diese Version überprüfen").click()
    page.wait_for_url(f"**/revisions/{first.pk}/revert/")
    assert page.locator("#id_name").input_value() == "Erster Betreff"
    with page.expect_navigation():
        page.locator("footer button[type=submit]").first.click()
    _done(page)
    paper.refresh_from_db()
    assert paper.name == "Erster Betreff"
    assert paper.revisions.count() == 3


def test_paper_locked_by_colleague_cannot_be_saved(page, browser, live_server, council, admin_login):
    from tests.factories import UserFactory

    paper = _draft_paper(council, name="Gesperrte Vorlage")
    colleague = UserFactory(username="kollegin")
    colleague.groups.add(council.body.staff_group)
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    page.get_by_role("button", name="Status").first.click()
    with page.expect_navigation():
        page.locator("label.switch", has_text="Sperren").click()
    paper.refresh_from_db()
    assert paper.locked and paper.locked_by == council.staff

    other = browser.new_context(locale="de-DE").new_page()
    admin_login(other, colleague)
    other.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    assert "gesperrt" in other.content()
    assert other.get_by_role("button", name="Entwurf speichern").count() == 0
