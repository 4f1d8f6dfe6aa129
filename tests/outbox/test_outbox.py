"""The transactional outbox: written with the change, drained after it, retried, never dropped."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from outbox.models import Message, MessageState
from outbox.registry import register
from outbox.services import message_enqueue, outbox_drain
from search.models import SearchDocument
from search.outbox_handlers import TOPIC as INDEX
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

calls: list[dict] = []


@register("test.flaky", batch=True)
def _flaky(payloads):
    """A real handler for the tests: fails for payloads marked bad, records the others."""
    if any(p.get("bad") for p in payloads):
        raise RuntimeError("kaputt")
    calls.extend(payloads)


def test_save_writes_its_index_update_in_its_own_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        with pytest.raises(RuntimeError), transaction.atomic():
            PaperFactory(name="Zurückgerollt")
            assert Message.objects.filter(topic=INDEX).exists()
            raise RuntimeError
        assert not Message.objects.exists()  # rolled back with the save
        paper = PaperFactory(name="Radweg")
    (message,) = Message.objects.filter(topic=INDEX)
    assert ["paper", paper.pk] in message.payload["targets"]
    assert not SearchDocument.objects.exists()  # nothing drained before the commit


def test_drain_indexes_and_deletes_the_messages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        paper = PaperFactory(name="Radweg an der Ringstraße")
        paper.name = "Radweg an der Ringstraße (neu)"
        paper.save()
    assert Message.objects.filter(topic=INDEX).count() == 2  # one per save (and the alert's dispatch)
    waiting = Message.objects.count()
    result = outbox_drain()
    assert result.done == waiting and result.failed == result.retried == 0
    assert not Message.objects.exists()
    assert SearchDocument.objects.filter(kind="paper", object_id=paper.pk, title__contains="(neu)").count() == 1


def test_commit_drains_in_process_without_a_broker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper = PaperFactory(name="Bolzplatz")
    assert not Message.objects.exists()
    assert SearchDocument.objects.filter(kind="paper", object_id=paper.pk).exists()


@override_settings(RIS_OUTBOX_MAX_ATTEMPTS=2, RIS_OUTBOX_BACKOFF_SECONDS=30)
def test_failure_backs_off_then_is_recorded_and_does_not_hold_up_the_others():
    calls.clear()
    bad = message_enqueue(topic="test.flaky", payload={"bad": True})
    message_enqueue(topic="test.flaky", payload={"n": 1})
    message_enqueue(topic="test.flaky", payload={"n": 2})
    first = outbox_drain()
    assert (first.done, first.retried, first.failed) == (2, 1, 0)
    assert calls == [{"n": 1}, {"n": 2}]  # the batch failed; each good message ran on its own
    bad.refresh_from_db()
    assert bad.state == MessageState.PENDING and bad.attempts == 1 and "kaputt" in bad.last_error
    assert bad.available_at > timezone.now() + datetime.timedelta(seconds=25)
    assert outbox_drain().retried == 0  # not due yet: backing off
    Message.objects.filter(pk=bad.pk).update(available_at=timezone.now())
    assert outbox_drain().failed == 1
    bad.refresh_from_db()
    assert bad.state == MessageState.FAILED and bad.attempts == 2
    assert outbox_drain().done == 0  # a recorded failure waits for an operator


def test_unknown_topic_is_a_recorded_failure():
    message = message_enqueue(topic="nobody.listens", payload={})
    assert outbox_drain().failed == 1
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and "no handler" in message.last_error


def test_operator_command_requeues_failures(capsys):
    from django.core.management import call_command

    Message.objects.create(topic="test.flaky", payload={"n": 3}, state=MessageState.FAILED, attempts=8)
    calls.clear()
    call_command("outbox", "--retry-failed", "--drain")
    assert calls == [{"n": 3}] and not Message.objects.exists()
    assert "outbox empty" in capsys.readouterr().out
