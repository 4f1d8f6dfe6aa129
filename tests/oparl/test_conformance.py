"""Conformance: the whole API of the demo, crawled and checked against schema and spec (NOTES.md §7.4)."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motions.models import Paper
from tests.oparl.conformance import NS, Checker

pytestmark = pytest.mark.django_db
SITE = "https://ris.example.org"


@pytest.fixture
def demo(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))


def client_fetch(url: str):
    assert url.startswith(SITE), url
    response = Client().get(url.removeprefix(SITE))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, {k: v for k, v in response.headers.items()}, content


def test_demo_api_conforms_to_schema_and_spec(demo):
    checker = Checker(client_fetch, f"{SITE}/oparl/v1.1")
    checker.crawl()
    files = checker.check_files(client_fetch)
    assert not checker.problems, "\n".join(checker.problems)
    for type_name in (
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "LegislativeTerm",
    ):
        assert checker.counts[type_name] > 0, type_name
    assert files > 0


def test_demo_api_deleted_paper_conforms(demo):
    paper = Paper.objects.filter(public=True, live=True).first()
    paper.deleted, paper.deleted_at = True, timezone.now()
    paper.save()
    checker = Checker(client_fetch, f"{SITE}/oparl/v1.1")
    body_url = f"{SITE}/oparl/v1.1/body/{paper.body_id}/paper"
    listed = checker.crawl_list(
        f"{body_url}?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00", "Paper", modified_since=True
    )
    assert [p["id"] for p in listed if p.get("deleted")] == [f"{SITE}/oparl/v1.1/paper/{paper.pk}"]
    assert all(not p.get("deleted") for p in checker.crawl_list(body_url, "Paper"))
    status, data = checker.get_json(f"{SITE}/oparl/v1.1/paper/{paper.pk}")
    assert status == 200 and data["deleted"] is True
    assert not checker.problems, "\n".join(checker.problems)


def test_demo_api_filters_and_omit_internal(demo):
    checker = Checker(client_fetch, f"{SITE}/oparl/v1.1")
    for body_id in Paper.objects.values_list("body_id", flat=True).distinct():
        base = f"{SITE}/oparl/v1.1/body/{body_id}"
        everything = checker.crawl_list(f"{base}/paper", "Paper")
        assert everything
        future = checker.crawl_list(f"{base}/paper?created_since=2999-01-01T00%3A00%3A00%2B01%3A00", "Paper")
        assert future == []
        lean = checker.crawl_list(f"{base}/meeting?omit_internal=true", "Meeting")
        assert all("agendaItem" not in m and "auxiliaryFile" not in m for m in lean)
    assert not checker.problems, "\n".join(checker.problems)


def test_checker_finds_real_breaches():
    """The checker itself: a broken object yields problems (so a green run means something)."""
    checker = Checker(lambda url: (200, {}, b"{}"), f"{SITE}/oparl/v1.1")
    checker.check_object(
        {
            "id": "http://elsewhere/x",
            "type": NS + "Paper",
            "name": "",
            "date": "01.02.2024",
            "reference": None,
            "created": "2024-01-01T00:00:00Z",
        },
        "Paper",
        "test",
    )
    text = json.dumps(checker.problems, ensure_ascii=False)
    for expected in ("kanonischen", "modified fehlt", "leere Zeichenkette", "null", "date", "created"):
        assert expected in text, expected
