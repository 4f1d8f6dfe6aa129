"""Clear admin language (issue 20): lists say Ja/Nein, German dates, "Titel" and where each record
stands in the Freigabe; "Berichtigung" only on published papers; a paper never links to itself."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from motions.models import Paper, PaperType
from tests.factories import MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db


def _cells(html: str, text: str) -> str:
    """The table row (<tr>…</tr>) of the list that mentions ``text``."""
    rows = re.findall(r"<tr.*?</tr>", html, flags=re.S)
    return next(row for row in rows if text in row)


def test_paper_list_shows_ja_nein_german_date_and_publication_status(client, council):
    PaperFactory(body=council.body, name="Entwurfsvorlage", live=False, public=False)
    PaperFactory(body=council.body, name="Veröffentlichte Vorlage", live=True, date=datetime.date(2024, 2, 28))
    submitted = PaperFactory(body=council.body, name="Eingereichte Vorlage", live=False)
    submitted.save_revision(user=council.staff)
    Workflow.objects.get(name="Freigabe").start(submitted, council.staff)
    client.force_login(council.staff)

    html = client.get(reverse("wagtailsnippets_motions_paper:list")).content.decode()

    assert "Veröffentlichung" in html
    draft_row = _cells(html, "Entwurfsvorlage")
    assert "Nein" in draft_row and "True" not in draft_row and "False" not in draft_row
    assert "Entwurf" in draft_row and "veröffentlicht" not in draft_row
    live_row = _cells(html, "Veröffentlichte Vorlage")
    assert "Ja" in live_row and "28.02.2024" in live_row and "2024-02-28" not in live_row
    assert "veröffentlicht" in live_row
    assert "in Freigabe" in _cells(html, "Eingereichte Vorlage")


def test_meeting_list_heads_titel_and_shows_german_start_and_status(client, council):
    start = timezone.make_aware(datetime.datetime(2024, 2, 28, 18, 0))
    MeetingFactory(organization=council.council, name="Sitzung des Stadtrats", start=start, live=True)
    MeetingFactory(organization=council.committee, name="Geplante Sitzung", start=start, live=False)
    client.force_login(council.staff)

    html = client.get(reverse("wagtailsnippets_council_sessions_meeting:list")).content.decode()

    assert "Titel" in html and ">Title<" not in html
    row = _cells(html, "Sitzung des Stadtrats")
    assert "28.02.2024 18:00" in row and "veröffentlicht" in row
    assert "Entwurf" in _cells(html, "Geplante Sitzung")


def test_correction_field_only_on_published_papers(client, council):
    client.force_login(council.staff)
    new = client.get(reverse("wagtailsnippets_motions_paper:add")).content.decode()
    draft = PaperFactory(body=council.body, live=False)
    draft_html = client.get(reverse("wagtailsnippets_motions_paper:edit", args=[draft.pk])).content.decode()
    live = PaperFactory(body=council.body, live=True)
    live_html = client.get(reverse("wagtailsnippets_motions_paper:edit", args=[live.pk])).content.decode()

    assert 'name="correction_note"' not in new
    assert 'name="correction_note"' not in draft_html
    assert 'name="correction_note"' in live_html


def _edit_data(paper, **extra):
    data = {
        "body": paper.body_id,
        "paper_type": paper.paper_type,
        "reference": paper.reference,
        "name": paper.name,
        "consultations-TOTAL_FORMS": "0",
        "consultations-INITIAL_FORMS": "0",
        "consultations-MIN_NUM_FORMS": "0",
        "consultations-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("field", ["amends", "answers", "related_papers"])
def test_paper_cannot_link_to_itself(client, council, field):
    paper = PaperFactory(body=council.body, live=False, paper_type=PaperType.MOTION, name="Selbstbezug")
    client.force_login(council.staff)

    response = client.post(
        reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]), _edit_data(paper, **{field: paper.pk})
    )

    assert response.status_code == 200
    assert "Eine Vorlage kann nicht auf sich selbst verweisen." in response.content.decode()
    paper = Paper.objects.get(pk=paper.pk)
    assert paper.amends_id is None and paper.answers_id is None and not paper.related_papers.exists()


def test_paper_may_link_to_another_paper(client, council):
    other = PaperFactory(body=council.body, paper_type=PaperType.MOTION)
    paper = PaperFactory(body=council.body, live=False, paper_type=PaperType.AMENDMENT)
    client.force_login(council.staff)

    response = client.post(
        reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]), _edit_data(paper, amends=other.pk)
    )

    assert response.status_code == 302
    assert Paper.objects.get(pk=paper.pk).latest_revision.as_object().amends_id == other.pk


def test_paper_list_reads_the_freigabe_in_a_constant_number_of_queries(client, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workflow = Workflow.objects.get(name="Freigabe")
    client.force_login(council.staff)
    url = reverse("wagtailsnippets_motions_paper:list")

    def queries_with(count):
        for _ in range(count):
            paper = PaperFactory(body=council.body, live=False)
            paper.save_revision(user=council.staff)
            workflow.start(paper, council.staff)
        client.get(url)  # warm the per-request caches the same way for both sizes
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return len(captured), html.count("in Freigabe")

    few, shown_few = queries_with(2)
    many, shown_many = queries_with(6)
    assert (shown_few, shown_many) == (2, 8)
    assert many == few
