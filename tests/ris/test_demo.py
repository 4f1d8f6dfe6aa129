"""The demo is faithful to the seed documents and can be loaded twice without change."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from motions.models import ExtractionState, File, Paper, PaperType
from sessions.models import Body, Meeting, Result, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    # The extraction tasks are queued on commit; run them as a real commit would.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))


def _counts():
    return {m.__name__: m.objects.count() for m in (Body, Paper, Meeting, Vote, File)}


def test_load_demo_is_idempotent(demo):
    before = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _counts() == before
    assert before["Body"] == 3


def test_demo_amendment_points_at_motion(demo):
    amendment = Paper.objects.get(paper_type=PaperType.AMENDMENT, body__slug="aschersleben")
    assert amendment.amends.reference == "A/0006/2019"
    assert amendment.date == datetime.date(2019, 11, 5)
    assert "Michelmann" in {p.name for p in amendment.originator_persons.all()}


def test_demo_luebeck_inquiry_beratungsfolge(demo):
    paper = Paper.objects.get(reference="VO/2014/01919")
    steps = list(paper.consultations.order_by("order").select_related("organization", "meeting"))
    assert [c.organization.name for c in steps] == ["Senat", "Hauptausschuss"]
    assert steps[1].result == Result.NOTED
    assert steps[1].meeting.start.date() == datetime.date(2014, 9, 16)
    assert steps[1].meeting.name == "18. Sitzung des Hauptausschusses"
    assert paper.clerk.name == "Manfred Uhlig" and paper.responsible_person.name == "Bernd Saxe"


def test_demo_aschersleben_votes(demo):
    paper = Paper.objects.get(reference="VII/0680/24")
    votes = {
        c.organization.name: c.agenda_item.votes.get()
        for c in paper.consultations.select_related("organization", "agenda_item")
    }
    fva = votes["Finanz- und Verwaltungsausschuss"]
    assert (fva.yes, fva.no, fva.abstain, fva.unanimous) == (9, 0, 0, False)
    assert votes["Stadtrat"].unanimous and votes["Stadtrat"].result == Result.ADOPTED


def test_demo_altenburg_answer_linked_to_inquiry(demo):
    answer = Paper.objects.get(paper_type=PaperType.ANSWER)
    assert answer.answers.date == datetime.date(2021, 2, 28)
    assert answer.date == datetime.date(2021, 3, 8)
    assert "SPD-Grüne-Fraktion" in {o.name for o in answer.answers.originator_organizations.all()}


def test_demo_files_have_extracted_text(demo):
    files = File.objects.filter(deleted=False)
    assert files.count() >= 5
    assert set(files.values_list("extraction_state", flat=True)) == {ExtractionState.DONE}
    answer_file = files.get(file_name__startswith="Antwort_Digitalisierung")
    assert "Onlinezugangsgesetz" in answer_file.text and answer_file.pages.count() == answer_file.page_count


def test_demo_has_non_public_records_hidden_from_anonymous(demo):
    assert Paper.objects.filter(public=False).exists()
    assert Paper.objects.filter(live=False).exists()
    visible = Paper.objects.visible_to(AnonymousUser())
    assert not visible.filter(public=False).exists()
    assert not visible.filter(live=False).exists()
