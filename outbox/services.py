"""Writing work to the outbox and draining it.

``message_enqueue`` inserts a row in the caller's transaction and, once that transaction
commits, asks the worker to drain (``outbox.tasks.drain``). That request is best-effort: when
the broker is down it is only logged, and the periodic sweep (Celery beat,
``RIS_OUTBOX_SWEEP_SECONDS``) or the next successful request drains the row instead. Without a
broker (the embedded mode) the drain runs in-process right after the commit, as tasks did before.

``outbox_drain`` takes due messages under ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL), so
any number of workers drain side by side and no message is worked on twice at the same time; on
SQLite the writers are serialised by the database anyway (``transaction_mode=IMMEDIATE``). The
handler's writes, the deletion of the message and any follow-up messages commit together: a
worker killed half-way leaves the message waiting, not half-done and forgotten.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox import registry
from outbox.models import Message, MessageState

log = logging.getLogger(__name__)


def message_enqueue(*, topic: str, payload: dict) -> Message:
    """Record work for ``topic``'s handler; it runs after the surrounding transaction commits."""
    message = Message.objects.create(topic=topic, payload=payload)
    _kick_after_commit()
    return message


def _kick_after_commit() -> None:
    """Ask for a drain once the transaction commits. One request per message: a drain finds all
    due messages, so the later requests of a transaction cost one empty query each."""
    transaction.on_commit(_kick)


def _kick() -> None:
    from outbox.tasks import drain

    try:
        drain.apply_async(retry=False)  # fail at once, not after the publish retries
    except Exception as exc:  # the broker is down: the message waits for the sweep
        log.warning("Outbox: could not ask a worker to drain (%s); the periodic sweep will", exc)


@dataclass
class DrainResult:
    done: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __add__(self, other: DrainResult) -> DrainResult:
        return DrainResult(
            self.done + other.done,
            self.retried + other.retried,
            self.failed + other.failed,
            self.errors + other.errors,
        )


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: base · 2^(attempts-1), at most one hour."""
    base = settings.RIS_OUTBOX_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def outbox_drain(*, batch: int | None = None, max_batches: int = 50) -> DrainResult:
    """Work off due messages, ``batch`` at a time, until none is due (or ``max_batches`` ran)."""
    batch = batch or settings.RIS_OUTBOX_BATCH
    total = DrainResult()
    for _ in range(max_batches):
        result, taken = _drain_batch(batch)
        total = total + result
        if taken < batch:
            break
    return total


def _drain_batch(batch: int) -> tuple[DrainResult, int]:
    result = DrainResult()
    with transaction.atomic():
        messages = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(state=MessageState.PENDING, available_at__lte=timezone.now())
            .order_by("pk")[:batch]
        )
        by_topic: dict[str, list[Message]] = {}
        for message in messages:
            by_topic.setdefault(message.topic, []).append(message)
        done: list[int] = []
        for topic, group in by_topic.items():
            handler = registry.handler_for(topic)
            if handler is None:
                for message in group:
                    _record_failure(message, f"no handler registered for topic {topic!r}", result, permanent=True)
                continue
            if handler.batch and len(group) > 1 and _run(handler, group) is None:
                done.extend(m.pk for m in group)
                continue
            for message in group:  # one at a time, or to find the one a failed batch choked on
                error = _run(handler, [message])
                if error is None:
                    done.append(message.pk)
                else:
                    _record_failure(message, error, result)
        Message.objects.filter(pk__in=done).delete()
        result.done = len(done)
    return result, len(messages)


def _run(handler: registry.Handler, messages: list[Message]) -> str | None:
    """Run the handler in a savepoint; returns the error text of a failure (its writes undone)."""
    try:
        with transaction.atomic():
            handler.func([m.payload for m in messages])
    except Exception as exc:
        log.warning("Outbox: %s failed for %d message(s): %s", handler.topic, len(messages), exc)
        return "".join(traceback.format_exception_only(exc)).strip()[:2000]
    return None


def _record_failure(message: Message, error: str, result: DrainResult, *, permanent: bool = False) -> None:
    attempts = message.attempts + 1
    failed = permanent or attempts >= settings.RIS_OUTBOX_MAX_ATTEMPTS
    Message.objects.filter(pk=message.pk).update(
        attempts=attempts,
        last_error=error,
        state=MessageState.FAILED if failed else MessageState.PENDING,
        available_at=timezone.now() + backoff(attempts),
    )
    result.errors.append(f"{message.topic} #{message.pk}: {error}")
    if failed:
        result.failed += 1
        log.error("Outbox: %s #%s gave up after %d attempt(s): %s", message.topic, message.pk, attempts, error)
    else:
        result.retried += 1


def outbox_retry_failed() -> int:
    """Put every recorded failure back in the queue (after the cause was fixed). Returns: how many."""
    count = Message.objects.filter(state=MessageState.FAILED).update(
        state=MessageState.PENDING, attempts=0, available_at=timezone.now()
    )
    if count:
        transaction.on_commit(_kick)
    return count
