"""A real HTTP server in a thread that plays an OParl endpoint for the importer tests.

It serves saved responses (a folder such as the Hürtgenwald crawl, with the original base URL
rewritten to the server's own) and scripted answers per URL, which can fail the first few times,
answer slowly, or send broken JSON, as real servers do.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0
    headers: dict | None = None


class FixtureServer:
    def __init__(self):
        self.routes: dict[str, list[Answer]] = {}
        self.folders: list[tuple[str, Path, str]] = []
        self.requests: list[str] = []
        self.filtered_lists_404 = True
        self.ignore_filters = False  # scripted routes answer filtered requests in full (a server ignoring them)
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, path: str, *answers: Answer | bytes | str) -> None:
        """Answers for one path (with query); the last one repeats once the others are used up."""
        self.routes[path] = [
            a if isinstance(a, Answer) else Answer(body=a.encode() if isinstance(a, str) else a) for a in answers
        ]

    def add_folder(self, prefix: str, folder: Path, original_base: str) -> None:
        """Serve ``folder`` under ``prefix``: ``{prefix}body/1/paper?page=2`` → ``body/1/paper_page-2.json``."""
        self.folders.append((prefix, folder, original_base))

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r == path)

    def answer(self, target: str) -> Answer:
        self.requests.append(target)
        if self.ignore_filters and "modified_since" in target:
            parts = urlsplit(target)
            kept = [p for p in parts.query.split("&") if not p.startswith("modified_since")]
            target = parts.path + (f"?{'&'.join(kept)}" if kept else "")
        if target in self.routes:
            answers = self.routes[target]
            return answers.pop(0) if len(answers) > 1 else answers[0]
        parts = urlsplit(target)
        for prefix, folder, original in self.folders:
            if parts.path.startswith(prefix):
                query = parse_qs(parts.query)
                if "modified_since" in query and self.filtered_lists_404:
                    # SD.NET answers an empty filtered list with 404 and a non-OParl body.
                    return Answer(404, b'{"error":"Die angeforderte Ressource wurde nicht gefunden.","code":802}')
                relative = parts.path[len(prefix) :]
                page = query.get("page", [None])[0]
                path = folder / (f"{relative}_page-{page}.json" if page and page != "1" else f"{relative}.json")
                if path.is_file():
                    text = path.read_text(encoding="utf-8").replace(original, f"{self.base}{prefix}")
                    return Answer(body=text.encode())
        return Answer(404, b'{"type":"https://schema.oparl.org/1.1/Error","message":"nicht gefunden"}')

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                answer = server.answer(self.path)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    for key, value in (answer.headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        return Handler
