"""Stored files are served by what they are (issue 14): the type is sniffed from the content on
upload, import and download; only document types open in the browser, everything else is an
attachment with nosniff, so an imported HTML page can never run as a page of this site."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import override_settings

from motions.forms import FileAdminForm
from motions.media_types import sniff_media_type
from motions.models import File
from tests.factories import BodyFactory, FileFactory, PaperFactory
from tests.motions.pdfs import lines_pdf

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "x.txt", "application/pdf"),
        (HTML, "protokoll.pdf", "text/html"),
        (b"\n  <script>alert(1)</script>", "notiz.txt", "text/html"),
        (SVG, "logo.png", "text/html"),
        (b"\x89PNG\r\n\x1a\n....", "bild.html", "image/png"),
        (b"\xff\xd8\xff\xe0....", "bild.jpg", "image/jpeg"),
        (_ooxml("word/"), "brief.html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_ooxml("xl/"), "tabelle.docx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (_odt(), "text.zip", "application/vnd.oasis.opendocument.text"),
        ("Tagesordnung\nTOP 1 Begrüßung".encode(), "liste.txt", "text/plain"),
        (b"Nr;Betreff\n1;Haushalt", "liste.csv", "text/csv"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "setup.pdf", "application/octet-stream"),
        (b"\x00\x01\x02binary", "daten.txt", "application/octet-stream"),
    ],
)
def test_sniff_media_type_reads_the_content_not_the_name(content, name, expected):
    assert sniff_media_type(content, name) == expected


def _stored(content: bytes, file_name: str, media_type: str) -> File:
    paper = PaperFactory()
    file = FileFactory(body=paper.body, paper=paper, file_name=file_name, media_type=media_type)
    file.file.save(file_name, ContentFile(content))
    return file


def _download(client, file):
    return client.get(f"/dateien/{file.pk}/download/{file.file_name}")


def test_download_of_an_imported_html_page_is_an_attachment_with_nosniff(client):
    file = _stored(HTML, "sitzung.html", "text/html")  # as the importer stored it before issue 14
    response = _download(client, file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_of_html_stored_as_pdf_is_still_an_attachment(client):
    file = _stored(HTML, "vorlage.pdf", "application/pdf")
    response = _download(client, file)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_of_svg_is_an_attachment(client):
    response = _download(client, _stored(SVG, "logo.svg", "image/svg+xml"))
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_of_a_pdf_opens_inline(client):
    response = _download(client, _stored(lines_pdf([["Vorlage"]]), "vorlage.pdf", "application/pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_of_a_docx_keeps_its_stored_office_type(client):
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = _download(client, _stored(_ooxml("word/"), "brief.docx", docx))
    assert response["Content-Type"] == docx


def test_download_with_quotes_and_line_breaks_in_the_name_is_no_error(client):
    file = _stored(b"%PDF-1.4 x", "a.pdf", "application/pdf")
    File.objects.filter(pk=file.pk).update(file_name='evil"\r\nSet-Cookie: x=1.pdf')
    response = client.get(f"/dateien/{file.pk}/download/x.pdf")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def _form(upload, body):
    form_class = modelform_factory(File, form=FileAdminForm, fields=["body", "name", "role", "file"])
    data = {"body": body.pk, "name": "Anlage", "role": "anlage"}
    return form_class(data=data, files={"file": upload})


def test_admin_upload_accepts_an_office_document_named_anything():
    body = BodyFactory()
    form = _form(SimpleUploadedFile("brief.bin", _ooxml("word/")), body)
    form.is_valid()
    assert "file" not in form.errors


@pytest.mark.parametrize("content", [HTML, SVG, b"MZ\x90\x00executable"])
def test_admin_upload_refuses_what_is_no_document_whatever_its_name(content):
    body = BodyFactory()
    form = _form(SimpleUploadedFile("vorlage.pdf", content, content_type="application/pdf"), body)
    assert not form.is_valid() and "file" in form.errors


@override_settings(RIS_MAX_UPLOAD_BYTES=1024)
def test_admin_upload_over_the_size_limit_is_refused_with_the_limit_named():
    body = BodyFactory()
    form = _form(SimpleUploadedFile("gross.pdf", b"%PDF-1.4\n" + b"0" * 4096), body)
    assert not form.is_valid() and "größer" in str(form.errors["file"])


def test_oparl_access_url_of_an_imported_html_page_is_an_attachment_too(client):
    file = _stored(HTML, "sitzung.html", "text/html")
    response = client.get(f"/oparl/v1.1/file/{file.pk}/access")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
