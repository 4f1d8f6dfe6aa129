"""An external OParl client's view of our server: crawl everything as a consumer would (issue 18).

Independent of the conformance checker and of our code: it knows only HTTP and the spec. It walks
System → bodies → every external list (following ``links.next``), fetches every object and every
URL it finds, checks that back-references agree with what the parents embed, and then syncs as
a client does: a deleted paper's consultations and files must come back as ``deleted: true``
under ``modified_since`` (never a 404), and what changed must be exactly what is listed.
Run on the demo and on a record imported from another OParl server.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motions.models import Paper
from motions.services import record_soft_delete
from tests.oparl.fixture_server import FixtureServer
from tests.oparl.test_importer import run_import, small_system

pytestmark = pytest.mark.django_db
SITE = "https://ris.example.org"
LISTS = (
    *("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"),
    *("locationList", "legislativeTermList", "membership"),
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


class Consumer:
    """What a client keeps: every object by id, as fetched alone, and the lists' contents."""

    def __init__(self):
        self.http = Client()
        self.objects: dict[str, dict] = {}
        self.listed: dict[str, set[str]] = defaultdict(set)

    def get(self, url: str) -> tuple[int, dict]:
        assert url.startswith(SITE), url
        response = self.http.get(url[len(SITE) :])
        assert response["Access-Control-Allow-Origin"] == "*"
        return response.status_code, json.loads(response.content)

    def walk_list(self, url: str) -> list[dict]:
        found, seen = [], set()
        while url:
            assert url not in seen, f"loop in {url}"
            seen.add(url)
            status, page = self.get(url)
            assert status == 200, url
            found += page["data"]
            url = page["links"].get("next")
        return found

    def crawl(self) -> None:
        status, system = self.get(f"{SITE}/oparl/v1.1/system")
        assert status == 200 and system["license"]
        for body in self.walk_list(system["body"]):
            self.objects[body["id"]] = body
            for name in LISTS:
                for obj in self.walk_list(body[name]):
                    self.listed[name].add(obj["id"])
                    self.objects[obj["id"]] = obj
        for url in list(self.objects):
            status, alone = self.get(url)
            assert status == 200 and alone["id"] == url
            self.objects[url] = alone
        for obj in list(self.objects.values()):
            for ref in _references(obj):
                if ref not in self.objects:
                    status, fetched = self.get(ref)
                    assert status == 200, f"{obj['id']} → {ref}"
                    self.objects[ref] = fetched

    def check_back_references(self) -> None:
        by_type = defaultdict(list)
        for obj in self.objects.values():
            by_type[obj["type"].rsplit("/", 1)[-1]].append(obj)
        for consultation in by_type["Consultation"]:
            paper = self.objects[consultation["paper"]]
            assert consultation["id"] in [c["id"] for c in paper.get("consultation", [])]
            if "agendaItem" in consultation:
                item = self.objects[consultation["agendaItem"]]
                assert item["meeting"] == consultation.get("meeting", item["meeting"])
        for item in by_type["AgendaItem"]:
            meeting = self.objects[item["meeting"]]
            embedded = [i["id"] for i in meeting.get("agendaItem", [])]
            assert item["id"] in embedded and embedded.index(item["id"]) == item["order"]
            if "consultation" in item:
                assert self.objects[item["consultation"]].get("agendaItem") == item["id"]
        for membership in by_type["Membership"]:
            person = self.objects[membership["person"]]
            assert membership["id"] in [m["id"] for m in person.get("membership", [])]
        for file in by_type["File"]:
            for kind in ("paper", "meeting", "agendaItem"):
                for parent in file.get(kind, []):
                    assert file["id"] in _embedded_file_ids(self.objects[parent]), (file["id"], parent)
        for obj in self.objects.values():
            location = obj.get("location")
            if isinstance(location, dict) and "geojson" in location:
                assert location["geojson"]["type"] == "Feature" and "properties" in location["geojson"]
            assert obj.get("modified", "") >= obj.get("created", "")

    def sync(self, since: str) -> dict[str, dict]:
        """A client's update: every list with modified_since; returns what came, by id."""
        changed = {}
        status, system = self.get(f"{SITE}/oparl/v1.1/system")
        for body in self.walk_list(system["body"]):
            for name in LISTS:
                for obj in self.walk_list(f"{body[name]}?modified_since={since.replace('+', '%2B')}"):
                    changed[obj["id"]] = obj
        return changed


def _references(obj, key: str = "") -> list[str]:
    """Every object URL inside ``obj`` (list URLs and file bytes excluded)."""
    found = []
    if isinstance(obj, dict):
        for k, value in obj.items():
            if k not in ("id", "web", "accessUrl", "downloadUrl", "type", "license", "website", "body"):
                found += _references(value, k)
    elif isinstance(obj, list):
        for value in obj:
            found += _references(value, key)
    elif isinstance(obj, str) and obj.startswith(f"{SITE}/oparl/v1.1/") and obj.rsplit("/", 1)[-1].isdigit():
        found.append(obj)
    return found


def _embedded_file_ids(parent: dict) -> list[str]:
    ids = []
    for key in ("mainFile", "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile", "auxiliaryFile"):
        value = parent.get(key)
        for f in value if isinstance(value, list) else [value] if value else []:
            ids.append(f["id"])
    return ids


def _delete_and_sync(consumer: Consumer, paper: Paper) -> None:
    # modified_since counts whole seconds: begin the window on a fresh second, so that nothing
    # written before the crawl (the demo's last writes) shares the second the window starts with.
    time.sleep(1 - timezone.now().microsecond / 1_000_000)
    since = timezone.localtime().replace(microsecond=0).isoformat()
    served = consumer.objects[f"{SITE}/oparl/v1.1/paper/{paper.pk}"]
    children = [c["id"] for c in served.get("consultation", [])] + _embedded_file_ids(served)
    linked_items = [c["agendaItem"] for c in served.get("consultation", []) if "agendaItem" in c]
    record_soft_delete(obj=paper)
    changed = consumer.sync(since)
    assert changed[served["id"]]["deleted"] is True
    for url in children:
        assert changed[url]["deleted"] is True, url
        status, alone = consumer.get(url)
        assert status == 200 and alone["deleted"] is True
    for url in linked_items:
        assert "consultation" not in changed[url] or changed[url]["consultation"] not in children
    for url in consumer.listed["paper"] - {served["id"]}:
        assert url not in changed  # nothing else is news
    status, system = consumer.get(f"{SITE}/oparl/v1.1/system")
    for body in consumer.walk_list(system["body"]):
        for name in LISTS:
            current = {o["id"] for o in consumer.walk_list(body[name])}
            assert not (current & set(children)), name  # deleted objects only under modified_since


def test_external_client_crawls_the_demo_and_follows_a_deletion(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    consumer = Consumer()
    consumer.crawl()
    assert len(consumer.listed["paper"]) >= 5 and consumer.listed["agendaItem"] and consumer.listed["file"]
    consumer.check_back_references()
    paper = Paper.objects.get(reference="VII/0680/24")
    _delete_and_sync(consumer, paper)


def test_external_client_crawls_an_imported_record(db):
    server = FixtureServer().start()
    try:
        run_import(small_system(server), download_files=False)
    finally:
        server.stop()
    Paper.objects.update(live=True)
    consumer = Consumer()
    consumer.crawl()
    assert consumer.listed["paper"] and consumer.listed["consultation"] and consumer.listed["agendaItem"]
    consumer.check_back_references()
    _delete_and_sync(consumer, Paper.objects.get(reference="12/2024"))
