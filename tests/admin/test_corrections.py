"""Flow 5: corrections of published records, soft deletion, and the audit log."""

import pytest
from django.contrib.auth import get_user_model

from motions.models import Paper, PaperType
from tests.admin.conftest import PASSWORD
from tests.factories import PaperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _published(council, **fields):
    paper = PaperFactory(body=council.body, paper_type=PaperType.MOTION, live=False, **fields)
    paper.save_revision(user=council.staff, log_action=True).publish(user=council.reviewer)
    paper.refresh_from_db()
    return paper


def test_corrected_paper_shows_when_it_was_corrected(page, live_server, council, admin_login):
    paper = _published(council, reference="A/0020/2026", name="Sanierung der Grundschule Nrod")
    assert paper.corrected_at is None
    admin_login(page, council.reviewer)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    page.fill("#id_name", "Sanierung der Grundschule Nord")
    page.fill("#id_correction_note", "Tippfehler im Betreff berichtigt.")
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.locator("footer button[name='action-publish']").click()
    page.locator(".messages").first.wait_for()

    paper.refresh_from_db()
    assert paper.name == "Sanierung der Grundschule Nord"
    assert paper.corrected_at is not None

    public = page.context.browser.new_context(locale="de-DE").new_page()
    public.goto(live_server.url + paper.get_absolute_url())
    text = public.locator("body").inner_text()
    assert "Berichtigt am " + paper.corrected_at.astimezone().strftime("%d.%m.%Y") in text
    assert "Tippfehler im Betreff berichtigt." in text


def test_deleting_a_paper_keeps_it_known_as_deleted_with_its_history(page, browser, live_server, council, admin_login):
    paper = _published(council, reference="A/0021/2026", name="Versehentlich angelegt")
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/delete/{paper.pk}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator(".messages").first.wait_for()

    paper = Paper.objects.get(pk=paper.pk)
    assert paper.deleted is True and paper.deleted_at is not None
    assert paper.revisions.count() >= 1
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/")
    assert "A/0021/2026" not in page.locator("main").inner_text()
    assert page.goto(live_server.url + paper.get_absolute_url()).status == 404

    admin = get_user_model().objects.create_superuser("chefin", "chefin@example.org", PASSWORD)
    audit = browser.new_context(locale="de-DE").new_page()
    admin_login(audit, admin)
    audit.goto(f"{live_server.url}/admin/reports/site-history/")
    log = audit.locator("main").inner_text()
    assert "Als gelöscht markiert" in log and "sitzungsdienst" in log
