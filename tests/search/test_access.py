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


def test_making_a_paper_non_public_hides_it_at_once(world, find, django_capture_on_commit_callbacks):
    # No re-index runs here (commit callbacks are dropped): the save refreshes the access flag.
    with django_capture_on_commit_callbacks(execute=False):
        world["public"].public = False
        world["public"].save()
    result = find("Zauberwald")
    assert result.count == 0 and result.hits == [] and all(not v for v in result.facets.values())


def test_browsing_without_query_respects_access(world, find):
    result = find("", body=str(world["body"].pk))
    assert titles(result) == {"Öffentlicher Antrag Zauberwald", "Sitzung Bauausschuss", "Bauausschuss"}


def test_file_hit_of_non_public_paper_says_page_to_staff_only(world, find):
    staff = staff_user_for(world["body"])
    hit = next(h for h in find("Kaufpreis", user=staff).hits if h.kind == "file")
    assert hit.page == 1 and hit.plain_title == "Kaufvertrag" and "<mark>Kaufpreis</mark>" in hit.snippet
    assert find("Kaufpreis").hits == []


# --- the stored access flag (SearchDocument.public) follows ris.access ------------------------


def assert_flags_follow_policy():
    """Every document's flag is what ris.access says an anonymous user may see."""
    from django.contrib.auth.models import AnonymousUser

    from ris.access import can_view
    from search.models import SearchDocument
    from search.services import MODELS

    for doc in SearchDocument.objects.all():
        record = MODELS[doc.kind].objects.filter(pk=doc.object_id).first()
        if doc.kind in ("person", "organization"):  # no access rule beyond "not deleted"
            expected = record is not None and not record.deleted
        else:
            expected = can_view(AnonymousUser(), record)
        assert doc.public == expected, (doc.kind, doc.title)


@pytest.fixture
def no_reindex(django_capture_on_commit_callbacks):
    """Writes inside run without the indexing task: only the synchronous flag refresh acts."""
    return lambda: django_capture_on_commit_callbacks(execute=False)


def test_flags_after_indexing_follow_the_policy(world):
    assert_flags_follow_policy()


def test_unpublishing_a_paper_hides_it_and_its_files_at_once(world, find, no_reindex):
    secret_file = world["secret"].files.get()
    with no_reindex():
        world["public"].unpublish()
        world["secret"].public = True
        world["secret"].save()
    assert_flags_follow_policy()
    assert titles(find("Zauberwald")) == {"Grundstücksverkauf Zauberwald", secret_file.name}


def test_publishing_a_paper_shows_it(world, find, no_reindex):
    with no_reindex():
        world["draft"].save_revision().publish()
    assert_flags_follow_policy()
    assert "Entwurf Zauberwald" in titles(find("Zauberwald"))


def test_soft_delete_service_hides_at_once(world, find, no_reindex):
    from motions.services import record_soft_delete

    with no_reindex():
        record_soft_delete(obj=world["public"])
    assert_flags_follow_policy()
    assert find("Zauberwald").count == 0


def test_hard_delete_of_a_paper_hides_its_files(world, find, no_reindex):
    staff = staff_user_for(world["body"])
    world["secret"].public = True
    world["secret"].save()
    assert find("Kaufpreis").count == 1
    with no_reindex():
        world["secret"].delete()  # the file stays, without owner: staff only
    assert_flags_follow_policy()
    assert find("Kaufpreis").count == 0
    assert find("Kaufpreis", user=staff).count == 1


def test_moving_an_agenda_item_into_the_public_part_and_back(world, find, no_reindex):
    from proceedings.services import agenda_item_set_public
    from sessions.models import AgendaItem

    item = AgendaItem.objects.get(name="Verkauf Zauberwald nichtöffentlich")
    with no_reindex():
        agenda_item_set_public(item=item, public=True)
    assert_flags_follow_policy()
    assert find("nichtöffentlich").count == 1
    with no_reindex():
        agenda_item_set_public(item=item, public=False)
    assert_flags_follow_policy()
    assert find("nichtöffentlich").count == 0


def test_unpublishing_a_meeting_hides_its_agenda_items(world, find, no_reindex):
    from proceedings.services import agenda_item_set_public
    from sessions.models import AgendaItem, Meeting

    item = AgendaItem.objects.get(name="Verkauf Zauberwald nichtöffentlich")
    agenda_item_set_public(item=item, public=True)
    assert find("nichtöffentlich").count == 1
    with no_reindex():
        Meeting.objects.get(pk=item.meeting_id).unpublish()
    assert_flags_follow_policy()
    assert find("nichtöffentlich").count == 0 and find("Bauausschuss").count == 1  # the committee itself


def test_citizen_account_uses_the_flag_and_sees_the_same(world, find):
    from ris.access import sees_only_public

    citizen, staff = UserFactory(), staff_user_for(world["body"])
    assert sees_only_public(citizen) and not sees_only_public(staff)
    assert titles(find("Zauberwald", user=citizen)) == titles(find("Zauberwald"))


def test_flag_refresh_is_skipped_only_where_no_flag_can_change():
    from search.signals import _access_may_change

    assert not _access_may_change(True, None)  # new record: its documents are written with their flag
    assert not _access_may_change(False, frozenset({"modified", "parent"}))
    assert _access_may_change(False, frozenset({"live", "has_unpublished_changes"}))
    assert _access_may_change(False, frozenset({"paper_id"}))
    assert _access_may_change(False, None)
