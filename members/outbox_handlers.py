"""Alerts as outbox work (``outbox``): an event's dispatch and each immediate mail are written
in the transaction that caused them and done by whoever drains the outbox.

One message at a time (no batch): a mail that went out must not go out again because another
message of the same batch failed.
"""

from outbox.registry import register

DISPATCH = "members.dispatch_event"
SEND = "members.send_alert"
ACCOUNT_MAIL = "members.account_mail"


@register(DISPATCH)
def dispatch(payloads: list[dict]) -> None:
    """Create the event's alerts (``members.tasks.dispatch_event``, run here, idempotent)."""
    from members.tasks import dispatch_event

    for payload in payloads:
        dispatch_event(payload["event"])


@register(SEND)
def send(payloads: list[dict]) -> None:
    """Hand each alert to the mail task, which retries the SMTP side; raises (and the message
    waits for the next drain) while the broker cannot take it."""
    from members.tasks import send_alert

    for payload in payloads:
        send_alert.delay(payload["alert"])


@register(ACCOUNT_MAIL)
def account_mail(payloads: list[dict]) -> None:
    """Hand a verification or invitation mail to its task (``members.services``)."""
    from members.tasks import send_invitation, send_verification

    tasks = {"send_verification": send_verification, "send_invitation": send_invitation}
    for payload in payloads:
        tasks[payload["task"]].delay(payload["user"])
