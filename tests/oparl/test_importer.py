"""import_oparl against a real local HTTP server: the Hürtgenwald crawl and each quirk of real servers."""

import glob
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from motions.models import Consultation, File, Paper
from oparl.importer.client import HttpSource
from oparl.importer.run import Importer, Options
from oparl.models import ImportProblem, RemoteFile, SyncState
from sessions.models import AgendaItem, Body, Location, Meeting, Membership, Organization, Person
from tests.oparl.conformance import shared_oparl_dir
from tests.oparl.fixture_server import Answer, FixtureServer

pytestmark = pytest.mark.django_db

SHARED = shared_oparl_dir()
HUERTGENWALD = SHARED / "fixtures" / "huertgenwald-sternberg-sdnet-oparl-1.0"
HUERTGENWALD_BASE = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/"
NS = "https://schema.oparl.org/1.1/"


@pytest.fixture
def server():
    instance = FixtureServer().start()
    yield instance
    instance.stop()


def run_import(url, **options):
    source = HttpSource(timeout=options.pop("timeout", 2), retries=3, backoff=0.01, parallel=2)
    return Importer(source, Options(progress=False, **options)).run(url)


def page(*objects, next_url=None):
    data = {"data": list(objects), "pagination": {}, "links": {}}
    if next_url:
        data["links"]["next"] = next_url
    return json.dumps(data)


def small_system(server: FixtureServer, *, meetings=None, papers_page2=None):
    """A small OParl 1.1 system: one body, one organization, a person, a meeting, two paper pages."""
    b = f"{server.base}/s"
    org = {"id": f"{b}/organization/1", "type": NS + "Organization", "name": "Rat der Gemeinde"}
    person = {
        "id": f"{b}/person/1",
        "type": NS + "Person",
        "name": "Erika Muster",
        "membership": [
            {"id": f"{b}/membership/1", "type": NS + "Membership", "organization": org["id"], "role": "Mitglied"},
            {"id": f"{b}/membership/2", "type": NS + "Membership", "organization": f"{b}/organization/99"},
        ],
    }
    meeting = {
        "id": f"{b}/meeting/1",
        "type": NS + "Meeting",
        "name": "1. Sitzung des Rates",
        "start": "2024-02-21T17:00:00+01:00",
        "organization": [org["id"]],
        "location": {
            "id": f"{b}/location/1",
            "type": NS + "Location",
            "description": "Rathaus",
            "geojson": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [50.72, 6.39]}},
        },
        "agendaItem": [
            {
                "id": f"{b}/agendaItem/1",
                "type": NS + "AgendaItem",
                "number": "Ö 1",
                "name": "Haushalt 2024 ",
                "result": "ungeändert beschlossen",
            },
        ],
    }
    paper = {
        "id": f"{b}/paper/1",
        "type": NS + "Paper",
        "name": "Haushaltssatzung 2024",
        "reference": "12/2024",
        "paperType": "Beschlussvorlage",
        "date": "2024-02-01",
        "consultation": [
            {
                "id": f"{b}/consultation/1",
                "type": NS + "Consultation",
                "organization": [org["id"]],
                "meeting": meeting["id"],
                "agendaItem": f"{b}/agendaItem/1",
                "role": "Entscheidung",
                "authoritative": True,
            },
        ],
        "mainFile": {
            "id": f"{b}/file/1",
            "type": NS + "File",
            "name": "Vorlage",
            "accessUrl": f"{b}/files/1.pdf",
            "mimeType": "pdf",
        },
    }
    server.add(
        "/s/system",
        json.dumps(
            {
                "id": f"{b}/system",
                "type": NS + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/",
                "body": f"{b}/bodies",
            }
        ),
    )
    body = {
        "id": f"{b}/body/1",
        "type": NS + "Body",
        "name": "Gemeinde Testheim",
        "ags": "5358016",
        "organization": f"{b}/organization",
        "person": f"{b}/person",
        "meeting": f"{b}/meeting",
        "paper": f"{b}/paper",
        "legislativeTerm": [],
    }
    server.add("/s/bodies", page(body))
    server.add("/s/organization", page(org))
    server.add("/s/person", page(person))
    server.add("/s/meeting", page(*(meetings if meetings is not None else [meeting])))
    server.add("/s/paper", page(paper, next_url=f"{b}/paper?page=2"))
    server.add("/s/paper?page=2", page(*(papers_page2 or [])))
    server.add("/s/files/1.pdf", Answer(404, b"weg"))
    return f"{b}/system"


