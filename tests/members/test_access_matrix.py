"""Entitlement by membership: who sees which public and non-public material, on every surface.

The expected visibility is the table below: a row per viewer, a column per record. Each surface
(the access functions, the public paper, meeting and file pages, and the file download) must
agree with it exactly.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from members.models import Account
from motions.models import Consultation, File, Paper
from motions.services import file_create
from ris.access import can_view
from ris.pdf_render import render_text_pdf
from sessions.models import AgendaItem
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "citizen", "member_other", "member", "former_member", "staff_other", "staff"]
RECORDS = ["paper_public", "paper_secret", "item_public", "item_secret", "file_public", "file_secret", "file_item"]


def _row(flags):
    return dict(zip(RECORDS, flags, strict=True))


# fmt: off
EXPECTED = {                # paper_pub paper_sec item_pub item_sec file_pub file_sec file_item
    "anonymous":     _row([1, 0, 1, 0, 1, 0, 0]),
    "citizen":       _row([1, 0, 1, 0, 1, 0, 0]),
    "member_other":  _row([1, 0, 1, 0, 1, 0, 0]),
    "member":        _row([1, 1, 1, 1, 1, 1, 1]),
    "former_member": _row([1, 0, 1, 0, 1, 0, 0]),
    "staff_other":   _row([1, 0, 1, 0, 1, 0, 0]),
    "staff":         _row([1, 1, 1, 1, 1, 1, 1]),
}
# fmt: on

MEETING_DAY = datetime.date(2024, 3, 12)


def _member(body, organization, *, start, end=None):
    person = PersonFactory(body=body)
    MembershipFactory(person=person, organization=organization, start_date=start, end_date=end)
    user = UserFactory()
    Account.objects.create(user=user, person=person, email_verified=True)
    return user


def _pdf(body, name, **owner):
    content = render_text_pdf(title=name, text=f"Inhalt {name}")
    return file_create(body=body, name=name, content=content, file_name=f"{name}.pdf", extract=False, **owner)


@pytest.fixture
def world():
    body = BodyFactory(name="Hansestadt Beispiel")
    committee = OrganizationFactory(body=body, name="Hauptausschuss")
    other_committee = OrganizationFactory(body=body, name="Bauausschuss")
    start = timezone.make_aware(datetime.datetime.combine(MEETING_DAY, datetime.time(17)))
    meeting = MeetingFactory(organization=committee, start=start)
    item_public = AgendaItemFactory(meeting=meeting, public=True, number="Ö 1", name="Öffentliche Tagesordnung")
    item_secret = AgendaItemFactory(meeting=meeting, public=False, number="N 1", name="Grundstücksverkauf Flurstück 17")
    paper_public = PaperFactory(body=body, public=True, name="Radweg an der Trave")
    paper_secret = PaperFactory(body=body, public=False, name="Verkauf Flurstück 17 an Investor")
    ConsultationFactory(paper=paper_public, organization=committee, meeting=meeting, agenda_item=item_public)
    ConsultationFactory(paper=paper_secret, organization=committee, meeting=meeting, agenda_item=item_secret)
    records = {
        "paper_public": paper_public,
        "paper_secret": paper_secret,
        "item_public": item_public,
        "item_secret": item_secret,
        "file_public": _pdf(body, "Radweg-Plan", paper=paper_public),
        "file_secret": _pdf(body, "Wertgutachten", paper=paper_secret),
        "file_item": _pdf(body, "Kaufvertrag-Entwurf", agenda_item=item_secret, meeting=meeting),
    }
    viewers = {
        "anonymous": AnonymousUser(),
        "citizen": Account.objects.create(user=UserFactory(), email_verified=True).user,
        "member_other": _member(body, other_committee, start=datetime.date(2019, 7, 1)),
        "member": _member(body, committee, start=datetime.date(2024, 1, 1)),
        "former_member": _member(body, committee, start=datetime.date(2019, 7, 1), end=datetime.date(2024, 3, 11)),
        "staff_other": staff_user_for(BodyFactory()),
        "staff": staff_user_for(body),
    }
    return {"body": body, "meeting": meeting, "records": records, "viewers": viewers}


def _model_of(name):
    return {"paper": Paper, "item": AgendaItem, "file": File}[name.split("_")[0]]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_access_functions_follow_the_table(world, viewer):
    user = world["viewers"][viewer]
    for name, record in world["records"].items():
        expected = bool(EXPECTED[viewer][name])
        assert can_view(user, record) is expected, (viewer, name)
        in_queryset = _model_of(name).objects.visible_to(user).filter(pk=record.pk).exists()
        assert in_queryset is expected, (viewer, name)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_paper_pages_follow_the_table(client, world, viewer):
    user = world["viewers"][viewer]
    if viewer != "anonymous":
        client.force_login(user)
    for name in ("paper_public", "paper_secret"):
        status = client.get(world["records"][name].get_absolute_url()).status_code
        assert status == (200 if EXPECTED[viewer][name] else 404), (viewer, name)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_meeting_page_follows_the_table(client, world, viewer):
    user = world["viewers"][viewer]
    if viewer != "anonymous":
        client.force_login(user)
    html = client.get(world["meeting"].get_absolute_url()).content.decode()
    for name in ("item_public", "item_secret"):
        shown = world["records"][name].name in html
        assert shown is bool(EXPECTED[viewer][name]), (viewer, name)
    # the link to the non-public paper shows exactly where the paper is visible
    for name in ("paper_public", "paper_secret"):
        linked = world["records"][name].get_absolute_url() in html
        assert linked is bool(EXPECTED[viewer][name]), (viewer, name)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_file_pages_and_downloads_follow_the_table(client, world, viewer):
    user = world["viewers"][viewer]
    if viewer != "anonymous":
        client.force_login(user)
    for name in ("file_public", "file_secret", "file_item"):
        file = world["records"][name]
        expected = 200 if EXPECTED[viewer][name] else 404
        assert client.get(file.get_absolute_url()).status_code == expected, (viewer, name, "page")
        download = client.get(file.get_download_url())
        assert download.status_code == expected, (viewer, name, "download")
        if expected == 200:
            assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_new_member_does_not_see_material_from_before_joining(world):
    late = _member(world["body"], world["meeting"].organization, start=datetime.date(2024, 6, 1))
    assert not can_view(late, world["records"]["item_secret"])
    assert not can_view(late, world["records"]["paper_secret"])


def test_former_member_keeps_material_from_their_time(world):
    committee = world["meeting"].organization
    former = _member(world["body"], committee, start=datetime.date(2019, 7, 1), end=datetime.date(2024, 12, 31))
    assert can_view(former, world["records"]["item_secret"])
    later = MeetingFactory(organization=committee, start=timezone.make_aware(datetime.datetime(2025, 2, 1, 17)))
    later_item = AgendaItemFactory(meeting=later, public=False)
    assert not can_view(former, later_item)


def test_member_never_sees_unpublished_drafts(world):
    committee = world["meeting"].organization
    member = world["viewers"]["member"]
    draft = PaperFactory(body=world["body"], public=False, live=False)
    ConsultationFactory(paper=draft, organization=committee, meeting=world["meeting"])
    assert not can_view(member, draft)


def test_paper_without_meeting_yet_is_visible_to_current_member_by_its_date(world):
    committee = world["meeting"].organization
    paper = PaperFactory(body=world["body"], public=False, date=datetime.date(2024, 5, 2))
    ConsultationFactory(paper=paper, organization=committee, meeting=None)
    assert can_view(world["viewers"]["member"], paper)
    assert not can_view(world["viewers"]["former_member"], paper)
    assert not can_view(world["viewers"]["member_other"], paper)


def test_visible_to_gives_no_duplicates_for_papers_consulted_twice(world):
    committee = world["meeting"].organization
    paper = world["records"]["paper_secret"]
    ConsultationFactory(paper=paper, organization=committee, meeting=world["meeting"])
    member = world["viewers"]["member"]
    assert Paper.objects.visible_to(member).filter(pk=paper.pk).count() == 1
    assert Consultation.objects.visible_to(member).filter(paper=paper).count() == 2


@pytest.fixture
def council_world(world):
    body = world["body"]
    council = OrganizationFactory(body=body, name="Stadtrat", classification="Rat")
    meeting = MeetingFactory(organization=council, start=timezone.make_aware(datetime.datetime(2024, 3, 20, 17)))
    item = AgendaItemFactory(meeting=meeting, public=False, name="Personalangelegenheit")
    paper = PaperFactory(body=body, public=False)
    ConsultationFactory(paper=paper, organization=council, meeting=meeting, agenda_item=item)
    return {"item": item, "paper": paper}


@pytest.mark.parametrize("flag", [False, True])
def test_council_material_for_all_committee_members_only_where_body_says_so(world, council_world, flag):
    body = world["body"]
    body.members_see_council_nonpublic = flag
    body.save()
    member_other = world["viewers"]["member_other"]  # Bauausschuss, not in the Stadtrat
    assert can_view(member_other, council_world["item"]) is flag
    assert can_view(member_other, council_world["paper"]) is flag
    assert not can_view(world["viewers"]["citizen"], council_world["item"])
    assert not can_view(world["viewers"]["former_member"], council_world["item"])  # ended before 20.03.


@pytest.mark.parametrize("viewer", VIEWERS)
def test_search_hits_follow_the_table(client, world, viewer):
    import io

    from django.core.management import call_command

    call_command("search_index", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    if viewer != "anonymous":
        client.force_login(world["viewers"][viewer])
    secret, public = world["records"]["paper_secret"], world["records"]["paper_public"]
    html = client.get("/suche/?q=Flurstück").content.decode()
    assert (secret.get_absolute_url() in html) is bool(EXPECTED[viewer]["paper_secret"]), viewer
    assert ("an Investor" in html) is bool(EXPECTED[viewer]["paper_secret"]), viewer
    html = client.get("/suche/?q=Radweg").content.decode()
    assert public.get_absolute_url() in html, viewer  # the control: search works for everybody


@pytest.mark.parametrize("viewer", ["member", "staff"])
def test_oparl_stays_public_only_even_for_entitled_viewers(client, world, viewer):
    client.force_login(world["viewers"][viewer])
    public, secret = world["records"]["paper_public"], world["records"]["paper_secret"]
    assert client.get(f"/oparl/v1.1/paper/{public.pk}").status_code == 200
    assert client.get(f"/oparl/v1.1/paper/{secret.pk}").status_code == 404
    assert client.get(f"/oparl/v1.1/file/{world['records']['file_secret'].pk}/download").status_code == 404


def _es_allows(clause: dict, doc: dict) -> bool:
    """Evaluate the term/terms/bool clauses our Elasticsearch access filter is made of on one document."""
    ((kind, spec),) = clause.items()
    if kind == "term":
        ((field, value),) = spec.items()
        return doc.get(field) == value
    if kind == "terms":
        ((field, values),) = spec.items()
        return doc.get(field) in values
    if kind == "bool":
        musts = spec.get("filter", []) + spec.get("must", [])
        shoulds = spec.get("should", [])
        return all(_es_allows(c, doc) for c in musts) and (not shoulds or any(_es_allows(c, doc) for c in shoulds))
    raise AssertionError(f"unexpected clause {kind}")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_elasticsearch_access_filter_follows_the_table(world, viewer):
    """The search engine's filter lets through exactly the documents of the table (members included)."""
    from search.backends import elastic
    from search.models import Kind

    user = world["viewers"][viewer]
    allowed = elastic.access_filter(user).to_dict()
    kinds = {"paper": Kind.PAPER, "item": Kind.AGENDA_ITEM, "file": Kind.FILE}
    for name, record in world["records"].items():
        doc = {
            "kind": str(kinds[name.split("_")[0]]),
            "object_id": record.pk,
            "public_visible": can_view(AnonymousUser(), record),
            "body_id": world["body"].pk,  # every kind is indexed with its body
        }
        assert _es_allows(allowed, doc) is bool(EXPECTED[viewer][name]), (viewer, name)
