"""In a real browser: staff mark words on a file's page, and the public download no longer has them."""

import io
import os

import pytest
from django.urls import reverse
from pdfminer.high_level import extract_text

from motions.extraction import file_extract
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from tests.admin.conftest import PASSWORD, grant_staff, wagtail_root
from tests.factories import BodyFactory, PaperFactory, staff_user_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread; the ORM calls here are synchronous."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_staff_mark_a_word_and_a_line_and_the_public_download_loses_them(page, live_server, client):
    wagtail_root()
    body = BodyFactory(name="Stadt Browser", slug="browser")
    staff = staff_user_for(body)
    grant_staff(staff.groups.get())
    paper = PaperFactory(body=body, public=True, name="Bauantrag Carport")
    text = "Antragsteller: Thomas Kowalczyk\nZwetschgenweg 12, 06449 Aschersleben\nDer Carport ist genehmigungsfähig."
    file = file_create(
        body=body,
        name="Bauantrag",
        content=render_text_pdf(title="Bauantrag", text=text),
        file_name="bauantrag.pdf",
        paper=paper,
        extract=False,
    )
    file_extract(file=file)

    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(live_server.url + reverse("privacy_admin:file_page", args=[file.pk, 1]))
    page.get_by_label("Kowalczyk", exact=True).check()
    line = page.locator(".privacy-words > div", has_text="Zwetschgenweg")
    line.locator("input[name=line]").check()
    page.get_by_role("button", name="Markierte Wörter schwärzen").click()
    page.wait_for_load_state()
    assert page.locator("del", has_text="Kowalczyk").count() >= 1
    assert page.locator("img[alt='Seite in der öffentlichen Fassung']").count() == 1

    download = client.get(file.get_download_url())
    public = extract_text(io.BytesIO(b"".join(download.streaming_content)))
    assert "Kowalczyk" not in public and "Zwetschgenweg" not in public and "06449" not in public
    assert "Thomas" in public and "genehmigungsfähig" in public