def test_small_system_imports_with_links_and_repairs(server):
    url = small_system(server)
    summary = run_import(url, download_files=False)
    body = Body.objects.get(oparl_id=f"{server.base}/s/body/1")
    assert body.ags == "05358016"
    paper = Paper.objects.get(reference="12/2024")
    consultation = paper.consultations.get()
    assert consultation.organization.name == "Rat der Gemeinde"
    assert consultation.meeting.name == "1. Sitzung des Rates" and consultation.agenda_item.number == "Ö 1"
    assert consultation.agenda_item.result == "angenommen"
    assert paper.files.get().media_type == "application/pdf"
    location = Location.objects.get(oparl_id=f"{server.base}/s/location/1")
    assert location.geojson["geometry"]["coordinates"] == [6.39, 50.72]
    assert summary.counts["Paper neu"] == 1


def test_imported_records_are_searchable_after_the_run(server, client, django_capture_on_commit_callbacks):
    from search.models import Kind, SearchDocument

    url = small_system(server)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(url, download_files=False)
    paper = Paper.objects.get(reference="12/2024")
    docs = SearchDocument.objects.filter(kind=Kind.PAPER, object_id=paper.pk)
    assert docs.count() == 1 and docs.get().public is True
    assert SearchDocument.objects.filter(kind=Kind.PERSON, title__contains="Erika Muster").exists()
    found = client.get("/api/search", {"q": "Haushaltssatzung"}).json()
    assert [r["reference"] for r in found["results"] if r["kind"] == "paper"] == ["12/2024"]


def test_linked_object_that_cannot_be_fetched_becomes_a_placeholder_a_later_run_fills(server):
    url = small_system(server)
    run_import(url, download_files=False)
    missing = f"{server.base}/s/organization/99"
    placeholder = Organization.objects.get(oparl_id=missing)
    assert placeholder.name == "(nicht abrufbar)"
    assert Membership.objects.get(organization=placeholder).person.name == "Erika Muster"
    assert ImportProblem.objects.get(url=missing, placeholder=True).reason.startswith("verlinkt, aber nicht abrufbar")
    assert server.count("/s/organization/99") == 1  # a 404 is final, not retried
    server.add("/s/organization/99", json.dumps({"id": missing, "type": NS + "Organization", "name": "Bauausschuss"}))
    run_import(url, download_files=False)
    placeholder.refresh_from_db()
    assert placeholder.name == "Bauausschuss"
    assert ImportProblem.objects.get(url=missing, placeholder=True).resolved


def test_second_run_asks_modified_since_and_changes_nothing(server):
    url = small_system(server)
    run_import(url, download_files=False)
    stamps = sorted(Paper.objects.values_list("modified", flat=True)) + sorted(
        Meeting.objects.values_list("modified", flat=True)
    )
    assert SyncState.objects.get().body_url == f"{server.base}/s/body/1"
    # The server now rejects the URL-encoded filter (SessionNet) and answers empty results with 404 (SD.NET).
    server.requests.clear()
    run_import(url, download_files=False)
    filtered = [r for r in server.requests if "modified_since" in r]
    assert any("%3A" in r for r in filtered) and any("%3A" not in r for r in filtered)
    assert (
        sorted(Paper.objects.values_list("modified", flat=True))
        + sorted(Meeting.objects.values_list("modified", flat=True))
        == stamps
    )


def test_raw_filter_is_used_when_the_encoded_one_is_rejected(server):
    url = small_system(server)
    run_import(url, download_files=False)
    since = SyncState.objects.get().synced_at
    changed = {"id": f"{server.base}/s/paper/2", "type": NS + "Paper", "name": "Neue Anfrage", "reference": "13/2024"}
    from oparl.formats import date_time
    from oparl.importer.client import with_filter

    raw = with_filter(
        "/s/paper", "modified_since", date_time(since - __import__("datetime").timedelta(minutes=1)), encoded=False
    )
    server.add(raw, page(changed))
    run_import(url, download_files=False)
    assert Paper.objects.filter(reference="13/2024").exists()


def test_http_500_and_timeouts_are_retried(server):
    url = small_system(server)
    b = "/s/meeting"
    good = server.routes[b][0]
    server.add(b, Answer(500, b"kaputt"), Answer(200, b"", delay=3), good)
    run_import(url, download_files=False, timeout=1)
    assert Meeting.objects.count() == 1
    assert server.count(b) == 3


def test_control_characters_in_json_are_tolerated(server):
    url = small_system(server)
    paper = {
        "id": f"{server.base}/s/paper/7",
        "type": NS + "Paper",
        "name": "Zeile\u0001eins\tzwei",
        "reference": "7/2024",
    }
    server.add("/s/paper?page=2", page(paper).replace("\\u0001", "\u0001").replace("\\t", "\t"))
    run_import(url, download_files=False)
    assert Paper.objects.get(reference="7/2024").name.startswith("Zeile")


