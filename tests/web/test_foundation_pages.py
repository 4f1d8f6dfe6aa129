"""Every record has a stable public URL, and the pages obey the access policy."""

import pytest
from django.core.management import call_command

from motions.models import File, Paper
from sessions.models import Meeting
from tests.factories import staff_user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_public_paper_page_shows_reference_and_beratungsfolge(client, demo):
    paper = Paper.objects.get(reference="VO/2014/01919")
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "VO/2014/01919" in html and "Hauptausschuss" in html


def test_paper_short_url_redirects_to_canonical(client, demo):
    paper = Paper.objects.get(reference="VII/0680/24")
    response = client.get(f"/vorlagen/{paper.pk}/")
    assert response.status_code == 301 and response["Location"] == paper.get_absolute_url()


def test_non_public_paper_is_404_for_anonymous_and_200_for_staff(client, demo):
    paper = Paper.objects.get(public=False)
    assert client.get(paper.get_absolute_url()).status_code == 404
    client.force_login(staff_user_for(paper.body))
    assert client.get(paper.get_absolute_url()).status_code == 200


def test_meeting_page_hides_non_public_item_content(client, demo):
    meeting = Meeting.objects.get(agenda_items__public=False)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Arbeitspapier zur weiteren Digitalisierung" in html
    assert "Flurstück" not in html
    assert "nichtöffentliche" in html or "nichtöffentlicher" in html


def test_file_download_obeys_owner_visibility(client, demo):
    public = File.objects.get(file_name="VO-2014-01919.pdf")
    response = client.get(public.get_download_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    secret = File.objects.get(file_name="Wertgutachten_17-3.pdf")
    assert client.get(secret.get_download_url()).status_code == 404


def test_unknown_urls_give_friendly_404(client, demo):
    for url in ["/vorlagen/999999/x/", "/sitzungen/abc/", "/gibt-es-nicht/", "/dateien/0/download/x.pdf"]:
        response = client.get(url)
        assert response.status_code == 404, url
