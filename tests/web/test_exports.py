"""The CSV downloads of the paper and meeting lists."""

import csv
import io

import pytest
from django.conf import settings

from motions.models import PaperType
from tests.factories import MeetingFactory, OrganizationFactory, PaperFactory, staff_user_for

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_paper_csv_follows_the_filters_of_the_list(client):
    motion = PaperFactory(paper_type=PaperType.MOTION, name="Radweg am Kanal", reference="A/0001/2026")
    PaperFactory(body=motion.body, paper_type=PaperType.INQUIRY, name="Anfrage Parkplätze")
    rows = _rows(client.get("/vorlagen/export.csv?art=antrag"))
    assert rows[0] == ["Drucksache", "Art", "Datum", "Betreff", "Körperschaft", "Stand", "Adresse"]
    assert [r[0] for r in rows[1:]] == ["A/0001/2026"]
    assert rows[1][3] == "Radweg am Kanal" and rows[1][6] == settings.SITE_URL + motion.get_absolute_url()


def test_paper_csv_leaves_out_what_the_user_may_not_see(client):
    public = PaperFactory(name="Offene Vorlage")
    PaperFactory(body=public.body, name="Geheime Grundstückssache", public=False)
    assert [r[3] for r in _rows(client.get("/vorlagen/export.csv"))[1:]] == ["Offene Vorlage"]
    client.force_login(staff_user_for(public.body))
    assert len(_rows(client.get("/vorlagen/export.csv"))) == 3


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(client):
    PaperFactory(name='=HYPERLINK("http://example.org","klick")')
    PaperFactory(name="-1+2")
    names = sorted(r[3] for r in _rows(client.get("/vorlagen/export.csv"))[1:])
    assert names == ["'-1+2", '\'=HYPERLINK("http://example.org","klick")']


def test_meeting_csv_with_organization_filter_and_bad_values(client):
    org = OrganizationFactory(name="Kulturausschuss")
    MeetingFactory(organization=org, name="Kultursitzung")
    MeetingFactory(name="Andere Sitzung")
    rows = _rows(client.get(f"/sitzungen/export.csv?gremium={org.pk}"))
    assert [r[2] for r in rows[1:]] == ["Kulturausschuss"]
    assert rows[1][0] == "2024-02-21 17:00"
    assert client.get("/sitzungen/export.csv?jahr=abc&zeit=%22").status_code == 200


def test_list_pages_link_the_csv_with_their_filters(client):
    html = client.get("/vorlagen/?art=antrag").content.decode()
    assert 'href="/vorlagen/export.csv?art=antrag"' in html
