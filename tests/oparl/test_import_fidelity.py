"""Issue 18: an import keeps the source's words and dates, invents nothing, and serves them again."""

import json

import pytest

from motions.models import Consultation, Paper, PaperState, PaperType
from oparl.importer import results
from sessions.models import AgendaItem, Meeting, Organization, OrganizationType, Result, Vote
from tests.oparl.fixture_server import FixtureServer
from tests.oparl.test_importer import NS, page, run_import, small_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    instance = FixtureServer().start()
    yield instance
    instance.stop()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("einstimmig", (Result.ADOPTED, True, None, None, None)),
        ("Einstimmig, 0 Enthaltungen ", (Result.ADOPTED, True, None, 0, 0)),
        ("5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung", (Result.REJECTED, False, 5, 6, 1)),
        ("13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", (Result.ADOPTED, False, 13, 0, 0)),
        ("Einstimmig15-Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen", (Result.ADOPTED, True, 15, 0, 0)),
        ("einstimmig, ohne Enthaltung", (Result.ADOPTED, True, None, 0, 0)),
        ("Die anwesenden Ausschussmitglieder nehmen den Sachverhalt einstimmig zur Kenntnis.", (Result.NOTED, True)),
        ("ohne", ("", False, None, None, None)),
        ("(kein Text vorhanden)", ("", False, None, None, None)),
    ],
)
def test_free_text_results_are_read_into_structure(text, expected):
    parsed = results.parse(text)
    assert (parsed.result, parsed.unanimous, parsed.yes, parsed.no, parsed.abstain)[: len(expected)] == expected


def _with_source_words(server):
    """The small system with a result that has counts, one that says "ohne", a paper type we
    classify differently, a meeting without meetingState and a consultation without role."""
    url = small_system(server)
    b = f"{server.base}/s"
    meeting = json.loads(server.routes["/s/meeting"][0].body)["data"][0]
    meeting["agendaItem"][0]["result"] = "5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung"
    meeting["agendaItem"].append({"id": f"{b}/agendaItem/2", "type": NS + "AgendaItem", "name": "B", "result": "ohne"})
    meeting["agendaItem"].append(
        {"id": f"{b}/agendaItem/3", "type": NS + "AgendaItem", "name": "C", "result": "einstimmig, 0 Enthaltungen"}
    )
    server.add("/s/meeting", page(meeting))
    paper = json.loads(server.routes["/s/paper"][0].body)["data"][0]
    paper["paperType"] = "Mitteilungsvorlage"
    del paper["consultation"][0]["role"], paper["consultation"][0]["authoritative"]
    paper["ris:state"] = "beschlossen"
    server.add("/s/paper", page(paper, next_url=f"{b}/paper?page=2"))
    org = json.loads(server.routes["/s/organization"][0].body)["data"][0]
    org["organizationType"] = "Ausschuss"
    server.add("/s/organization", page(org))
    return url


def test_source_words_are_kept_and_served_verbatim_beside_our_structure(server, client):
    run_import(_with_source_words(server), download_files=False)
    item = AgendaItem.objects.get(number="Ö 1")
    assert item.result_text == "5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung" and item.result == Result.REJECTED
    vote = Vote.objects.get(agenda_item=item)
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (5, 6, 1, Result.REJECTED)
    assert vote.source_text == item.result_text
    unanimous = Vote.objects.get(agenda_item__name="C")
    assert unanimous.unanimous and unanimous.abstain == 0 and unanimous.result == Result.ADOPTED
    without = AgendaItem.objects.get(name="B")
    assert (without.result, without.result_text) == ("", "ohne") and not without.votes.exists()

    paper = Paper.objects.get(reference="12/2024")
    assert (paper.paper_type, paper.paper_type_text) == (PaperType.NOTICE, "Mitteilungsvorlage")
    assert paper.state == PaperState.ADOPTED  # our own ris:state read back
    organization = Organization.objects.get(name="Rat der Gemeinde")
    assert organization.organization_type == OrganizationType.COMMITTEE
    assert organization.organization_type_text == "Ausschuss"

    served = client.get(f"/oparl/v1.1/agendaItem/{item.pk}").json()
    assert served["result"] == "5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung"
    assert served["ris:vote"][0]["yes"] == 5 and served["ris:vote"][0]["source"] == served["result"]
    assert client.get(f"/oparl/v1.1/paper/{paper.pk}").json()["paperType"] == "Mitteilungsvorlage"
    assert client.get(f"/oparl/v1.1/organization/{organization.pk}").json()["organizationType"] == "Ausschuss"
    page_html = client.get(paper.get_absolute_url()).content.decode()
    assert "Mitteilungsvorlage" in page_html


def test_what_the_source_does_not_say_stays_unknown_and_is_not_served(server, client):
    run_import(_with_source_words(server), download_files=False)
    consultation = Consultation.objects.get()
    assert consultation.role == "" and consultation.authoritative is None
    meeting = Meeting.objects.get()
    assert meeting.state == ""  # no meetingState in the source: not "terminiert"
    served = client.get(f"/oparl/v1.1/consultation/{consultation.pk}").json()
    assert "role" not in served and "authoritative" not in served
    assert "meetingState" not in client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()


