"""The OParl 1.1 server: formats, lists, filters, deleted objects, access, files, query counts."""

import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motions.models import FileRole
from motions.services import file_create
from oparl.formats import DATE_TIME_RE
from ris.pdf_render import render_text_pdf
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    LegislativeTermFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db
API = "/oparl/v1.1"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://ris.example.org"


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, json.loads(response.content) if response.content and "json" in response["Content-Type"] else None


def make_paper_with_everything(body, committee):
    paper = PaperFactory(body=body)
    meeting = MeetingFactory(organization=committee)
    item = AgendaItemFactory(meeting=meeting)
    ConsultationFactory(paper=paper, organization=committee, meeting=meeting, agenda_item=item)
    file_create(
        body=body,
        name="Vorlage",
        content=render_text_pdf(title="Vorlage", text=f"Vorlage {paper.reference}"),
        file_name="vorlage.pdf",
        role=FileRole.MAIN,
        paper=paper,
        extract=False,
    )
    file_create(
        body=body,
        name="Anlage",
        content=render_text_pdf(title="Anlage", text=f"Anlage {paper.reference}"),
        file_name="anlage.pdf",
        paper=paper,
        extract=False,
    )
    return paper


def test_system_is_utf8_json_with_cors_and_canonical_ids(client):
    response, data = get(client, f"{API}/system", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert data["id"] == "https://ris.example.org/oparl/v1.1/system"
    assert data["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert data["body"] == "https://ris.example.org/oparl/v1.1/body"


def test_body_lists_every_external_list_and_non_ascii_unescaped(client):
    body = BodyFactory(name="Stadt Nörvenich")
    response, data = get(client, f"{API}/body/{body.pk}")
    assert "Nörvenich".encode() in response.content
    for name in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"):
        assert data[name] == f"https://ris.example.org/oparl/v1.1/body/{body.pk}/{name}"
    for name in ("locationList", "legislativeTermList", "membership"):
        assert client.get(data[name].removeprefix("https://ris.example.org")).status_code == 200
    assert data["legislativeTerm"] == []
    assert DATE_TIME_RE.match(data["created"]) and DATE_TIME_RE.match(data["modified"])


def test_paper_list_paginates_with_next_until_the_last_page_and_keeps_filters(client):
    body = BodyFactory()
    for _ in range(5):
        PaperFactory(body=body)
    url = f"{API}/body/{body.pk}/paper?limit=2&created_since=2000-01-01T00:00:00%2B01:00"
    seen = []
    while url:
        response, page = get(client, url.removeprefix("https://ris.example.org"))
        assert response.status_code == 200
        assert set(page) == {"data", "pagination", "links"}
        assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in page["links"]["self"]
        seen += [p["id"] for p in page["data"]]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen)) == 5
    assert page["pagination"]["totalElements"] == 5 and page["pagination"]["currentPage"] == 3


@pytest.mark.parametrize("value", ["gestern", "2024-13-01T00:00:00+01:00", "2024-01-01"])
def test_malformed_date_filter_is_400_with_error_object(client, value):
    body = BodyFactory()
    response, data = get(client, f"{API}/body/{body.pk}/paper", data={"modified_since": value})
    assert response.status_code == 400
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert data["message"] and value in data["debug"]


@pytest.mark.parametrize(
    ("name", "value", "selected"),
    [
        ("modified_since", "0001-01-01T00:00:00", True),
        ("modified_since", "0001-01-01T00:00:00+01:00", True),
        ("created_until", "9999-12-31T23:59:59-01:00", True),
        ("modified_since", "9999-12-31T23:59:59", False),
    ],
)
def test_date_filters_beyond_any_record_select_all_or_nothing(client, name, value, selected):
    """Found by Hypothesis: year 1 with an offset is before year 1 in UTC and was a 500."""
    body = BodyFactory()
    paper = PaperFactory(body=body)
    response, page = get(client, f"{API}/body/{body.pk}/paper", data={name: value})
    assert response.status_code == 200
    ids = [p["id"] for p in page["data"]]
    assert ids == ([f"https://ris.example.org/oparl/v1.1/paper/{paper.pk}"] if selected else [])


def test_page_far_past_the_last_is_empty_not_an_error(client):
    """Found by Hypothesis: page=92233720368547760 made an offset beyond 64 bits (a 500)."""
    body = BodyFactory()
    PaperFactory(body=body)
    for page_number in ("2", "92233720368547760", str(10**40)):
        response, page = get(client, f"{API}/body/{body.pk}/paper", data={"page": page_number})
        assert response.status_code == 200 and page["data"] == []
        assert page["pagination"]["totalElements"] == 1 and "next" not in page["links"]


