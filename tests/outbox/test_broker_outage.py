"""A broker outage delays index updates and alerts, never drops them: a Redis this test starts,
stops and starts again, and a real Celery worker that drains what waited."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from members.models import Account, Alert, Delivery, FollowKind
from members.services import follow_create
from outbox.models import Message
from search.selectors import request_from_params, search
from tests.factories import ConsultationFactory, OrganizationFactory, PaperFactory, UserFactory
from tests.infra import celery_app_on, redis_server

pytestmark = pytest.mark.django_db(transaction=True)


def _find(q: str) -> int:
    return search(user=AnonymousUser(), request=request_from_params({"q": q})).count


def _until(check, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_paper_saved_while_redis_is_down_is_indexed_once_it_is_back():
    with redis_server() as redis, celery_app_on(redis.url) as app:
        redis.stop()
        paper = PaperFactory(name="Hochwasserschutz am Mühlgraben")  # the save succeeds; the drain request fails
        waiting = [m.payload["targets"] for m in Message.objects.filter(topic="search.index")]
        assert [["paper", paper.pk]] in waiting
        assert _find("Hochwasserschutz") == 0
        redis.start()
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            # What `celery beat` sends every RIS_OUTBOX_SWEEP_SECONDS:
            app.send_task(settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]["task"])
            assert _until(lambda: _find("Hochwasserschutz") == 1)
        assert not Message.objects.exists()


def test_alert_of_a_change_made_while_redis_is_down_is_mailed_once_it_is_back():
    committee = OrganizationFactory(name="Bauausschuss")
    paper = PaperFactory(body=committee.body, name="Bebauungsplan Nr. 12")
    user = UserFactory(email="ratsmitglied@example.org")
    Account.objects.create(user=user, email_verified=True, delivery=Delivery.IMMEDIATE)
    follow_create(user=user, kind=FollowKind.PAPER, target=paper)
    Message.objects.all().delete()  # what the setup queued is not this test's business
    mail.outbox.clear()
    with redis_server() as redis, celery_app_on(redis.url) as app:
        redis.stop()
        ConsultationFactory(paper=paper, organization=committee, result="angenommen")
        assert Message.objects.filter(topic="members.dispatch_event").exists()
        assert not mail.outbox
        redis.start()
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            app.send_task(settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]["task"])
            assert _until(lambda: len(mail.outbox) == 1)
    assert "Bauausschuss" in mail.outbox[0].body
    assert Alert.objects.filter(user=user, sent_at__isnull=False).count() == 1
