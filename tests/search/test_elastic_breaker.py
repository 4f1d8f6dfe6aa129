"""A hanging Elasticsearch costs one slow request, then the database answers at once for the
cool-off. The cluster is a local socket that accepts connections and never answers (the edge
that cannot run here); the client, the timeout, the breaker and the fallback are the real code."""

import socket
import threading

import pytest

from search.backends import elastic
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


class HangingServer:
    """Accepts every connection, reads nothing, answers nothing; counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hanging_es(settings):
    server = HangingServer()
    settings.ELASTICSEARCH_URL = server.url
    settings.RIS_ELASTIC_TIMEOUT_MS = 300
    settings.RIS_ELASTIC_COOLOFF_SECONDS = 30
    elastic._clients.clear()
    yield server
    server.close()
    elastic._clients.clear()
    elastic._open_until.clear()


def test_hanging_cluster_costs_one_request_then_the_database_answers(hanging_es, client, indexed):
    with indexed():  # the sync to the hanging cluster times out once and opens the breaker
        PaperFactory(name="Sanierung der Grundschule")
    elastic._open_until.clear()  # start closed: the first search is the one that waits
    tried = len(hanging_es.connections)
    first = client.get("/suche/", {"q": "Sanierung"})
    assert first.status_code == 200 and "nicht erreichbar" in first.content.decode()
    assert len(hanging_es.connections) == tried + 1  # it tried the cluster and gave up
    for _ in range(5):
        response = client.get("/api/search", {"q": "Sanierung"})
        assert response.status_code == 200 and response.json()["count"] == 1
        assert response["X-Search-Engine"] == "database"
    assert len(hanging_es.connections) == tried + 1  # the open breaker spared the cluster (and us)


def test_after_the_cool_off_the_cluster_is_tried_again(hanging_es, client, settings, indexed):
    settings.RIS_ELASTIC_COOLOFF_SECONDS = 0  # the cool-off has passed by the next request
    with indexed():
        PaperFactory(name="Sanierung der Grundschule")
    tried = len(hanging_es.connections)
    client.get("/api/search", {"q": "Sanierung"})
    client.get("/api/search", {"q": "Sanierung"})
    assert len(hanging_es.connections) == tried + 2


def test_a_bad_request_answer_does_not_open_the_breaker(settings):
    from elastic_transport import ApiResponseMeta, HttpHeaders
    from elasticsearch import ApiError

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    meta = ApiResponseMeta(status=400, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=None)
    elastic._breaker_trip(ApiError("parsing_exception", meta=meta, body={}))
    assert not elastic.breaker_open()
    elastic._breaker_trip(ConnectionError("refused"))
    assert elastic.breaker_open()
    elastic._open_until.clear()