def test_date_filters_select_by_created_and_modified(client):
    body = BodyFactory()
    old = PaperFactory(body=body)
    cut = timezone.now()
    new = PaperFactory(body=body)
    since = cut.isoformat()
    _, page = get(client, f"{API}/body/{body.pk}/paper", data={"created_since": since})
    assert [p["id"] for p in page["data"]] == [f"https://ris.example.org/oparl/v1.1/paper/{new.pk}"]
    _, page = get(client, f"{API}/body/{body.pk}/paper", data={"modified_until": since})
    assert [p["id"] for p in page["data"]] == [f"https://ris.example.org/oparl/v1.1/paper/{old.pk}"]


def test_unencoded_plus_in_filter_is_read_as_offset(client):
    body = BodyFactory()
    PaperFactory(body=body)
    response = client.get(f"{API}/body/{body.pk}/paper?modified_since=2000-01-01T00:00:00+01:00")
    assert response.status_code == 200
    assert len(json.loads(response.content)["data"]) == 1


def test_non_public_and_draft_papers_are_neither_listed_nor_served(client):
    body = BodyFactory()
    public = PaperFactory(body=body)
    secret = PaperFactory(body=body, public=False)
    draft = PaperFactory(body=body, live=False)
    _, page = get(client, f"{API}/body/{body.pk}/paper")
    assert [p["id"].rsplit("/", 1)[1] for p in page["data"]] == [str(public.pk)]
    for paper in (secret, draft):
        response, data = get(client, f"{API}/paper/{paper.pk}")
        assert response.status_code == 404 and data["type"].endswith("/Error")


def test_non_public_consultation_targets_and_files_are_not_embedded(client):
    body = BodyFactory()
    committee = OrganizationFactory(body=body)
    paper = make_paper_with_everything(body, committee)
    consultation = paper.consultations.get()
    consultation.agenda_item.public = False
    consultation.agenda_item.save()
    _, data = get(client, f"{API}/paper/{paper.pk}")
    assert "agendaItem" not in data["consultation"][0]
    assert data["consultation"][0]["meeting"].endswith(f"/meeting/{consultation.meeting_id}")
    assert data["mainFile"]["name"] == "Vorlage"
    assert [f["name"] for f in data["auxiliaryFile"]] == ["Anlage"]
    assert "paper" not in data["consultation"][0]  # embedded: no back-reference


def test_deleted_paper_is_200_stub_and_listed_only_with_modified_since(client):
    body = BodyFactory()
    paper = PaperFactory(body=body)
    paper.deleted, paper.deleted_at = True, timezone.now()
    paper.save()
    response, data = get(client, f"{API}/paper/{paper.pk}")
    assert response.status_code == 200
    assert data["deleted"] is True and set(data) == {"id", "type", "created", "modified", "deleted"}
    _, page = get(client, f"{API}/body/{body.pk}/paper")
    assert page["data"] == []
    _, page = get(client, f"{API}/body/{body.pk}/paper", data={"modified_since": "2000-01-01T00:00:00+01:00"})
    assert [p.get("deleted") for p in page["data"]] == [True]


def test_deleted_non_public_paper_stays_unknown(client):
    paper = PaperFactory(public=False, deleted=True, deleted_at=timezone.now())
    response, _ = get(client, f"{API}/paper/{paper.pk}")
    assert response.status_code == 404


def test_no_null_or_empty_optional_values(client):
    body = BodyFactory()
    committee = OrganizationFactory(body=body)
    paper = make_paper_with_everything(body, committee)
    MembershipFactory(organization=committee, person__body=body)

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                assert inner is not None and inner != "", key
                if inner == [] and key != "legislativeTerm":
                    raise AssertionError(f"empty list {key}")
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for url in (f"paper/{paper.pk}", f"body/{body.pk}/person", f"body/{body.pk}/meeting", f"body/{body.pk}"):
        walk(get(client, f"{API}/{url}")[1])


def test_omit_internal_drops_embedded_lists(client):
    body = BodyFactory()
    committee = OrganizationFactory(body=body)
    make_paper_with_everything(body, committee)
    _, page = get(client, f"{API}/body/{body.pk}/paper", data={"omit_internal": "true"})
    assert "auxiliaryFile" not in page["data"][0] and "mainFile" in page["data"][0]
    assert "omit_internal=true" in page["links"]["self"]
    _, page = get(client, f"{API}/body/{body.pk}/meeting", data={"omit_internal": "true"})
    assert "agendaItem" not in page["data"][0]


