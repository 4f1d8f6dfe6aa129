"""Backup and restore of an installation: the database and the stored files (issue 14).

``manage.py backup DIR`` writes into DIR:
- the database: on PostgreSQL a ``pg_dump`` archive (``database.pgdump``, custom format), on
  SQLite a consistent copy made with SQLite's online backup (``database.sqlite3``), elsewhere a
  ``dumpdata`` JSON (``database.json``);
- ``media.tar.gz``: everything under MEDIA_ROOT except the meeting ZIPs (rebuilt on demand);
- ``manifest.json``: when, which database format, the SHA-256 of each part and the applied
  migrations, so that ``restore`` refuses a damaged or foreign backup before it changes anything.

``manage.py restore DIR`` checks the manifest and then replaces the database and the stored
files with the backup's. Both run while the site is up; restore is meant for a stopped site
(stop web, worker and beat first), because it replaces what they read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
SKIPPED_MEDIA = {"zips"}  # derived files, rebuilt on demand (web/meeting_zip.py)
FORMATS = {"pg_dump": "database.pgdump", "sqlite": "database.sqlite3", "dumpdata": "database.json"}


class BackupError(Exception):
    """A backup that cannot be written or read; the message says why, in German."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _database_format(database: dict) -> str:
    engine = database["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine == "django.db.backends.postgresql" and shutil.which("pg_dump") and shutil.which("pg_restore"):
        return "pg_dump"
    return "dumpdata"


def _pg_args(database: dict) -> tuple[list[str], dict]:
    args = ["--host", database.get("HOST") or "127.0.0.1", "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} ist fehlgeschlagen: {done.stderr.strip()[:500]}")


def _migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"))


def backup_write(directory: Path, *, using: str = "default") -> dict:
    """Write the database and the media into ``directory`` (created; must be empty). Returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"Das Verzeichnis {directory} ist nicht leer.")
    database = connections[using].settings_dict
    kind = _database_format(database)
    target = directory / FORMATS[kind]
    if kind == "sqlite":
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy while the site keeps writing
        finally:
            copy.close()
            source.close()
    elif kind == "pg_dump":
        args, env = _pg_args(database)
        _run(["pg_dump", *args, "--format", "custom", "--no-owner", "--file", str(target), database["NAME"]], env)
    else:
        with target.open("w", encoding="utf-8") as out:
            call_command(
                "dumpdata", "--natural-foreign", "--natural-primary", "--exclude", "contenttypes",
                "--exclude", "auth.permission", "--exclude", "sessions.session", "--database", using, stdout=out,
            )  # fmt: skip
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if media_root.exists():
            for entry in sorted(media_root.iterdir()):
                if entry.name not in SKIPPED_MEDIA:
                    archive.add(entry, arcname=entry.name)
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "database_format": kind,
        "files": {name: _sha256(directory / name) for name in (FORMATS[kind], MEDIA)},
        "migrations": _migrations(),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def backup_check(directory: Path, *, using: str = "default") -> dict:
    """The backup's manifest, after checking that every part is there and unchanged."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory} enthält keine lesbare Sicherung ({exc}).")
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.exists() or _sha256(path) != expected:
            raise BackupError(f"Die Datei {name} der Sicherung fehlt oder ist verändert.")
    current = _database_format(connections[using].settings_dict)
    if manifest["database_format"] != current and "dumpdata" not in (manifest["database_format"], current):
        raise BackupError(
            f"Die Sicherung ist im Format {manifest['database_format']}, diese Datenbank braucht {current}."
        )
    return manifest


def backup_restore(directory: Path, *, using: str = "default") -> dict:
    """Replace the database and the media with the backup in ``directory``. Returns its manifest."""
    manifest = backup_check(directory, using=using)
    kind = manifest["database_format"]
    source = directory / FORMATS[kind]
    connection = connections[using]
    database = connection.settings_dict
    connection.close()
    if kind == "sqlite":
        backup = sqlite3.connect(source)
        live = sqlite3.connect(database["NAME"])
        try:
            backup.backup(live)
        finally:
            live.close()
            backup.close()
    elif kind == "pg_dump":
        args, env = _pg_args(database)
        command = ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, "--dbname", database["NAME"], str(source)], env)
    else:
        call_command("flush", "--noinput", "--database", using)
        call_command("loaddata", str(source), "--database", using)
    _media_restore(directory / MEDIA)
    return manifest


def _media_restore(archive_path: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for entry in media_root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, links out or devices
