"""The meeting ZIP is built once per version, in the background, and served as a file (issue 14)."""

import io
import time
import zipfile

import pytest

from motions.services import file_create
from ris.pdf_render import render_text_pdf
from tests.factories import AgendaItemFactory, MeetingFactory, staff_user_for
from web.meeting_zip import FOLDER


def _meeting_with_files():
    meeting = MeetingFactory()
    body = meeting.organization.body
    public = AgendaItemFactory(meeting=meeting, public=True)
    secret = AgendaItemFactory(meeting=meeting, public=False)
    for item, name in ((public, "einladung"), (secret, "geheim")):
        content = render_text_pdf(title=name, text=f"Anlage {name}")
        file_create(body=body, name=name, content=content, file_name=f"{name}.pdf", agenda_item=item, extract=False)
    return meeting


def _names(response) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()


def _archives(settings) -> list:
    folder = settings.MEDIA_ROOT / FOLDER
    return sorted(folder.glob("*.zip")) if folder.exists() else []


@pytest.mark.django_db
def test_meeting_zip_is_built_once_and_then_served_from_the_file(client, settings):
    meeting = _meeting_with_files()
    url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/zip"
    first_names = _names(first)
    assert [n.split("-", 1)[1] for n in first_names] == ["einladung.pdf"]
    (archive,) = _archives(settings)
    built = archive.stat().st_mtime_ns
    second = client.get(url)
    assert _names(second) == first_names
    assert _archives(settings) == [archive] and archive.stat().st_mtime_ns == built  # not built again


@pytest.mark.django_db
def test_meeting_zip_new_document_makes_a_new_version(client, settings):
    meeting = _meeting_with_files()
    url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    client.get(url)
    item = meeting.agenda_items.get(public=True)
    file_create(
        body=meeting.organization.body,
        name="Nachtrag",
        content=render_text_pdf(title="Nachtrag", text="Nachtrag"),
        file_name="nachtrag.pdf",
        agenda_item=item,
        extract=False,
    )
    names = _names(client.get(url))
    assert sorted(n.split("-", 1)[1] for n in names) == ["einladung.pdf", "nachtrag.pdf"]
    assert len(_archives(settings)) == 2


@pytest.mark.django_db
def test_meeting_zip_staff_get_their_own_version_with_the_non_public_file(client, settings):
    meeting = _meeting_with_files()
    url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    public_names = _names(client.get(url))
    client.force_login(staff_user_for(meeting.organization.body))
    staff_names = _names(client.get(url))
    assert len(staff_names) == 2 and len(public_names) == 1
    client.logout()
    assert _names(client.get(url)) == public_names  # the staff archive is never served to the public


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_meeting_zip_with_a_broker_is_built_by_the_worker_while_the_request_answers(client, settings, real_worker):
    meeting = _meeting_with_files()
    url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    response = client.get(url)
    statuses = [response.status_code]
    deadline = time.monotonic() + 60
    while response.status_code == 202 and time.monotonic() < deadline:
        assert response["Retry-After"] == "5" and "wird erstellt" in response.content.decode()
        time.sleep(0.5)
        response = client.get(url)
        statuses.append(response.status_code)
    assert response.status_code == 200, statuses
    assert [n.split("-", 1)[1] for n in _names(response)] == ["einladung.pdf"]


@pytest.mark.django_db
def test_prune_removes_versions_nobody_fetched_and_keeps_served_ones(client, settings):
    import os

    from web.meeting_zip import prune
    from web.tasks import prune_meeting_zips

    meeting = _meeting_with_files()
    url = f"/sitzungen/{meeting.pk}/dokumente.zip"
    client.get(url)
    (served,) = _archives(settings)
    folder = served.parent
    old = time.time() - 30 * 86400
    stale = folder / f"sitzung-{meeting.pk}-{'0' * 32}.zip"
    stale.write_bytes(b"an old version")
    abandoned = folder / "tmpabc.part"
    abandoned.write_bytes(b"half")
    binders = settings.MEDIA_ROOT / "mappen"
    binders.mkdir(parents=True)
    stale_binder = binders / f"sitzungsmappe-{meeting.pk}-{'0' * 32}.pdf"
    stale_binder.write_bytes(b"%PDF an old Sitzungsmappe")
    for path in (served, stale, abandoned, stale_binder):
        os.utime(path, (old, old))
    assert client.get(url).status_code == 200  # a reader fetches the current version again
    assert prune_meeting_zips() == {"archives": 2, "partial": 1, "kept": 1}
    assert _archives(settings) == [served]
    assert not abandoned.exists() and not stale_binder.exists()
    # Nothing fetched any more: after the keeping time it goes as well, and the next reader gets it built anew.
    assert prune(now=time.time() + (settings.RIS_MEETING_ZIP_KEEP_DAYS + 1) * 86400)["archives"] == 1
    assert _archives(settings) == []
    assert client.get(url).status_code == 200 and len(_archives(settings)) == 1


def test_the_beat_schedule_prunes_meeting_zips(settings):
    assert settings.CELERY_BEAT_SCHEDULE["meeting-zip-prune"]["task"] == "web.tasks.prune_meeting_zips"
