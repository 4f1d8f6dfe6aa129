"""The staff's privacy work in the real admin: the check of a paper, one-click redaction,
dismissal with a reason, the publish confirmation in the audit log, marking words on a file page."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from motions.extraction import file_extract
from motions.services import file_create
from privacy.models import Finding, FindingStatus, TextRedaction
from ris.pdf_render import render_text_pdf
from tests.admin.conftest import grant_staff, wagtail_root
from tests.factories import BodyFactory, PaperFactory, PersonFactory, staff_user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(django_capture_on_commit_callbacks):
    wagtail_root()
    body = BodyFactory(name="Stadt Prüfstadt", slug="pruefstadt")
    PersonFactory(body=body, name="Andreas Michelmann")
    staff = staff_user_for(body)
    grant_staff(staff.groups.get())
    paper = PaperFactory(
        body=body,
        public=True,
        live=False,
        name="Baumschutz vor dem Haus von Frau Erika Vogt",
        facts="<p>Frau Erika Vogt, Gartenstraße 9, hat sich an Herrn Andreas Michelmann gewandt.</p>",
    )
    content = render_text_pdf(title="Schreiben", text="Absenderin: Erika Vogt\nTelefon 0171 2345678\nBitte prüfen.")
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(
            body=body, name="Schreiben", content=content, file_name="schreiben.pdf", paper=paper, extract=False
        )
        file_extract(file=file)
    file.refresh_from_db()
    return {"body": body, "staff": staff, "paper": paper, "file": file}


def test_publishing_with_open_findings_is_held_until_confirmed(client, office):
    paper, staff = office["paper"], office["staff"]
    client.force_login(staff)
    edit = reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk])
    check = reverse("privacy_admin:paper", args=[paper.pk])

    response = client.post(edit, {"action-publish": "1", "public": "on"})
    assert response.status_code == 302 and response.url == check
    approve = {"action-workflow-action": "1", "workflow-action-name": "approve"}
    assert client.post(edit, approve).url == check  # the Freigabe's approval publishes too
    paper.refresh_from_db()
    assert not paper.live
    # Submitting for Freigabe is not held, only told.
    submitted = client.post(edit, {"action-submit": "1"})
    assert getattr(submitted, "url", None) != check

    page = client.get(check).content.decode()
    assert "Erika Vogt" in page and "Gartenstraße 9" in page and "0171 2345678" in page
    assert "Michelmann</mark>" not in page  # a known person is no finding
    assert "Telefonnummer" in page and "Name einer Privatperson" in page

    client.post(check, {"action": "confirm"})
    entry = ModelLogEntry.objects.for_instance(paper).get(action="privacy.publish_confirmed")
    assert entry.user == staff and entry.data["count"] == Finding.objects.filter(paper=paper, status="offen").count()
    response = client.post(edit, {"action-publish": "1", "public": "on"})
    assert not (response.status_code == 302 and response.url == check)


def test_one_click_redaction_and_dismissal_with_a_reason(client, office):
    paper, staff = office["paper"], office["staff"]
    client.force_login(staff)
    check = reverse("privacy_admin:paper", args=[paper.pk])
    client.get(check)
    name = Finding.objects.get(paper=paper, field="facts", category="name")
    address = Finding.objects.get(paper=paper, field="facts", category="address")
    phone = Finding.objects.get(paper=paper, file=office["file"], category="phone")

    client.post(check, {"action": "redact", "finding": name.pk})
    name.refresh_from_db()
    paper.refresh_from_db()
    assert name.status == FindingStatus.REDACTED
    assert TextRedaction.objects.filter(paper=paper, text="Erika Vogt").exists()
    assert "Erika Vogt" not in paper.public_texts["facts"] and "Gartenstraße 9" in paper.public_texts["facts"]

    client.post(check, {"action": "dismiss", "finding": address.pk, "reason": "  "})
    address.refresh_from_db()
    assert address.status == FindingStatus.OPEN
    client.post(check, {"action": "dismiss", "finding": address.pk, "reason": "Einwilligung liegt vor"})
    address.refresh_from_db()
    assert address.status == FindingStatus.DISMISSED and address.reason == "Einwilligung liegt vor"
    assert ModelLogEntry.objects.for_instance(paper).filter(action="privacy.dismiss").exists()

    subject = Finding.objects.get(paper=paper, field="name", category="name")
    client.post(check, {"action": "redact", "finding": subject.pk})  # changed in the form, not redacted
    subject.refresh_from_db()
    assert subject.status == FindingStatus.OPEN

    client.post(check, {"action": "redact", "finding": phone.pk})
    file = office["file"]
    file.refresh_from_db()
    assert file.public_version and "2345678" not in file.public_text and "Bitte prüfen" in file.public_text
    # Redacted and dismissed findings stay decided when the check runs again.
    client.get(check)
    assert Finding.objects.get(pk=address.pk).status == FindingStatus.DISMISSED


def test_marking_words_on_a_file_page(client, office):
    file, staff = office["file"], office["staff"]
    client.force_login(staff)
    url = reverse("privacy_admin:file_page", args=[file.pk, 1])
    assert url in client.get(reverse("wagtailsnippets_motions_file:list")).content.decode()
    response = client.get(url)
    words = response.context["lines"]
    index = next(w.index for line in words for w, _hidden in line if w.text == "Vogt")
    client.post(url, {"word": [str(index)]})
    file.refresh_from_db()
    assert file.public_version and "Vogt" not in file.public_text
    assert file.pages.get(number=1).public_text.count("Vogt") == 0
    for version in ("original", "oeffentlich"):
        image = client.get(reverse("privacy_admin:file_page_image", args=[file.pk, 1, version]))
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    redaction = file.redactions.get()
    client.post(url, {"action": "unredact", "redaction": redaction.pk})
    file.refresh_from_db()
    assert not file.public_version


def test_staff_without_the_right_to_change_papers_are_turned_away(client, office):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message."""
    from django.contrib.auth.models import Permission

    group = office["staff"].groups.get()
    group.permissions.remove(*Permission.objects.filter(codename__in=["change_paper", "change_file"]))
    client.force_login(office["staff"])
    for url in (
        reverse("privacy_admin:paper", args=[office["paper"].pk]),
        reverse("privacy_admin:file_page", args=[office["file"].pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/admin/"


def test_staff_of_another_body_get_404(client, office):
    other = staff_user_for(BodyFactory())
    grant_staff(other.groups.get())
    client.force_login(other)
    for url in (
        reverse("privacy_admin:paper", args=[office["paper"].pk]),
        reverse("privacy_admin:file_page", args=[office["file"].pk, 1]),
        reverse("privacy_admin:file_page_image", args=[office["file"].pk, 1, "original"]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "confirm"}).status_code == 404


def test_retention_report_shows_only_the_own_body_and_runs_a_dry_run(client, office):
    import datetime

    from django.contrib.auth.models import Permission

    from privacy.models import RetentionAction, RetentionRule, RetentionRun, RetentionSubject

    # As the demo grants it (privacy.demo): staff keep their bodies' rules.
    office["staff"].groups.get().permissions.add(
        *Permission.objects.filter(content_type__app_label="privacy", content_type__model="retentionrule")
    )
    other_body = BodyFactory(name="Stadt Fremd")
    for body in (office["body"], other_body):
        RetentionRule.objects.create(
            body=body, subject=RetentionSubject.NONPUBLIC_PAPERS, years=1, action=RetentionAction.DELETE
        )
        PaperFactory(body=body, public=False, date=datetime.date(2001, 1, 1), name=f"Uralt {body.name}")
    client.force_login(office["staff"])
    url = reverse("privacy_admin:retention")
    client.post(url)
    run = RetentionRun.objects.get()
    assert run.dry_run and len(run.report) == 1
    page = client.get(url).content.decode()
    assert "Uralt Stadt Prüfstadt" in page and "Uralt Stadt Fremd" not in page
    rules = client.get(reverse("wagtailsnippets_privacy_retentionrule:list")).content.decode()
    assert "Stadt Prüfstadt" in rules and "Stadt Fremd" not in rules
