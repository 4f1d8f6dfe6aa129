"""The admin side of ingestion: file states, "extract again", checked uploads and the review queue."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ingest.ingestion import body_for_name
from motions.extraction import file_pages_store
from motions.models import ExtractionState, File, Paper
from motions.services import file_create
from tests.factories import BodyFactory, PaperFactory, staff_user_for
from tests.motions.pdfs import HTML_NAMED_PDF, document_pdf, image_only_pdf, lines_pdf, truncated_pdf

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "demo_data"
PASSWORD = "pruefen-2026"
pytestmark = pytest.mark.django_db


def admin_staff(body, **kwargs):
    user = staff_user_for(body, **kwargs)
    user.set_password(PASSWORD)
    user.save()
    group = body.staff_group
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(*Permission.objects.filter(content_type__app_label="motions"))
    return user


def stored(body, name, data, **kwargs):
    file = file_create(body=body, name=name, content=data, file_name=f"{name}.pdf", extract=False, **kwargs)
    from motions.extraction import file_extract

    return file_extract(file=file)


@pytest.fixture
def body():
    return BodyFactory(name="Stadt Aschersleben")


@pytest.fixture
def files(body):
    paper = PaperFactory(body=body)
    return {
        "done": stored(body, "Vorlage", lines_pdf([["Seite eins"], ["Seite zwei"]]), paper=paper),
        "failed": stored(body, "Kaputt", truncated_pdf()),
        "scan": stored(body, "Scan", image_only_pdf()),
        "waiting": file_create(body=body, name="Neu", content=lines_pdf([["neu"]]), file_name="neu.pdf", extract=False),
    }


def test_file_listing_shows_each_extraction_state(client, body, files):
    client.force_login(admin_staff(body))
    html = client.get(reverse("wagtailsnippets_motions_file:list")).content.decode()
    assert "fertig (2 Seiten)" in html
    assert "fehlgeschlagen: Die Datei ist beschädigt oder unvollständig" in html
    assert "keine Textebene (Scan)" in html
    assert "wartet" in html
    assert reverse("wagtailsnippets_motions_file:extract_again", args=[files["done"].pk]) in html


def test_file_edit_view_shows_the_state_read_only(client, body, files):
    client.force_login(admin_staff(body))
    html = client.get(reverse("wagtailsnippets_motions_file:edit", args=[files["failed"].pk])).content.decode()
    assert "Die Datei ist beschädigt oder unvollständig" in html
    assert 'name="extraction_state"' not in html


def test_extract_again_asks_then_extracts(client, body, files, django_capture_on_commit_callbacks):
    file = files["done"]
    file_pages_store(file=file, result=None, reason="veraltet")  # a stale failure from an older extractor
    client.force_login(admin_staff(body))
    url = reverse("wagtailsnippets_motions_file:extract_again", args=[file.pk])
    assert "Text erneut erkennen" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.DONE
    assert list(file.pages.values_list("text", flat=True)) == ["Seite eins", "Seite zwei"]


def test_extract_again_is_not_offered_across_bodies(client, files):
    other = BodyFactory()
    client.force_login(admin_staff(other))
    url = reverse("wagtailsnippets_motions_file:extract_again", args=[files["done"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def _upload_form(body, upload):
    return {
        "body": body.pk,
        "name": "Anlage 1",
        "role": "anlage",
        "paper": "",
        "meeting": "",
        "agenda_item": "",
        "date": "",
        "file": upload,
    }


def test_admin_upload_is_hashed_and_extracted_in_the_background(client, body, django_capture_on_commit_callbacks):
    client.force_login(admin_staff(body))
    data = lines_pdf([["Haushaltssatzung für das Jahr 2024 – Straßen-", "reinigung"]])
    upload = SimpleUploadedFile("haushalt.pdf", data, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_motions_file:add"), _upload_form(body, upload))
    assert response.status_code == 302
    file = File.objects.get(name="Anlage 1")
    assert file.size == len(data)
    assert file.media_type == "application/pdf"
    assert file.extraction_state == ExtractionState.DONE
    assert file.pages.get().text == "Haushaltssatzung für das Jahr 2024 – Straßenreinigung"


def test_admin_upload_refuses_a_web_page_named_pdf(client, body):
    client.force_login(admin_staff(body))
    upload = SimpleUploadedFile("vorlage.pdf", HTML_NAMED_PDF, content_type="application/pdf")
    response = client.post(reverse("wagtailsnippets_motions_file:add"), _upload_form(body, upload))
    assert response.status_code == 200
    assert "text/html" in response.content.decode()
    assert not File.objects.exists()


@pytest.fixture
def ingested(tmp_path):
    for name in ("aschersleben_VII-0680-24.txt", "aschersleben_aenderungsantrag_A-0006-2019.txt"):
        (tmp_path / f"{name}.pdf").write_bytes(document_pdf((SEEDS / name).read_text(encoding="utf-8")))
    call_command("ingest_pdfs", str(tmp_path), "--body", "Stadt Aschersleben", "--workers", "1", stdout=io.StringIO())
    return body_for_name("Stadt Aschersleben")


def test_review_queue_lists_recognised_drafts_with_their_lowest_confidence(client, ingested):
    client.force_login(admin_staff(ingested))
    html = client.get(reverse("motions_review:index")).content.decode()
    assert "Arbeitspapier zur weiteren Digitalisierung der Verwaltung" in html
    assert "Änderungsantrag des Oberbürgermeisters zum Antrag A/0006/2019" in html
    assert "45 %" in html  # the paper type of VII/0680/24 was only inferred from "Beschlussvorschlag"


def test_review_page_shows_fields_confidences_votes_and_first_page(client, ingested):
    client.force_login(admin_staff(ingested))
    paper = Paper.objects.get(reference="VII/0680/24")
    html = client.get(reverse("motions_review:paper", args=[paper.pk])).content.decode()
    assert "95 %" in html
    assert "bitte prüfen" in html
    assert "Finanz- und Verwaltungsausschuss" in html
    assert "einstimmig" in html
    assert "STADT ASCHERSLEBEN" in html


def test_review_confirm_with_corrections(client, ingested):
    user = admin_staff(ingested)
    client.force_login(user)
    paper = Paper.objects.get(paper_type="aenderungsantrag")
    response = client.post(
        reverse("motions_review:paper", args=[paper.pk]),
        {
            "reference": "ÄA/0001/2019",
            "paper_type": "aenderungsantrag",
            "date": "2019-11-05",
            "name": "Änderungsantrag zum Antrag A/0006/2019 (Sachsen-Anhalt-Melder)",
            "public": "on",
            "confirm": "",
        },
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.needs_review is False
    assert paper.reference == "ÄA/0001/2019"
    assert paper.live is False
    assert paper.recognition["reviewed"]["by"] == user.get_username()
    assert paper.recognition["subject"]["value"] == "Änderungsantrag des Oberbürgermeisters zum Antrag A/0006/2019"
    assert paper.files.get().name == "Änderungsantrag zum Antrag A/0006/2019 (Sachsen-Anhalt-Melder)"
    queue = client.get(reverse("motions_review:index")).content.decode()
    assert reverse("motions_review:paper", args=[paper.pk]) not in queue


def test_review_confirm_and_publish(client, ingested):
    client.force_login(admin_staff(ingested))
    paper = Paper.objects.get(reference="VII/0680/24")
    data = {"reference": "VII/0680/24", "paper_type": "beschlussvorlage", "date": "2024-02-08", "name": paper.name}
    response = client.post(reverse("motions_review:paper", args=[paper.pk]), data | {"publish": ""})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.live is True
    assert paper.public is False  # the box was not ticked
    assert paper.date.isoformat() == "2024-02-08"


def test_review_refuses_a_taken_reference_without_error_page(client, ingested):
    client.force_login(admin_staff(ingested))
    paper = Paper.objects.get(paper_type="aenderungsantrag")
    data = {"reference": "VII/0680/24", "paper_type": "aenderungsantrag", "date": "", "name": paper.name}
    response = client.post(reverse("motions_review:paper", args=[paper.pk]), data)
    assert response.status_code == 200
    assert "schon vergeben" in response.content.decode()
    paper.refresh_from_db()
    assert paper.needs_review is True


def test_review_queue_is_scoped_to_the_staff_body(client, ingested):
    client.force_login(admin_staff(BodyFactory(name="Stadt Anderswo")))
    assert "Arbeitspapier" not in client.get(reverse("motions_review:index")).content.decode()
    paper = Paper.objects.get(reference="VII/0680/24")
    assert client.get(reverse("motions_review:paper", args=[paper.pk])).status_code == 404


def test_review_queue_needs_paper_permission(client, ingested):
    user = staff_user_for(ingested)
    user.groups.first().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("motions_review:index")).status_code in (302, 403)


def _marks(html: str) -> dict[str, tuple[float, float, float, float]]:
    import re

    return {
        label: tuple(float(v) for v in box)
        for *box, label in re.findall(
            r'class="review-mark" style="left: ([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%;"'
            r'[^>]*><span class="review-mark__label">([^<]+)</span>',
            html,
        )
    }


def test_review_page_marks_the_recognised_values_on_the_page_image(client, ingested):
    import shutil

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed: no page image to mark")
    client.force_login(admin_staff(ingested))
    paper = Paper.objects.get(reference="VII/0680/24")
    html = client.get(reverse("motions_review:paper", args=[paper.pk])).content.decode()
    image_url = reverse("motions_review:page_image", args=[paper.pk, 1])
    assert f'src="{image_url}"' in html
    marks = _marks(html)
    # the reference and the subject stand in the upper part of page 1, each in its own box
    assert {"Drucksachennummer", "Betreff"} <= set(marks)
    for left, top, width, height in marks.values():
        assert 0 <= left < 100 and 0 <= top < 60 and 0 < width <= 100 and 0 < height < 10
    assert marks["Betreff"][1] > marks["Drucksachennummer"][1]  # the subject is below the number
    # the same values in words, for those who do not see the image
    assert "Auf Seite 1 markiert:" in html
    assert "Drucksachennummer („VII/0680/24“)" in html
    assert "Seite 1, im Seitenbild markiert" in html
    image = client.get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert client.get(reverse("motions_review:page_image", args=[paper.pk, 99])).status_code == 404


def test_review_page_image_is_scoped_to_the_staff_body(client, ingested):
    client.force_login(admin_staff(BodyFactory(name="Stadt Anderswo")))
    paper = Paper.objects.get(reference="VII/0680/24")
    assert client.get(reverse("motions_review:page_image", args=[paper.pk, 1])).status_code == 404
