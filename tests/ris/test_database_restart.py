"""PostgreSQL restarted under the site: the connections of the web process are cut (as a restart
cuts them) with ``pg_terminate_backend`` from a second connection, between requests. The next
request is answered, or at worst is a 503 with Retry-After; never a 500."""

import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import PaperFactory
from tests.infra import GunicornServer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _cut_connections() -> int:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [db["NAME"]],
        ).fetchall()
    return len(rows)


@pytest.fixture
def persistent_connection():
    """The production setting: connections live across requests (CONN_MAX_AGE)."""
    saved = connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.settings_dict["CONN_MAX_AGE"] = 600
    yield connection.settings_dict
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = saved
    connection.close()


def test_a_server_reconnects_after_its_connections_were_cut():
    """gunicorn with the production settings: persistent connections, health checks on."""
    paper = PaperFactory(name="Friedhofssatzung")
    server = GunicornServer().start()
    try:
        statuses = [urlopen_status(server.url + paper.get_absolute_url())]
        for _ in range(3):
            assert _cut_connections() >= 1  # the server's connection (and ours) are gone
            statuses.append(urlopen_status(server.url + paper.get_absolute_url()))
    finally:
        server.stop()
        connection.close()  # ours was cut too
    assert statuses == [200, 200, 200, 200]


def urlopen_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_without_health_checks_a_cut_connection_is_a_503_then_recovers(persistent_connection):
    """A page that needs the database answers 503 with Retry-After; a paper page an anonymous
    reader already had is served from the whole-page cache meanwhile (ris/page_cache.py)."""
    persistent_connection["CONN_HEALTH_CHECKS"] = False
    connection.close()
    paper = PaperFactory(name="Friedhofssatzung")
    client = Client(raise_request_exception=False)
    assert client.get(paper.get_absolute_url()).status_code == 200
    assert _cut_connections() >= 1
    cached = client.get(paper.get_absolute_url())
    assert cached.status_code == 200 and "Friedhofssatzung" in cached.content.decode()
    response = client.get(reverse("web:papers"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "vorübergehend nicht erreichbar" in response.content.decode()
    assert client.get(reverse("web:papers")).status_code == 200  # the dead connection was dropped
