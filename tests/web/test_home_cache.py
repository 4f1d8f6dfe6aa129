"""The home page's body is cached for anonymous readers (web/views.py ``home``): a second
request reads no record, a new paper shows at once, staff always get a fresh render."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PaperFactory, staff_user_for

pytestmark = pytest.mark.django_db


def _get(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_home_is_served_from_the_cache_to_anonymous_readers(client):
    PaperFactory(name="Spielplatz am Markt")
    first, first_sql = _get(client)
    second, second_sql = _get(client)
    assert "Spielplatz am Markt" in first and "Spielplatz am Markt" in second
    assert any("motions_paper" in sql for sql in first_sql)
    assert not any("motions_paper" in sql or "council_sessions_meeting" in sql for sql in second_sql)


def test_a_new_paper_reaches_the_cached_home_page_at_once(client):
    PaperFactory(name="Spielplatz am Markt")
    _get(client)
    PaperFactory(name="Radweg zur Schule")
    html, _ = _get(client)
    assert "Radweg zur Schule" in html


def test_staff_get_a_fresh_home_page_with_their_drafts(client):
    paper = PaperFactory(name="Öffentlich")
    draft = PaperFactory(body=paper.body, name="Entwurf Haushalt", live=False)
    _get(client)  # the anonymous body is cached
    client.force_login(staff_user_for(draft.body))
    html, sql = _get(client)
    assert "Entwurf Haushalt" in html and any("motions_paper" in q for q in sql)
