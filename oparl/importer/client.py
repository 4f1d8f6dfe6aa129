"""Fetching OParl JSON from real servers (or a folder of saved responses), tolerant of their quirks.

Every request has a timeout. HTTP 5xx, timeouts and connection errors are retried with
exponential back-off; 4xx answers are final. JSON with raw control characters (ALLRIS) is read
anyway. A list URL that answers with a single object or a bare array is read as a one-page list.
Filters are sent URL-encoded as the spec says; a server that rejects them (SessionNet answers
404) is asked again with the raw value, and a 404 for a filtered list then means "nothing new"
(SD.NET answers an empty result with 404).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import requests


class FetchError(Exception):
    """A URL that could not be fetched; ``final`` when retrying cannot help (4xx, bad JSON)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, final: bool = True):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status, self.final = url, reason, status, final


def parse_json(text: str):
    """JSON as servers send it: strict first, then accepting raw control characters in strings."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(text, strict=False)


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0


class HttpSource:
    """A live OParl server."""

    def __init__(self, *, timeout: float = 30, retries: int = 4, backoff: float = 1.0, parallel: int = 4):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.parallel = parallel
        self.stats = Stats()
        self._local = threading.local()
        self._lock = threading.Lock()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers["User-Agent"] = "RIS-OParl-Importer/1.0"
            session.headers["Accept"] = "application/json"
        return session

    def get(self, url: str, *, raw: bool = False):
        """The parsed JSON (or the bytes and content type with ``raw``) at ``url``. Raises FetchError."""
        delay = self.backoff
        for attempt in range(self.retries + 1):
            with self._lock:
                self.stats.requests += 1
                self.stats.retries += attempt > 0
            try:
                response = self._session().get(url, timeout=self.timeout)
            except requests.RequestException as exc:
                error = FetchError(url, f"{type(exc).__name__}: {exc}", final=False)
            else:
                if response.status_code >= 500:
                    error = FetchError(url, f"HTTP {response.status_code}", status=response.status_code, final=False)
                elif response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code}", status=response.status_code)
                elif raw:
                    return response.content, response.headers.get("Content-Type", "")
                else:
                    try:
                        return parse_json(response.content.decode(response.encoding or "utf-8", errors="replace"))
                    except json.JSONDecodeError as exc:
                        raise FetchError(url, f"kein gültiges JSON: {exc}")
            if attempt < self.retries:
                time.sleep(delay)
                delay *= 2
        raise error


class FolderSource:
    """Saved responses in a folder: ``<base>/body/1/paper?page=2`` is ``body/1/paper_page-2.json``."""

    parallel = 1

    def __init__(self, folder: Path, base_url: str):
        self.folder, self.base_url = folder, base_url.rstrip("/") + "/"
        self.stats = Stats()

    def path_for(self, url: str) -> Path:
        if not url.startswith(self.base_url):
            raise FetchError(url, "liegt nicht im gespeicherten Ordner")
        parts = urlsplit(url)
        relative = url[len(self.base_url) :].split("?", 1)[0]
        page = parse_qs(parts.query).get("page", [None])[0]
        name = f"{relative}_page-{page}.json" if page and page != "1" else f"{relative}.json"
        return self.folder / name

    def get(self, url: str, *, raw: bool = False):
        self.stats.requests += 1
        # Saved responses know no filters: a filtered list is answered in full (imports are idempotent).
        url = re.sub(r"[?&]modified_since=[^&]*", "", url)
        path = self.path_for(url)
        if not path.exists():
            raise FetchError(url, "nicht im gespeicherten Ordner", status=404)
        if raw:
            return path.read_bytes(), "application/octet-stream"
        try:
            return parse_json(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise FetchError(url, f"kein gültiges JSON: {exc}")


def with_filter(url: str, name: str, value: str, *, encoded: bool = True) -> str:
    """``url`` with one more query parameter, URL-encoded (spec) or raw (for servers that need it)."""
    separator = "&" if "?" in url else "?"
    if encoded:
        return f"{url}{separator}{urlencode({name: value})}"
    return f"{url}{separator}{name}={quote(value, safe=':+-')}"


def iter_list(source, url: str, *, modified_since: str | None = None):
    """Every object of an external list, following ``links.next``; yields (page_url, objects)."""
    pages = [url]
    if modified_since:
        pages = [with_filter(url, "modified_since", modified_since)]
    seen = set()
    retried_raw = False
    while pages:
        page_url = pages.pop()
        if page_url in seen:
            return  # a next link that loops back: the list is complete
        seen.add(page_url)
        try:
            page = source.get(page_url)
        except FetchError as exc:
            first_page = len(seen) == 1 or (len(seen) == 2 and retried_raw)
            if modified_since and exc.status in (400, 404) and first_page:
                if not retried_raw:
                    retried_raw = True
                    pages.append(with_filter(url, "modified_since", modified_since, encoded=False))
                    continue
                return  # SD.NET: an empty filtered list is a 404
            raise
        if isinstance(page, list):
            yield page_url, [obj for obj in page if isinstance(obj, dict)]
            return
        if not isinstance(page, dict):
            raise FetchError(page_url, "weder Liste noch Objekt")
        if "data" not in page and "id" in page:
            yield page_url, [page]  # a single object where a list was expected
            return
        yield page_url, [obj for obj in page.get("data") or [] if isinstance(obj, dict)]
        next_url = (page.get("links") or {}).get("next")
        if isinstance(next_url, str) and next_url:
            pages.append(next_url)
