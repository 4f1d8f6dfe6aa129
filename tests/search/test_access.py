"""Search never shows a word of what the user may not see: hits, counts, facets and snippets."""

import pytest

from motions.models import File
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(indexed):
    body = BodyFactory(name="Stadt Hinterwald")
    with indexed():
        committee = OrganizationFactory(body=body, name="Bauausschuss")
        public = PaperFactory(body=body, name="Öffentlicher Antrag Zauberwald", paper_type="antrag")
        secret = PaperFactory(body=body, name="Grundstücksverkauf Zauberwald", paper_type="anfrage", public=False)
        draft = PaperFactory(body=body, name="Entwurf Zauberwald", paper_type="mitteilung", live=False)
        ConsultationFactory(paper=secret, organization=committee)
        file = FileFactory(body=body, paper=secret, name="Kaufvertrag")
        file.pages.create(number=1, text="Kaufpreis Zauberwald 1,2 Mio Euro")
        File.objects.filter(pk=file.pk).update(page_count=1)
        meeting = MeetingFactory(organization=committee, name="Sitzung Bauausschuss")
        AgendaItemFactory(meeting=meeting, name="Verkauf Zauberwald nichtöffentlich", public=False)
    # The page was written after the file's save; index it as extraction would.
    from search.indexing import index_object

    index_object("file", file.pk)
    return {"body": body, "public": public, "secret": secret, "draft": draft, "committee": committee}


def titles(result):
    return {h.plain_title for h in result.hits}


def test_anonymous_sees_only_public_hits(world, find):
    result = find("Zauberwald")
    assert titles(result) == {"Öffentlicher Antrag Zauberwald"}
    assert result.count == 1


def test_anonymous_facet_counts_do_not_reveal_non_public(world, find):
    facets = find("Zauberwald").facets
    assert {(v.value, v.count) for v in facets["type"]} == {("antrag", 1)}
    assert {(v.value, v.count) for v in facets["kind"]} == {("paper", 1)}
    assert facets["organization"] == []


def test_anonymous_cannot_probe_non_public_words(world, find):
    for q in ("Grundstücksverkauf", "Kaufpreis", "nichtöffentlich", "Entwurf"):
        result = find(q)
        assert result.count == 0 and result.hits == [] and all(not v for v in result.facets.values()), q


def test_staff_of_the_body_sees_everything_of_it(world, find):
    staff = staff_user_for(world["body"])
    result = find("Zauberwald", user=staff)
    assert {"Grundstücksverkauf Zauberwald", "Entwurf Zauberwald", "Kaufvertrag"} <= titles(result)
    assert any(h.kind == "agenda_item" for h in result.hits)
    assert {v.value for v in result.facets["organization"]} == {str(world["committee"].pk)}


def test_staff_of_another_body_sees_only_public(world, find):
    other = staff_user_for(BodyFactory())
    assert titles(find("Zauberwald", user=other)) == {"Öffentlicher Antrag Zauberwald"}


def test_logged_in_citizen_sees_only_public(world, find):
    assert titles(find("Zauberwald", user=UserFactory())) == {"Öffentlicher Antrag Zauberwald"}


def test_superuser_sees_non_public(world, find):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert "Grundstücksverkauf Zauberwald" in titles(find("Zauberwald", user=admin))


def test_making_a_paper_non_public_hides_it_at_once(world, find):
    # No re-index runs here: the join to the access policy hides it in the same transaction.
    type(world["public"]).objects.filter(pk=world["public"].pk).update(public=False)
    assert find("Zauberwald").count == 0


def test_browsing_without_query_respects_access(world, find):
    result = find("", body=str(world["body"].pk))
    assert titles(result) == {"Öffentlicher Antrag Zauberwald", "Sitzung Bauausschuss", "Bauausschuss"}


def test_file_hit_of_non_public_paper_says_page_to_staff_only(world, find):
    staff = staff_user_for(world["body"])
    hit = next(h for h in find("Kaufpreis", user=staff).hits if h.kind == "file")
    assert hit.page == 1 and hit.plain_title == "Kaufvertrag" and "<mark>Kaufpreis</mark>" in hit.snippet
    assert find("Kaufpreis").hits == []
