"""One row per piece of background work not yet done (DESIGN.md, "Nothing lost, nothing invented")."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    PENDING = "pending", _("wartet")
    FAILED = "failed", _("fehlgeschlagen")


class Message(models.Model):
    """Work for a registered handler (``topic``) with its JSON ``payload``.

    A message is deleted in the transaction that did its work. Until then it waits; a failed
    attempt pushes ``available_at`` back (exponential back-off) and notes the error, and after
    ``RIS_OUTBOX_MAX_ATTEMPTS`` attempts the message stays as a recorded failure (``failed``)
    for an operator to look at and re-queue (``manage.py outbox --retry-failed``).
    """

    topic = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField(default=timezone.now)
    created = models.DateTimeField(auto_now_add=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Nachricht der Ausgangswarteschlange")
        verbose_name_plural = _("Nachrichten der Ausgangswarteschlange")
        indexes = [models.Index(fields=["state", "available_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk} ({self.state}, {self.attempts})"
