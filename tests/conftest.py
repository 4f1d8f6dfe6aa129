"""Shared fixtures. Optional infrastructure (Chromium, PostgreSQL, Redis) is detected here; a
test that needs what is missing is skipped with a message that says what was missing."""

import os
import shutil
import socket

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("RIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def broker_url() -> str:
    return os.environ.get("RIS_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def pytest_collection_modifyitems(config, items):
    have_chromium = os.path.exists(CHROMIUM) or shutil.which("chromium") is not None
    try:
        import playwright  # noqa: F401
    except ImportError:
        have_chromium = False
    skip_browser = pytest.mark.skip(reason=f"SKIPPED: Chromium not found at {CHROMIUM} (apt-get install chromium)")
    skip_pg = pytest.mark.skip(reason="SKIPPED: needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    skip_broker = pytest.mark.skip(reason="SKIPPED: Redis broker not reachable at 127.0.0.1:6379")
    redis_up = _reachable("127.0.0.1", 6379)
    if os.environ.get("RIS_REQUIRE_ALL"):
        # CI: a missing browser or broker must fail the run, not hide behind a skip.
        have_chromium = redis_up = True
    for item in items:
        if "browser" in item.keywords and not have_chromium:
            item.add_marker(skip_browser)
        if "postgres" in item.keywords and not on_postgres():
            item.add_marker(skip_pg)
        if "broker" in item.keywords and not redis_up:
            item.add_marker(skip_broker)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _german():
    """Every test starts in the default language; a request in English must not leak into the next."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: a page cached in one test's (rolled-back) database
    must not answer the next test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright (its own browser download fails here)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; Django would then refuse every
    # ORM call (SynchronousOnlyOperation) although none of it runs concurrently.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    yield page
    context.close()
    _live_server_idle()


def _live_server_idle(timeout: float = 10.0) -> None:
    """Wait until the live server has answered what the closed browser still asked for: a request
    still running there when the test's database is flushed deadlocks PostgreSQL's TRUNCATE."""
    import threading
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(t.name.endswith("(process_request_thread)") for t in threading.enumerate()):
            return
        time.sleep(0.05)


@pytest.fixture
def real_worker():
    """A real Celery worker in this process, consuming from the Redis test broker (not eager)."""
    from celery.contrib.testing.worker import start_worker

    from ris.celery import app

    assert app.conf.broker_url == broker_url()  # set in ris/settings/test.py
    app.conf.update(task_always_eager=False)
    # Celery caches the result backend per thread; drop one made under the eager settings.
    vars(app._local).pop("backend", None)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        app.conf.update(task_always_eager=True)
        vars(app._local).pop("backend", None)
