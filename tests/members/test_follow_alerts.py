"""Following and alerts: the sentence says why, nothing the recipient may not see, unsubscribe without login."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.alerts import search_matches
from members.models import Account, Alert, Delivery, Follow, FollowKind
from members.services import follow_create
from members.tasks import send_daily_digests
from motions.models import FileRole, PaperType
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from sessions.models import Result
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
)
from tests.members.flaky_mail import FlakyBackend

pytestmark = pytest.mark.django_db


def _verified(delivery=Delivery.IMMEDIATE, person=None):
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True, delivery=delivery, person=person)
    return user


@pytest.fixture
def lubeck():
    body = BodyFactory(name="Hansestadt Lübeck")
    committee = OrganizationFactory(body=body, name="Hauptausschuss")
    meeting = MeetingFactory(organization=committee, start=timezone.make_aware(datetime.datetime(2014, 9, 16, 16, 0)))
    inquiry = PaperFactory(body=body, paper_type=PaperType.INQUIRY, name="Anfrage zur Haushaltslage")
    return {"body": body, "committee": committee, "meeting": meeting, "inquiry": inquiry}


def test_follow_needs_sign_in_and_verified_address(client, lubeck):
    url = reverse("members:follow")
    response = client.post(url, {"kind": "vorlage", "pk": lubeck["inquiry"].pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse("members:login"))
    unverified = UserFactory()
    client.force_login(unverified)
    client.post(url, {"kind": "vorlage", "pk": lubeck["inquiry"].pk})
    assert not Follow.objects.exists()
    client.force_login(_verified())
    client.post(url, {"kind": "vorlage", "pk": lubeck["inquiry"].pk})
    assert Follow.objects.filter(kind=FollowKind.PAPER, paper=lubeck["inquiry"]).count() == 1


def test_following_a_non_public_paper_is_refused_to_citizens(client, lubeck):
    secret = PaperFactory(body=lubeck["body"], public=False)
    client.force_login(_verified())
    client.post(reverse("members:follow"), {"kind": "vorlage", "pk": secret.pk})
    assert not Follow.objects.exists()


def test_consultation_result_alert_says_where_when_and_what(lubeck, django_capture_on_commit_callbacks):
    user = _verified()
    follow_create(user=user, kind=FollowKind.PAPER, target=lubeck["inquiry"])
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(
            paper=lubeck["inquiry"], organization=lubeck["committee"], meeting=lubeck["meeting"], result=Result.NOTED
        )
    (message,) = mail.outbox
    assert "neue Beratung im Hauptausschuss am 16.09.2014: zur Kenntnis genommen" in message.body
    assert lubeck["inquiry"].get_absolute_url() in message.body
    html = message.alternatives[0][0]
    assert "neue Beratung im Hauptausschuss am 16.09.2014" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_result_recorded_by_the_sitzungsdienst_alerts_followers_and_opens_tracking(
    lubeck, django_capture_on_commit_callbacks
):
    from members.models import ResolutionTracking
    from motions.models import ConsultationRole
    from proceedings.services import agenda_item_result_record
    from tests.factories import AgendaItemFactory

    motion = PaperFactory(body=lubeck["body"], paper_type=PaperType.MOTION, name="Antrag Hafenbeleuchtung")
    item = AgendaItemFactory(meeting=lubeck["meeting"])
    ConsultationFactory(
        paper=motion,
        organization=lubeck["committee"],
        meeting=lubeck["meeting"],
        agenda_item=item,
        role=ConsultationRole.DECISION,
        authoritative=True,
    )
    follow_create(user=_verified(), kind=FollowKind.PAPER, target=motion)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agenda_item_result_record(item=item, result=Result.ADOPTED, yes=9, no=2, abstain=1)
    (message,) = mail.outbox
    assert "neue Beratung im Hauptausschuss am 16.09.2014: angenommen" in message.body
    assert ResolutionTracking.objects.filter(paper=motion).exists()


def test_answer_alert_speaks_to_the_member_who_asked(lubeck, django_capture_on_commit_callbacks):
    asker = PersonFactory(body=lubeck["body"], name="Oliver Dedow")
    lubeck["inquiry"].originator_persons.add(asker)
    member = _verified(person=asker)
    citizen = _verified()
    for user in (member, citizen):
        follow_create(user=user, kind=FollowKind.PAPER, target=lubeck["inquiry"])
    with django_capture_on_commit_callbacks(execute=True):
        PaperFactory(body=lubeck["body"], paper_type=PaperType.ANSWER, answers=lubeck["inquiry"])
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Antwort auf Ihre Anfrage eingegangen" in bodies[member.email]
    assert "Antwort auf die Anfrage eingegangen" in bodies[citizen.email]


def test_new_minutes_alert_for_organization_followers(lubeck, django_capture_on_commit_callbacks):
    user = _verified()
    follow_create(user=user, kind=FollowKind.ORGANIZATION, target=lubeck["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        file_create(
            body=lubeck["body"],
            name="Niederschrift 18. Sitzung",
            content=render_text_pdf(title="Niederschrift", text="Protokoll"),
            file_name="niederschrift.pdf",
            role=FileRole.RESULTS_PROTOCOL,
            meeting=lubeck["meeting"],
            extract=False,
        )
    (message,) = mail.outbox
    assert "neues Dokument: Niederschrift" in message.body


def test_saved_search_alerts_on_matching_new_paper_only(lubeck, django_capture_on_commit_callbacks):
    user = _verified()
    follow_create(user=user, kind=FollowKind.SEARCH, query="Radweg")
    with django_capture_on_commit_callbacks(execute=True):
        PaperFactory(body=lubeck["body"], name="Haushaltssatzung 2025")
        PaperFactory(body=lubeck["body"], name="Neuer Radweg entlang der Wakenitz")
    (message,) = mail.outbox
    assert "neue Vorlage passt zu Ihrer Suche 'Radweg'" in message.subject
    assert "Wakenitz" in message.body and "Haushaltssatzung" not in message.body


def test_alert_never_carries_a_non_public_paper_to_someone_not_entitled(lubeck, django_capture_on_commit_callbacks):
    citizen = _verified()
    person = PersonFactory(body=lubeck["body"])
    MembershipFactory(person=person, organization=lubeck["committee"], start_date=datetime.date(2014, 1, 1))
    member = _verified(person=person)
    for user in (citizen, member):
        follow_create(user=user, kind=FollowKind.SEARCH, query="Grundstück")
    with django_capture_on_commit_callbacks(execute=True):
        secret = PaperFactory(body=lubeck["body"], public=False, name="Verkauf Grundstück Wallstraße", date=None)
        ConsultationFactory(paper=secret, organization=lubeck["committee"], meeting=lubeck["meeting"])
    assert [m.to[0] for m in mail.outbox] == [member.email]
    assert not Alert.objects.filter(user=citizen).exists()


def test_daily_digest_collects_alerts_and_rechecks_access(lubeck, django_capture_on_commit_callbacks):
    user = _verified(delivery=Delivery.DAILY)
    follow_create(user=user, kind=FollowKind.BODY, target=lubeck["body"])
    with django_capture_on_commit_callbacks(execute=True):
        first = PaperFactory(body=lubeck["body"], name="Sanierung Rathausdach")
        second = PaperFactory(body=lubeck["body"], name="Spielplatz Moisling")
    assert not mail.outbox and Alert.objects.filter(user=user, sent_at__isnull=True).count() == 2
    second.public = False  # withdrawn from the public before the digest went out
    second.save()
    assert send_daily_digests() == 1
    (message,) = mail.outbox
    assert "Sanierung Rathausdach" in message.body and "Moisling" not in message.body
    assert "tägliche Zusammenfassung: 1 Neuigkeit" in message.subject
    assert not Alert.objects.filter(user=user, sent_at__isnull=True).exists()
    assert send_daily_digests() == 0  # nothing twice
    del first


def test_unsubscribe_link_from_mail_works_without_login(client, lubeck, django_capture_on_commit_callbacks):
    user = _verified()
    follow_create(user=user, kind=FollowKind.PAPER, target=lubeck["inquiry"])
    follow_create(user=user, kind=FollowKind.SEARCH, query="Haushalt")
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(paper=lubeck["inquiry"], organization=lubeck["committee"], result=Result.NOTED)
    link = re.search(r"Abbestellen: (\S+)", mail.outbox[0].body).group(1).replace("http://127.0.0.1:8000", "")
    page = client.get(link)
    assert page.status_code == 200 and "Anfrage zur Haushaltslage" in page.content.decode()
    assert Follow.objects.filter(user=user).count() == 2  # a GET (link scanner) changes nothing
    done = client.post(link)
    assert done.status_code == 200 and "Abbestellt" in done.content.decode()
    assert list(Follow.objects.filter(user=user).values_list("kind", flat=True)) == [FollowKind.SEARCH]


def test_unsubscribe_rejects_forged_token(client):
    assert client.post(reverse("members:unsubscribe", kwargs={"token": "erfunden"})).status_code == 400


def test_failed_delivery_is_retried_and_never_blocks_the_change(lubeck, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.members.flaky_mail.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.attempts = 2, 0
    user = _verified()
    follow_create(user=user, kind=FollowKind.PAPER, target=lubeck["inquiry"])
    with django_capture_on_commit_callbacks(execute=True):
        consultation = ConsultationFactory(
            paper=lubeck["inquiry"], organization=lubeck["committee"], result=Result.NOTED
        )
    assert consultation.pk  # the change stands
    assert FlakyBackend.attempts == 3 and len(mail.outbox) == 1
    assert Alert.objects.get(user=user).sent_at is not None


def test_permanently_failing_mail_server_leaves_alert_unsent_but_change_saved(
    lubeck, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.members.flaky_mail.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.attempts = 100, 0
    user = _verified()
    follow_create(user=user, kind=FollowKind.PAPER, target=lubeck["inquiry"])
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(paper=lubeck["inquiry"], organization=lubeck["committee"], result=Result.ADOPTED)
    assert FlakyBackend.attempts == 9  # the first try and eight retries
    assert Alert.objects.get(user=user).sent_at is None and not mail.outbox


def test_paper_made_public_later_alerts_citizens_once(lubeck, django_capture_on_commit_callbacks):
    citizen = _verified()
    person = PersonFactory(body=lubeck["body"])
    MembershipFactory(person=person, organization=lubeck["committee"], start_date=datetime.date(2014, 1, 1))
    member = _verified(person=person)
    for user in (citizen, member):
        follow_create(user=user, kind=FollowKind.SEARCH, query="Stadtwerke")
    with django_capture_on_commit_callbacks(execute=True):
        paper = PaperFactory(body=lubeck["body"], public=False, name="Beteiligung Stadtwerke", date=None)
        ConsultationFactory(paper=paper, organization=lubeck["committee"], meeting=lubeck["meeting"])
    assert [m.to[0] for m in mail.outbox] == [member.email]
    with django_capture_on_commit_callbacks(execute=True):
        paper.public = True
        paper.save()
    assert [m.to[0] for m in mail.outbox] == [member.email, citizen.email]


def test_bulk_import_inside_alerts_muted_sends_nothing(lubeck, django_capture_on_commit_callbacks):
    from members.events import alerts_muted

    follow_create(user=_verified(), kind=FollowKind.BODY, target=lubeck["body"])
    with django_capture_on_commit_callbacks(execute=True), alerts_muted():
        PaperFactory(body=lubeck["body"], name="Altakte 1998")
    assert not mail.outbox and not Alert.objects.exists()


@pytest.mark.parametrize(
    ("query", "subject", "matches"),
    [
        ("Radwege", "Neuer Radweg entlang der Wakenitz", True),  # plural finds singular
        ("Strasse", "Sanierung der Straße am Markt", True),  # ß spelled ss
        ("Breitband", "Breitbandausbau in den Ortsteilen", True),  # part of a compound
        ("Radweg Schule", "Neuer Radweg entlang der Wakenitz", False),  # every word must match
        ('"', "Neuer Radweg entlang der Wakenitz", False),  # a query of no words matches nothing
    ],
)
def test_saved_search_understands_german_like_the_search(query, subject, matches):
    paper = PaperFactory.build(name=subject, reference="", resolution_proposal="", facts="", reasoning="", funding="")
    assert (search_matches(paper, [query]) == [query]) is matches
