"""Retention by the body's rules, on fixed days: the dry run reports and changes nothing, the run
deletes (gone from the index, OParl ``deleted: true``, content erased) or anonymises."""

import datetime
import io

import pytest
from django.core.management import call_command
from freezegun import freeze_time
from pdfminer.high_level import extract_text

from motions.extraction import file_extract
from motions.models import File, Paper, PaperState, PaperType
from motions.services import file_create
from privacy.models import RetentionAction, RetentionRule, RetentionRun, RetentionSubject
from privacy.retention import retention_apply
from ris.pdf_render import render_text_pdf
from search.indexing import index_object
from search.models import Kind, SearchDocument
from sessions.models import Person
from tests.factories import BodyFactory, MembershipFactory, OrganizationFactory, PaperFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _pdf_file(body, paper, text):
    content = render_text_pdf(title=paper.name, text=text)
    file = file_create(body=body, name=paper.name, content=content, file_name="anlage.pdf", paper=paper, extract=False)
    file_extract(file=file)
    return file


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    body = BodyFactory(name="Stadt Archiv", slug="archiv")
    council = OrganizationFactory(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        old_secret = PaperFactory(
            body=body, public=False, date=datetime.date(2010, 5, 1), name="Grundstücksverkauf Altlast"
        )
        old_secret.facts = "<p>Käufer ist Herr Bruno Quast.</p>"
        old_secret.save()
        secret_file = _pdf_file(body, old_secret, "Kaufvertrag mit Herrn Bruno Quast")
        recent_secret = PaperFactory(body=body, public=False, date=datetime.date(2020, 5, 1), name="Neuer Verkauf")
        old_public = PaperFactory(body=body, public=True, date=datetime.date(2010, 5, 1), name="Radweg 2010")
        petition = PaperFactory(
            body=body,
            public=True,
            date=datetime.date(2015, 3, 1),
            paper_type=PaperType.OTHER,
            state=PaperState.SETTLED,
            name="Petition Spielplatz",
            facts="<p>Petentin: Frau Erika Vogt, Gartenstraße 9, Telefon 0171 2345678.</p>",
        )
        petition_file = _pdf_file(
            body, petition, "Petentin: Frau Erika Vogt\nGartenstraße 9\nBitte um einen Spielplatz."
        )
        former = PersonFactory(body=body, name="Ilse Ehemalig", email="ilse@example.org", phone="0345 1234567")
        MembershipFactory(
            person=former,
            organization=council,
            start_date=datetime.date(2014, 1, 1),
            end_date=datetime.date(2019, 6, 30),
        )
        current = PersonFactory(body=body, name="Karl Aktiv", email="karl@example.org")
        MembershipFactory(person=current, organization=council, start_date=datetime.date(2019, 7, 1), end_date=None)
    for kind, pk in ((Kind.PAPER, old_secret.pk), (Kind.FILE, secret_file.pk), (Kind.PAPER, petition.pk)):
        index_object(kind, pk)
    rules = [
        RetentionRule.objects.create(
            body=body, subject=RetentionSubject.NONPUBLIC_PAPERS, years=10, action=RetentionAction.DELETE
        ),
        RetentionRule.objects.create(
            body=body,
            subject=RetentionSubject.PETITION_PERSONAL_DATA,
            paper_type=PaperType.OTHER,
            years=5,
            action=RetentionAction.ANONYMISE,
        ),
        RetentionRule.objects.create(
            body=body, subject=RetentionSubject.FORMER_MEMBER_CONTACTS, years=2, action=RetentionAction.ANONYMISE
        ),
    ]
    return locals()


def test_dry_run_reports_and_changes_nothing(archive):
    run = retention_apply(today=datetime.date(2024, 6, 1), dry_run=True)
    planned = {(e["kind"], e["pk"], e["action"]) for e in run.report}
    assert planned == {
        ("paper", archive["old_secret"].pk, "loeschen"),
        ("paper", archive["petition"].pk, "anonymisieren"),
        ("person", archive["former"].pk, "anonymisieren"),
    }
    assert not Paper.objects.get(pk=archive["old_secret"].pk).deleted
    assert Person.objects.get(pk=archive["former"].pk).email == "ilse@example.org"
    assert "Erika Vogt" in Paper.objects.get(pk=archive["petition"].pk).facts


def test_nothing_is_due_before_its_time(archive):
    assert retention_apply(today=datetime.date(2019, 6, 1), dry_run=True).report == []


def test_the_scheduled_command_deletes_and_anonymises_on_its_day(client, archive, django_capture_on_commit_callbacks):
    with freeze_time("2024-06-01 04:00:00"), django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    run = RetentionRun.objects.get()
    assert run.today == datetime.date(2024, 6, 1) and not run.dry_run and all(e["done"] for e in run.report)

    old = Paper.objects.get(pk=archive["old_secret"].pk)
    assert old.deleted and old.facts == "" and not old.revisions.exists()
    secret_file = File.objects.get(pk=archive["secret_file"].pk)
    assert secret_file.deleted and not secret_file.file and secret_file.text == "" and not secret_file.pages.exists()
    assert not SearchDocument.objects.filter(kind=Kind.PAPER, object_id=old.pk).exists()
    assert not SearchDocument.objects.filter(kind=Kind.FILE, object_id=secret_file.pk).exists()
    assert not Paper.objects.get(pk=archive["recent_secret"].pk).deleted
    assert not Paper.objects.get(pk=archive["old_public"].pk).deleted

    petition = Paper.objects.get(pk=archive["petition"].pk)
    assert not petition.deleted and "Erika Vogt" not in petition.facts and "Gartenstraße 9" not in petition.facts
    assert "Petentin" in petition.facts
    petition_file = File.objects.get(pk=archive["petition_file"].pk)
    with petition_file.file.open("rb") as handle:
        pdf_text = extract_text(io.BytesIO(handle.read()))
    assert "Vogt" not in pdf_text and "Spielplatz" in pdf_text
    assert "Vogt" not in petition_file.text

    assert Person.objects.get(pk=archive["former"].pk).email == ""
    assert Person.objects.get(pk=archive["current"].pk).email == "karl@example.org"

    # Running again finds nothing more to do.
    with freeze_time("2024-06-02 04:00:00"):
        assert retention_apply(today=datetime.date(2024, 6, 2), dry_run=False).report == []


def test_a_deleted_public_record_is_served_as_deleted_in_oparl(client, archive, django_capture_on_commit_callbacks):
    body = archive["body"]
    RetentionRule.objects.create(
        body=body,
        subject=RetentionSubject.PETITION_PERSONAL_DATA,
        paper_type=PaperType.OTHER,
        years=5,
        action=RetentionAction.DELETE,
    )
    RetentionRule.objects.filter(
        subject=RetentionSubject.PETITION_PERSONAL_DATA, action=RetentionAction.ANONYMISE
    ).delete()
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(today=datetime.date(2024, 6, 1), dry_run=False)
    data = client.get(f"/oparl/v1.1/paper/{archive['petition'].pk}").json()
    assert data["deleted"] is True
    assert "Vogt" not in str(data)


def test_bad_day_for_the_command_is_a_clear_error(archive):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Stichtag"):
        call_command("apply_retention", "--today", "2024-13-01", stdout=io.StringIO())


def test_the_beat_schedule_names_the_retention_task():
    from django.conf import settings

    from ris.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "privacy.tasks.apply_retention"
    app.loader.import_default_modules()  # what a worker and beat do at start (autodiscovery)
    assert entry["task"] in app.tasks


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_the_retention_task_runs_on_a_real_worker(real_worker):
    from privacy.tasks import apply_retention

    body = BodyFactory(name="Stadt Worker")
    RetentionRule.objects.create(
        body=body, subject=RetentionSubject.NONPUBLIC_PAPERS, years=1, action=RetentionAction.DELETE
    )
    old = PaperFactory(body=body, public=False, date=datetime.date(2001, 1, 1))
    with freeze_time("2024-06-01 04:00:00"):
        run_pk = apply_retention.delay(dry_run=True).get(timeout=60)
    run = RetentionRun.objects.get(pk=run_pk)
    assert run.dry_run and [e["pk"] for e in run.report] == [old.pk]
    assert not Paper.objects.get(pk=old.pk).deleted