def test_single_object_where_a_list_is_expected(server):
    url = small_system(server)
    body = json.loads(server.routes["/s/bodies"][0].body)["data"][0]
    server.add("/s/bodies", json.dumps(body))
    run_import(url, download_files=False)
    assert Body.objects.filter(name="Gemeinde Testheim").exists()


def test_malformed_objects_are_recorded_and_skipped_without_losing_the_rest(server):
    b = f"{server.base}/s"
    good = {
        "id": f"{b}/meeting/2",
        "type": NS + "Meeting",
        "name": "gut",
        "start": "2024-03-01T18:00:00+01:00",
        "organization": [f"{b}/organization/1"],
    }
    no_start = {"id": f"{b}/meeting/3", "type": NS + "Meeting", "name": "ohne Beginn"}
    url = small_system(server, meetings=[no_start, good, {"type": NS + "Meeting", "name": "ohne id"}])
    summary = run_import(url, download_files=False)
    assert list(Meeting.objects.values_list("name", flat=True)) == ["gut"]
    reasons = {reason for _, _, reason in summary.problems}
    assert "ohne Beginn (start) – übersprungen" in reasons and "Objekt ohne id" in reasons
    assert ImportProblem.objects.filter(url=f"{b}/meeting/3").exists()
    assert Paper.objects.count() == 1


def test_failed_file_download_is_recorded_and_backed_off(server):
    url = small_system(server)
    summary = run_import(url)
    assert summary.files_failed == 1
    remote = RemoteFile.objects.get()
    assert remote.attempts == 1 and "404" in remote.last_error and remote.next_attempt_at
    run_import(url)
    assert server.count("/s/files/1.pdf") == 1  # not again before its next attempt is due
    assert File.objects.get().file.name == ""


def test_real_bodies_and_systems_of_29_towns_load(server):
    folder = SHARED / "fixtures" / "meine-stadt-transparent-testdata"
    for number, path in enumerate(sorted(glob.glob(str(folder / "bodies" / "*.json")))):
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        body = {k: v for k, v in body.items() if k not in ("organization", "person", "meeting", "paper")}
        server.add(
            f"/t{number}/system",
            json.dumps({"id": f"{server.base}/t{number}/system", "body": f"{server.base}/t{number}/bodies"}),
        )
        server.add(f"/t{number}/bodies", json.dumps(body))
        run_import(f"{server.base}/t{number}/system", download_files=False)
    assert Body.objects.count() == 29
    assert all(len(ags) == 8 for ags in Body.objects.exclude(ags="").values_list("ags", flat=True))


def _huertgenwald_counts():
    """Objects per type in the dump that are not deleted."""
    ids = {name: set() for name in ("Person", "Meeting", "Paper", "AgendaItem", "Consultation", "Membership", "File")}

    def collect_files(obj):
        for key in ("mainFile", "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile", "auxiliaryFile"):
            value = obj.get(key)
            for f in value if isinstance(value, list) else [value] if value else []:
                ids["File"].add(f["id"])

    for kind in ("person", "meeting", "paper"):
        for path in glob.glob(str(HUERTGENWALD / "body" / "1" / f"{kind}*.json")):
            for obj in json.loads(Path(path).read_text(encoding="utf-8"))["data"]:
                if obj.get("deleted"):
                    continue  # SD.NET lists deleted objects even without modified_since
                ids[kind.capitalize()].add(obj["id"])
                ids["Membership"].update(m["id"] for m in obj.get("membership", []))
                ids["AgendaItem"].update(i["id"] for i in obj.get("agendaItem", []))
                ids["Consultation"].update(c["id"] for c in obj.get("consultation", []))
                collect_files(obj)
                for item in obj.get("agendaItem", []):
                    collect_files(item)
    counts = {name: len(found) for name, found in ids.items()}
    counts["Organization"] = len(json.loads((HUERTGENWALD / "body" / "1" / "organization.json").read_text())["data"])
    return counts


def _db_counts():
    return {
        "Person": Person.objects.count(),
        "Meeting": Meeting.objects.count(),
        "Paper": Paper.objects.count(),
        "AgendaItem": AgendaItem.objects.count(),
        "Consultation": Consultation.objects.count(),
        "Membership": Membership.objects.count(),
        "File": File.objects.count(),
        "Organization": Organization.objects.count(),
    }


