"""Backup and restore round trip (issue 14): what was there at the backup is there again after the
restore, records and stored files alike, and what came later is gone. Runs on the database the
tests run on: SQLite by default, PostgreSQL with DATABASE_URL (pg_dump and pg_restore)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motions.models import File, Paper
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from tests.factories import BodyFactory, PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_then_restore_brings_back_records_and_files(tmp_path, settings):
    body = BodyFactory(name="Stadt Sicherungshausen")
    paper = PaperFactory(body=body, name="Haushaltssatzung 2025")
    content = render_text_pdf(title="Satzung", text="Haushaltssatzung")
    stored = file_create(
        body=body, name="Satzung", content=content, file_name="satzung.pdf", paper=paper, extract=False
    )
    target = tmp_path / "sicherung"
    assert "Gesichert nach" in _run("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["database_format"] in {"sqlite", "pg_dump"} and manifest["migrations"]

    # After the backup: the paper is renamed, a new one appears, the stored file is lost.
    Paper.objects.filter(pk=paper.pk).update(name="Geändert")
    PaperFactory(body=body, name="Nach der Sicherung")
    media_file = Path(settings.MEDIA_ROOT) / stored.file.name
    media_file.unlink()

    assert "Wiederhergestellt" in _run("restore", str(target), "--noinput")
    assert Paper.objects.get(pk=paper.pk).name == "Haushaltssatzung 2025"
    assert not Paper.objects.filter(name="Nach der Sicherung").exists()
    assert File.objects.get(pk=stored.pk).file.read() == content


def test_backup_into_a_directory_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "alt.txt").write_text("x")
    with pytest.raises(CommandError, match="nicht leer"):
        _run("backup", str(tmp_path))


def test_restore_of_a_damaged_backup_changes_nothing(tmp_path):
    PaperFactory(name="Bleibt")
    target = tmp_path / "sicherung"
    _run("backup", str(target))
    PaperFactory(name="Neu nach der Sicherung")
    with (target / "media.tar.gz").open("ab") as archive:
        archive.write(b"kaputt")
    with pytest.raises(CommandError, match="verändert"):
        _run("restore", str(target), "--noinput")
    assert Paper.objects.filter(name="Neu nach der Sicherung").exists()
