"""Alerts through a real Celery worker on Redis: the change commits, the worker mails, a failure is retried."""

import time

import pytest
from django.core import mail

from members.models import Account, Alert, FollowKind
from members.services import follow_create
from sessions.models import Result
from tests.factories import ConsultationFactory, OrganizationFactory, PaperFactory, UserFactory
from tests.members.flaky_mail import FlakyBackend


def _wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_alert_is_mailed_by_the_worker_after_a_failed_delivery(real_worker, settings):
    settings.EMAIL_BACKEND = "tests.members.flaky_mail.FlakyBackend"
    settings.RIS_MAIL_RETRY_DELAY = 1
    FlakyBackend.failures, FlakyBackend.attempts = 1, 0
    paper = PaperFactory(name="Radverkehrskonzept")
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True)
    follow_create(user=user, kind=FollowKind.PAPER, target=paper)
    committee = OrganizationFactory(body=paper.body, name="Bauausschuss")

    ConsultationFactory(paper=paper, organization=committee, result=Result.ADOPTED)  # commits at once

    assert _wait_for(lambda: len(mail.outbox) == 1), f"no mail after {FlakyBackend.attempts} attempts"
    assert FlakyBackend.attempts == 2
    assert "neue Beratung im Bauausschuss: angenommen" in mail.outbox[0].body
    assert _wait_for(lambda: Alert.objects.filter(user=user, sent_at__isnull=False).exists())