def test_a_second_run_over_the_same_words_writes_nothing(server):
    url = _with_source_words(server)
    run_import(url, download_files=False)
    from oparl.models import SyncState

    SyncState.objects.all().delete()  # a full run again over the unchanged lists
    summary = run_import(url, download_files=False)
    assert not [key for key in summary.counts if key.endswith((" neu", " geändert", " gelöscht"))]


def test_person_locations_are_kept_and_every_dropped_field_is_recorded_once(server, client):
    from oparl.models import ImportProblem
    from sessions.models import Person

    url = small_system(server)
    b = f"{server.base}/s"
    person = json.loads(server.routes["/s/person"][0].body)["data"][0]
    person["location"] = {"id": f"{b}/location/7", "streetAddress": "Hauptstr. 1", "locality": "Testheim"}
    person["keyword"] = ["Rat"]
    server.add("/s/person", page(person))
    paper = json.loads(server.routes["/s/paper"][0].body)["data"][0]
    paper["keyword"] = ["Haushalt"]
    paper["VENDOR:sortierung"] = 3
    server.add("/s/paper", page(paper, next_url=f"{b}/paper?page=2"))
    run_import(url, download_files=False)
    imported = Person.objects.get(name="Erika Muster")
    assert imported.location.street_address == "Hauptstr. 1"
    served = client.get(f"/oparl/v1.1/person/{imported.pk}").json()
    assert served["location"].endswith(f"/location/{imported.location_id}")
    assert served["locationObject"]["streetAddress"] == "Hauptstr. 1"
    reasons = set(ImportProblem.objects.values_list("reason", flat=True))
    assert {
        "Feld Person.keyword nicht übernommen (in 1 Objekten)",
        "Feld Paper.keyword nicht übernommen (in 1 Objekten)",
        "Feld Paper.VENDOR:sortierung nicht übernommen (in 1 Objekten)",
    } <= reasons
    count = ImportProblem.objects.count()
    from oparl.models import SyncState

    SyncState.objects.all().delete()
    run_import(url, download_files=False)
    assert ImportProblem.objects.count() == count


def test_no_change_run_against_a_server_that_ignores_modified_since_writes_nothing(
    server, django_assert_max_num_queries
):
    from oparl.models import SourceDigest

    url = _with_source_words(server)
    run_import(url, download_files=False)
    assert SourceDigest.objects.count() >= 4  # organization, person, meeting, paper
    server.ignore_filters = True
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        summary = run_import(url, download_files=False)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [q for q in writes if "oparl_syncstate" in q]  # only the new sync point
    assert summary.counts["Paper unverändert"] == 1 and summary.counts["Meeting unverändert"] == 1


def test_vendor_quirks_are_handled_recorded_once_and_a_rerun_writes_nothing(server):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from oparl.models import ImportProblem

    url = small_system(server)
    b = f"{server.base}/s"
    other = "https://elsewhere.example/s"
    system = json.loads(server.routes["/s/system"][0].body)
    server.add("/s/system", json.dumps({**system, "id": f"{other}/system"}))
    person = json.loads(server.routes["/s/person"][0].body)["data"][0]
    person["membership"][1]["organization"] = f"{other}/organization/5"  # id under the other base
    server.add("/s/person", page(person))
    server.add("/s/organization/5", json.dumps({"id": f"{other}/organization/5", "name": "Bauausschuss"}))
    meeting = json.loads(server.routes["/s/meeting"][0].body)["data"][0]
    meeting["agendaItem"][0]["order"] = 100001  # numbered across the whole system
    meeting["participant"] = [f"{b}/person/404"]
    server.add("/s/meeting", page(meeting))
    paper = json.loads(server.routes["/s/paper"][0].body)["data"][0]
    paper["consultation"].append(paper["consultation"][0])  # the same consultation twice
    paper["relatedPaper"] = [f"{b}/paper/999"]  # in no list
    server.add("/s/paper", page(paper, next_url=f"{b}/paper?page=2"))
    run_import(url, download_files=False)

    assert Consultation.objects.count() == 1
    assert Organization.objects.get(oparl_id=f"{other}/organization/5").name == "Bauausschuss"
    reasons = list(ImportProblem.objects.values_list("reason", flat=True))
    for expected in (
        "dasselbe Objekt zweimal in einem Paper (1×), behandelt",
        "order nicht je Sitzung von 0 an gezählt (1×), behandelt",
        "Verweis auf eine Drucksache, die keine Liste enthält (1×), behandelt",
        f"ids unter {other}/, der Server antwortet unter {b}/ (1×), behandelt",
    ):
        assert reasons.count(expected) == 1, expected
    item = AgendaItem.objects.get(number="Ö 1")
    from django.test import Client

    assert Client().get(f"/oparl/v1.1/meeting/{item.meeting_id}").json()["agendaItem"][0]["order"] == 0

    server.ignore_filters = True
    with CaptureQueriesContext(connection) as queries:
        run_import(url, download_files=False)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [q for q in writes if "oparl_syncstate" in q]
    assert ImportProblem.objects.count() == len(reasons)