def test_agenda_item_alone_has_meeting_back_reference_and_vendor_vote(client):
    from sessions.models import Result
    from sessions.votes import vote_record

    item = AgendaItemFactory()
    item.meeting.organization.seats = 11
    item.meeting.organization.save()
    vote_record(agenda_item=item, result=Result.ADOPTED, yes=9, no=1, abstain=0)
    _, data = get(client, f"{API}/agendaItem/{item.pk}")
    assert data["meeting"].endswith(f"/meeting/{item.meeting_id}")
    assert data["ris:vote"][0]["yes"] == 9 and data["ris:vote"][0]["result"] == "angenommen"


def test_changing_an_embedded_consultation_moves_the_papers_modified(client):
    consultation = ConsultationFactory()
    paper = consultation.paper
    type(paper).objects.filter(pk=paper.pk).update(modified=timezone.now() - timezone.timedelta(days=3))
    before = get(client, f"{API}/paper/{paper.pk}")[1]["modified"]
    consultation.authoritative = True
    consultation.save()
    after = get(client, f"{API}/paper/{paper.pk}")[1]["modified"]
    assert after > before


def test_file_access_download_checksums_and_conditional_get(client):
    body = BodyFactory()
    paper = make_paper_with_everything(body, OrganizationFactory(body=body))
    file = paper.files.get(role=FileRole.MAIN)
    _, data = get(client, f"{API}/file/{file.pk}")
    assert data["paper"] == [f"https://ris.example.org/oparl/v1.1/paper/{paper.pk}"]
    access = client.get(data["accessUrl"].removeprefix("https://ris.example.org"))
    content = b"".join(access.streaming_content)
    assert access.status_code == 200 and "attachment" not in access.get("Content-Disposition", "")
    assert len(content) == data["size"]
    assert hashlib.sha512(content).hexdigest() == data["sha512Checksum"]
    assert data["mimeType"] == "application/pdf"
    download = client.get(data["downloadUrl"].removeprefix("https://ris.example.org"))
    assert download["Content-Disposition"].startswith('attachment; filename="vorlage.pdf"')
    again = client.get(data["accessUrl"].removeprefix("https://ris.example.org"), HTTP_IF_NONE_MATCH=access["ETag"])
    assert again.status_code == 304
    file.deleted, file.deleted_at = True, timezone.now()
    file.save()
    assert client.get(data["accessUrl"].removeprefix("https://ris.example.org")).status_code == 410


def test_unknown_url_and_id_are_404_error_objects(client):
    for url in (f"{API}/paper/999999", f"{API}/gibtsnicht", f"{API}/body/999/paper"):
        response, data = get(client, url)
        assert response.status_code == 404
        assert data["type"] == "https://schema.oparl.org/1.1/Error"


@pytest.mark.parametrize(
    "kind",
    [
        "paper",
        "meeting",
        "person",
        "organization",
        "agendaItem",
        "consultation",
        "file",
        "membership",
        "legislativeTermList",
        "locationList",
    ],
)
def test_list_page_query_count_does_not_grow_with_page_size(client, kind):
    from sessions.models import Attendance, Location, Result, Vote, VoteGroupCount

    body = BodyFactory()
    committee = OrganizationFactory(body=body)

    def count_for(n):
        for _ in range(n):
            paper = make_paper_with_everything(body, committee)
            membership = MembershipFactory(organization=committee, person__body=body)
            paper.originator_organizations.add(committee)
            paper.locations.add(Location.objects.create(street_address="Markt 1"))
            LegislativeTermFactory(body=body)
            OrganizationFactory(body=body, location=Location.objects.create(room="Saal"))
            item = paper.consultations.get().agenda_item
            vote = Vote.objects.create(agenda_item=item, yes=3, no=1, abstain=0, result=Result.ADOPTED)
            VoteGroupCount.objects.create(vote=vote, organization=committee, yes=3)
            Attendance.objects.create(meeting=item.meeting, person=membership.person)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{API}/body/{body.pk}/{kind}?limit=1000")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(json.loads(response.content)["data"])

    small, n_small = count_for(2)
    big, n_big = count_for(20)
    assert n_big > n_small
    assert big == small