def test_huertgenwald_crawl_imports_completely_and_a_second_run_changes_nothing(server):
    server.add_folder("/h/", HUERTGENWALD, HUERTGENWALD_BASE)
    out = io.StringIO()
    call_command("import_oparl", f"{server.base}/h/system", "--no-files", "--no-progress", stdout=out)
    assert _db_counts() == _huertgenwald_counts()
    assert Consultation.objects.exclude(organization__oparl_id__startswith=f"{server.base}/h/").count() == 0
    assert Consultation.objects.filter(meeting__isnull=False).count() == 2227
    stamps = {m.__name__: sorted(m.objects.values_list("modified", flat=True)) for m in (Paper, Meeting, File)}
    server.requests.clear()
    out = io.StringIO()
    call_command("import_oparl", f"{server.base}/h/system", "--no-files", "--no-progress", stdout=out)
    assert {m.__name__: sorted(m.objects.values_list("modified", flat=True)) for m in (Paper, Meeting, File)} == stamps
    assert len(server.requests) < 15  # system, bodies, and one filtered request (plus its raw retry) per list


def test_deleted_and_vanished_embedded_objects_are_soft_deleted(server):
    url = small_system(server)
    run_import(url, download_files=False)
    b = f"{server.base}/s"
    meeting = json.loads(server.routes["/s/meeting"][0].body)["data"][0]
    meeting["agendaItem"] = [{"id": f"{b}/agendaItem/2", "type": NS + "AgendaItem", "number": "Ö 2", "name": "Neu"}]
    paper = json.loads(server.routes["/s/paper"][0].body)["data"][0]
    paper["consultation"][0] = {"id": paper["consultation"][0]["id"], "type": NS + "Consultation", "deleted": True}
    server.add("/s/meeting", page(meeting))
    server.add("/s/paper", page(paper))
    SyncState.objects.all().delete()  # a full run: the lists above are the source's whole state
    run_import(url, download_files=False)
    assert AgendaItem.objects.get(oparl_id=f"{b}/agendaItem/1").deleted
    assert not AgendaItem.objects.get(oparl_id=f"{b}/agendaItem/2").deleted
    assert Consultation.objects.get(oparl_id=paper["consultation"][0]["id"]).deleted


def test_interrupted_run_keeps_what_it_saved_and_the_next_run_completes(server):
    url = small_system(
        server,
        papers_page2=[
            {"id": f"{server.base}/s/paper/2", "type": NS + "Paper", "name": "Zweite Seite", "reference": "14/2024"}
        ],
    )
    second_page = server.routes["/s/paper?page=2"]
    server.add("/s/paper?page=2", Answer(503, b"Wartung"))
    summary = run_import(url, download_files=False)
    assert Paper.objects.filter(reference="12/2024").exists() and Meeting.objects.count() == 1
    assert not SyncState.objects.exists()  # the paper list did not come through: no sync point
    assert any(object_type == "Liste" for _, object_type, _ in summary.problems)
    server.routes["/s/paper?page=2"] = second_page
    run_import(url, download_files=False)
    assert Paper.objects.filter(reference="14/2024").exists() and Paper.objects.count() == 2
    assert SyncState.objects.exists()


def test_a_no_change_run_against_a_server_ignoring_filters_writes_nothing_not_even_to_inquiries(server):
    """An inquiry whose source gives no answer deadline gets the body's default one; a re-run over
    the same lists, sent in full, must neither clear nor refill it (it did, saving and re-indexing
    every inquiry on every run)."""
    from outbox.models import Message

    b = f"{server.base}/s"
    inquiry = {
        "id": f"{b}/paper/2",
        "type": NS + "Paper",
        "name": "Anfrage zur Straßenbeleuchtung",
        "reference": "13/2024",
        "paperType": "Anfrage",
        "date": "2024-03-01",
    }
    url = small_system(server, papers_page2=[inquiry])
    server.ignore_filters = True
    run_import(url, download_files=False)
    paper = Paper.objects.get(oparl_id=inquiry["id"])
    assert paper.answer_deadline is not None
    stamps = {m.__name__: sorted(m.objects.values_list("modified", flat=True)) for m in (Paper, Meeting, File)}
    messages = Message.objects.count()
    summary = run_import(url, download_files=False)
    assert {m.__name__: sorted(m.objects.values_list("modified", flat=True)) for m in (Paper, Meeting, File)} == stamps
    assert Paper.objects.get(pk=paper.pk).answer_deadline == paper.answer_deadline
    assert summary.counts.get("Paper unverändert") == 2
    assert Message.objects.count() == messages  # nothing handed to the search index
