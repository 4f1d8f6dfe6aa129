"""The index follows every save, publish and delete; rebuild recreates it; PDF pages become hits."""

import pytest
from django.core.management import call_command

from motions.models import Paper
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from search.models import SearchDocument, SearchTag
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_new_paper_is_indexed_after_commit(indexed, find):
    with indexed():
        PaperFactory(name="Radweg an der Ringstraße")
    assert find("Radweg").count == 1


def test_nothing_is_indexed_before_commit(find, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        PaperFactory(name="Radweg an der Ringstraße")
    assert not SearchDocument.objects.exists()


def test_rename_replaces_old_words(indexed, find):
    with indexed():
        paper = PaperFactory(name="Skatepark am Ufer")
    with indexed():
        paper.name = "Bolzplatz am Ufer"
        paper.save()
    assert find("Skatepark").count == 0
    assert find("Bolzplatz").count == 1


def test_soft_delete_removes_documents(indexed):
    with indexed():
        paper = PaperFactory(name="Skatepark am Ufer")
    with indexed():
        paper.deleted = True
        paper.save()
    assert not SearchDocument.objects.filter(kind="paper", object_id=paper.pk).exists()


def test_hard_delete_removes_documents_and_fulltext_rows(indexed, find):
    with indexed():
        paper = PaperFactory(name="Skatepark am Ufer")
    with indexed():
        Paper.objects.filter(pk=paper.pk).delete()
    assert not SearchDocument.objects.exists()
    assert find("Skatepark").count == 0


def test_publish_through_wagtail_revision_indexes(indexed, find):
    with indexed():
        paper = PaperFactory(name="Entwurf Klimaschutzkonzept", live=False)
    assert find("Klimaschutzkonzept").count == 0  # a draft is invisible to anonymous users
    with indexed():
        paper.name = "Klimaschutzkonzept 2030"
        paper.save_revision().publish()
    assert [h.plain_title for h in find("Klimaschutzkonzept").hits] == ["Klimaschutzkonzept 2030"]


def test_consultation_and_originator_changes_update_facets(indexed):
    with indexed():
        paper = PaperFactory(name="Spielplatz Lindenallee")
        consultation = ConsultationFactory(paper=paper)
        person = PersonFactory(body=paper.body)
        paper.originator_persons.add(person)
    tags = set(SearchTag.objects.filter(document__object_id=paper.pk).values_list("facet", "value"))
    assert ("organization", str(consultation.organization_id)) in tags
    assert ("originator", f"person:{person.pk}") in tags


def test_pdf_pages_become_file_hits_after_extraction(indexed, find):
    body = BodyFactory()
    text = "Erste Seite über Verkehr.\n" + "Zeile\n" * 60 + "Der Lärmschutzwall entlang der Umgehungsstraße."
    with indexed():
        paper = PaperFactory(body=body, name="Lärmschutz")
        pdf = render_text_pdf(title="Gutachten", text=text)
        file_create(body=body, name="Gutachten Lärmschutz", content=pdf, file_name="gutachten.pdf", paper=paper)
    hits = [h for h in find("Lärmschutzwall").hits if h.kind == "file"]
    assert len(hits) == 1
    assert hits[0].plain_title == "Gutachten Lärmschutz" and hits[0].page >= 2
    assert hits[0].reference == paper.reference


def test_meeting_text_lists_only_public_agenda_items(indexed):
    with indexed():
        meeting = MeetingFactory(name="Sitzung des Rates")
        AgendaItemFactory(meeting=meeting, name="Spielplatz", public=True)
        AgendaItemFactory(meeting=meeting, name="Personalie Geheim", public=False)
    doc = SearchDocument.objects.get(kind="meeting", object_id=meeting.pk)
    assert "Spielplatz" in doc.text and "Geheim" not in doc.text


def test_rebuild_recreates_the_index(indexed, find):
    with indexed():
        PaperFactory(name="Sanierung der Grundschule am Park")
    SearchDocument.objects.all().delete()
    call_command("search_index", "rebuild", "--no-progress")
    assert find("Schulsanierung").count == 1


def test_reindex_command_is_the_same_rebuild(indexed, find):
    PaperFactory(name="Stadtwerke Fernwärme")  # saved without commit hooks: not indexed yet
    call_command("reindex", "--no-progress")
    assert find("Fernwärme").count == 1


def test_deferred_signals_collect_and_index_nothing_themselves(indexed):
    from search.signals import deferred

    with indexed(), deferred() as pending:
        paper = PaperFactory(name="Radweg an der Ringstraße")
        ConsultationFactory(paper=paper)
    assert ("paper", paper.pk) in pending
    assert not SearchDocument.objects.filter(kind="paper").exists()


def test_enqueue_many_indexes_records_and_their_dependants_after_commit(indexed, find):
    from motions.extraction import file_extract
    from search.signals import enqueue_many

    body = BodyFactory()
    paper = PaperFactory(body=body, name="Lärmschutz")
    file = file_create(
        body=body,
        name="Gutachten Lärmschutz",
        content=render_text_pdf(title="Gutachten", text="Der Lärmschutzwall an der Umgehungsstraße."),
        file_name="gutachten.pdf",
        paper=paper,
    )
    file_extract(file=file)
    assert not SearchDocument.objects.exists()  # saved and extracted without commit hooks
    with indexed():
        enqueue_many([("paper", paper.pk), ("paper", paper.pk)])
    assert SearchDocument.objects.filter(kind="paper", object_id=paper.pk).count() == 1
    assert [h.kind for h in find("Lärmschutzwall").hits] == ["file"]
