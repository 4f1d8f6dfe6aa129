"""Recording alert events (issue 7): what the signal handlers and bulk importers call.

``event_record`` notes that something happened (idempotent by key) and writes its dispatch to
the outbox in the same transaction (``members.outbox_handlers``), so the change that caused it
never waits for, or fails with, the mail, and a broker outage delays the alert, never drops it. Apart from ``members.alerts`` (who is told, and why) so that the
dependency runs one way: events → tasks → alerts.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from members.models import Event

_muted = threading.local()


@contextmanager
def alerts_muted():
    """No alerts for what happens inside: bulk imports of old archives (ingest, OParl import)."""
    previous = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = previous


def event_record(*, kind: str, key: str, **targets) -> Event | None:
    """Record an event once (by ``key``) and dispatch it after the surrounding transaction commits."""
    if getattr(_muted, "on", False) or Event.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            event = Event.objects.create(kind=kind, key=key, **targets)
    except IntegrityError:
        return None
    from members.outbox_handlers import DISPATCH
    from outbox.services import message_enqueue

    message_enqueue(topic=DISPATCH, payload={"event": event.pk})  # same transaction as the change
    return event
