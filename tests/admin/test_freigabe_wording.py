"""One Freigabe wording in the admin (issue 20): "Zur Freigabe einreichen", "Freigeben",
"Änderungen anfordern", no "Moderation" and no "Veröffentlichen" beside "Freigeben", and
messages that say what happened; through the real admin in Chromium."""

import re

import pytest

from motions.models import PaperType
from tests.factories import ConsultationFactory, PaperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _footer_labels(page) -> list[str]:
    page.locator("footer .w-dropdown__toggle").click()
    labels = [t.strip() for t in page.locator("footer button, footer a").all_inner_texts() if t.strip()]
    page.keyboard.press("Escape")
    return labels


def test_freigabe_is_worded_the_same_from_submission_to_approval(page, browser, live_server, council, admin_login):
    paper = PaperFactory(
        body=council.body, live=False, reference="A/0007/2026", paper_type=PaperType.MOTION, name="Neue Bänke"
    )
    ConsultationFactory(paper=paper, organization=council.council, authoritative=True)
    paper.save_revision(user=council.staff, log_action=True)
    edit_url = f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/"

    admin_login(page, council.staff)
    page.goto(edit_url)
    labels = _footer_labels(page)
    assert "Zur Freigabe einreichen" in labels
    assert not any("Moderation" in label or "In Freigabe einreichen" in label for label in labels)
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Zur Freigabe einreichen").click()
    message = page.locator(".messages").first.inner_text()
    assert "Vorlage „A/0007/2026: Neue Bänke“ wurde zur Freigabe eingereicht." in message

    reviewer = browser.new_context(locale="de-DE").new_page()
    admin_login(reviewer, council.reviewer)
    reviewer.goto(edit_url)
    labels = _footer_labels(reviewer)
    assert "Freigeben" in labels and "Änderungen anfordern" in labels
    assert "Veröffentlichen" not in labels
    assert not any(re.search(r"und Veröffentlichen|Moderation|genehmigen", label) for label in labels)
    # "Freigeben" is the reviewer's main button: one click, no menu to open
    reviewer.goto(edit_url)
    assert reviewer.get_by_role("button", name="Freigeben", exact=True).is_visible()
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Freigeben", exact=True).click()
    message = reviewer.locator(".messages").first.inner_text()
    assert "Vorlage „A/0007/2026: Neue Bänke“ wurde freigegeben und veröffentlicht." in message
    assert "geändert" not in message
    paper.refresh_from_db()
    assert paper.live


def test_saving_a_draft_says_so(page, live_server, council, admin_login):
    paper = PaperFactory(body=council.body, live=False, reference="A/0008/2026", name="Parkplätze")
    paper.save_revision(user=council.staff)
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{paper.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf speichern").click()
    assert (
        "Der Entwurf von Vorlage „A/0008/2026: Parkplätze“ wurde gespeichert." in page.locator(".messages").inner_text()
    )
