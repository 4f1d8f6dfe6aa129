"""The privacy page is prefilled with what the system processes and never overwrites the town's text."""

import io

import pytest
from django.core.management import call_command

from web.content import content_pages_ensure
from web.models import ContentPage

pytestmark = pytest.mark.django_db


def test_starter_page_is_prefilled_and_an_edited_page_is_kept(client):
    content_pages_ensure()
    call_command("privacy_page", stdout=io.StringIO())
    page = client.get("/datenschutz/").content.decode()
    assert "Was dieses System verarbeitet" in page and "Art. 15 DSGVO" in page and "geschwärzt" in page

    edited = ContentPage.objects.get(slug="datenschutz")
    edited.body = "<p>Erklärung der Stadt Musterstadt.</p>"
    edited.save_revision().publish()
    call_command("privacy_page", stdout=io.StringIO())
    assert "Erklärung der Stadt Musterstadt" in client.get("/datenschutz/").content.decode()

    call_command("privacy_page", "--replace", stdout=io.StringIO())
    assert "Was dieses System verarbeitet" in client.get("/datenschutz/").content.decode()
