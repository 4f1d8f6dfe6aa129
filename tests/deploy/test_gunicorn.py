"""The documented server (issue 14): gunicorn with ris.settings.production serves a page and its
stylesheet. Static files are collected into a temporary STATIC_ROOT first, as the Dockerfile does
at build time; WhiteNoise then serves them hashed, with a year's cache and a compressed variant."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "ris.example.org"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The URL of the test database this test wrote to, so the server reads the same rows."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ris.settings.production",
        SECRET_KEY="test-only-" + "x" * 50,
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL="",
        REDIS_CACHE_URL="",
        ELASTICSEARCH_URL="",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env


@pytest.fixture
def gunicorn_server(production_env):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ris.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_production_serves_page_and_cached_compressed_css(gunicorn_server):
    status, _, body = _get(f"{gunicorn_server}/")
    assert status == 200, body[:500]
    stylesheet = re.search(rb'href="(/static/css/ris\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links no hashed stylesheet"
    css_url = gunicorn_server + stylesheet.group(1).decode()

    status, headers, plain = _get(css_url)
    assert status == 200 and b"{" in plain
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]

    status, headers, packed = _get(css_url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert len(packed) < len(plain)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_production_unknown_static_file_is_404(gunicorn_server):
    status, _, _ = _get(f"{gunicorn_server}/static/css/nope.css")
    assert status == 404
