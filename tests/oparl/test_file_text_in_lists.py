"""OParl lists do not embed file texts (issue 14): the text of a File stays on its own URL, so a
long PDF cannot make every list page that mentions it megabytes long."""

import json

import pytest

from motions.models import File
from tests.factories import FileFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db
API = "/oparl/v1.1"
LONG_TEXT = "Sachverhalt " * 20000


@pytest.fixture
def paper_file():
    paper = PaperFactory()
    file = FileFactory(body=paper.body, paper=paper, text=LONG_TEXT, media_type="application/pdf")
    meeting = MeetingFactory(organization__body=paper.body)
    FileFactory(body=paper.body, meeting=meeting, text=LONG_TEXT)
    return paper, file


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_paper_list_embeds_files_without_their_text(client, paper_file):
    paper, file = paper_file
    response, page = _get(client, f"{API}/body/{paper.body.pk}/paper")
    (embedded,) = page["data"][0]["auxiliaryFile"]
    assert "text" not in embedded and embedded["name"] == file.name
    assert len(response.content) < 20000


def test_file_list_and_meeting_list_leave_out_texts(client, paper_file):
    paper, _ = paper_file
    for name in ("file", "meeting"):
        response, page = _get(client, f"{API}/body/{paper.body.pk}/{name}")
        assert page["data"] and b"Sachverhalt" not in response.content, name


def test_single_file_keeps_its_text(client, paper_file):
    _, file = paper_file
    _, data = _get(client, f"{API}/file/{file.pk}")
    assert data["text"] == File.objects.get(pk=file.pk).text
