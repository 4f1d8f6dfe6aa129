"""Real services the fault tests start, stop and kill themselves: a Redis server on a free port
and a Celery worker process. Nothing here imitates our code; it runs the real programs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, up: bool, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                reachable = True
        except OSError:
            reachable = False
        if reachable == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} still {'down' if up else 'up'} after {timeout}s")


class RedisServer:
    """``redis-server`` on its own port, without persistence; ``stop()`` and ``start()`` keep the port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("SKIPPED: redis-server not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
            wait_for_port(self.port, up=False)


@contextmanager
def redis_server():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


def database_url() -> str:
    """The URL of the database this test runs on (the test database), for a worker process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


class WorkerProcess:
    """``celery -A ris worker`` in its own process group, on ``broker_url`` and this test's database."""

    def __init__(self, broker_url: str, *, env: dict[str, str] | None = None, concurrency: int = 1):
        self.broker_url = broker_url
        self.env = env or {}
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log = Path(settings.MEDIA_ROOT).parent / f"worker-{id(self)}.log"

    def start(self) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ris.settings.test",
            "DATABASE_URL": database_url(),
            "RIS_TEST_BROKER_URL": self.broker_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **self.env,
        }
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._out = open(self.log, "wb")  # noqa: SIM115 (closed in kill/stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ris",
                "worker",
                "-l",
                "info",
                "--pool",
                "prefork",
                f"--concurrency={self.concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise TimeoutError(f"worker log has no {text!r}:\n{self.output()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: the worker and its pool children die at once."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
            self._out.close()

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None
            self._out.close()


@contextmanager
def celery_app_on(broker_url: str):
    """Point this process's Celery app at ``broker_url`` (not eager) and back afterwards."""
    from ris.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None
        vars(app._local).pop("backend", None)

    app.conf.update(broker_url=broker_url, task_always_eager=False)
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(**saved)
        reset_pools()


class GunicornServer:
    """``gunicorn ris.wsgi`` with production settings on this test's database, on a free port."""

    def __init__(self, *, workers: int = 1, env: dict[str, str] | None = None):
        self.port = free_port()
        self.workers = workers
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> GunicornServer:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.server_settings",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "test-only-secret-key-for-a-server-process-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **self.env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ris.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port, up=True, timeout=60)
        return self

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None
