"""Thin Celery tasks: they take primary keys, are idempotent, and retry what is transient.

A failed delivery (SMTP down, connection reset) is retried with backoff by Celery; the change
that caused the mail has long been committed (the tasks are queued with ``on_commit``).
"""

import smtplib

from celery import Task, shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.mail import absolute, mail_render
from members.tokens import uid_for, verification_token_generator


class MailTask(Task):
    """Retries a failed delivery (Celery autoretry) after ``RIS_MAIL_RETRY_DELAY`` seconds, eight times."""

    autoretry_for = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
    max_retries = 8

    @property
    def default_retry_delay(self):
        return getattr(settings, "RIS_MAIL_RETRY_DELAY", 300)


RETRY = {"base": MailTask}


@shared_task(**RETRY)
def send_verification(user_pk: int) -> bool:
    user = get_user_model().objects.select_related("ris_account").filter(pk=user_pk).first()
    if user is None or not user.email or (user.is_active and user.ris_account.email_verified):
        return False  # verified already
    token = verification_token_generator.make_token(user)
    link = absolute(reverse("members:verify", kwargs={"uidb64": uid_for(user), "token": token}))
    mail_render(template="verify", context={"user": user, "link": link}, to=user.email).send()
    return True


@shared_task(**RETRY)
def send_invitation(user_pk: int) -> bool:
    from django.contrib.auth.tokens import default_token_generator

    user = get_user_model().objects.select_related("ris_account__person").filter(pk=user_pk).first()
    if user is None or not user.email or user.has_usable_password():
        return False  # accepted already: the link would be dead anyway
    token = default_token_generator.make_token(user)
    link = absolute(reverse("members:invitation", kwargs={"uidb64": uid_for(user), "token": token}))
    person = user.ris_account.person
    mail_render(template="invitation", context={"user": user, "person": person, "link": link}, to=user.email).send()
    return True


@shared_task
def dispatch_event(event_pk: int) -> int:
    """Create one alert per interested recipient who may see the event; mail the immediate ones.

    Idempotent: an alert exists at most once per user and event. Returns the number of new alerts.
    """
    from django.contrib.auth.models import AnonymousUser

    from members.alerts import alert_reason, alert_visible, event_recipients, meeting_member_users
    from members.models import Alert, Delivery, Event, EventKind

    event = Event.objects.select_related("paper", "file", "consultation", "meeting").filter(pk=event_pk).first()
    if event is None:
        return 0
    told = set(Alert.objects.filter(event=event).values_list("user_id", flat=True))
    if event.kind == EventKind.NEW_PAPER:  # whoever heard of this paper already needs no second alert
        told |= set(
            Alert.objects.filter(event__kind=EventKind.NEW_PAPER, event__paper_id=event.paper_id).values_list(
                "user_id", flat=True
            )
        )
    # What everybody may see needs no check per recipient; only non-public events do.
    public = alert_visible(user=AnonymousUser(), event=event)
    new = [
        Alert(user=f.user, event=event, follow=f, reason=alert_reason(event=event, follow=f))
        for f in event_recipients(event)
        if f.user_id not in told and (public or alert_visible(user=f.user, event=event))
    ]
    # The organization's members hear of their invitation (and each Nachtrag) even without a follow.
    told |= {a.user_id for a in new}
    for user in meeting_member_users(event):
        if user.pk not in told and alert_visible(user=user, event=event):
            reason = alert_reason(event=event, follow=None)
            new.append(Alert(user=user, event=event, follow=None, reason=reason))
            told.add(user.pk)
    Alert.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent run may have written some
    immediate = list(
        Alert.objects.filter(
            event=event,
            user_id__in=[a.user_id for a in new],
            sent_at__isnull=True,
            user__ris_account__delivery=Delivery.IMMEDIATE,
        ).values_list("pk", flat=True)
    )
    from members.outbox_handlers import SEND
    from outbox.services import message_enqueue

    for pk in immediate:  # handed to the mail task through the outbox: not lost if the broker is down
        message_enqueue(topic=SEND, payload={"alert": pk})
    Event.objects.filter(pk=event.pk).update(dispatched=True)
    return len(new)


def _send_alerts(user, alerts, template: str) -> int:
    """Render and send the alerts the user may (still) see; mark all of them handled."""
    from django.utils import timezone

    from members.alerts import alert_visible, event_subject
    from members.models import Alert
    from members.tokens import unsubscribe_token

    items = []
    for alert in alerts:
        if alert_visible(user=user, event=alert.event):
            subject = event_subject(alert.event)
            items.append(
                {
                    "reason": alert.reason,
                    "title": str(subject),
                    "link": absolute(subject.get_absolute_url()),
                    "unsubscribe": absolute(
                        reverse(
                            "members:unsubscribe",
                            kwargs={"token": unsubscribe_token(user_id=user.pk, follow_id=alert.follow_id)},
                        )
                    )
                    if alert.follow_id
                    else "",
                    "follow": str(alert.follow) if alert.follow_id else "",
                }
            )
    if items:
        unsubscribe_all = absolute(
            reverse("members:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user.pk, follow_id=None)})
        )
        one_click = items[0]["unsubscribe"] if len(items) == 1 and items[0]["unsubscribe"] else unsubscribe_all
        headers = {"List-Unsubscribe": f"<{one_click}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        context = {"user": user, "items": items, "unsubscribe_all": unsubscribe_all}
        mail_render(template=template, context=context, to=user.email, headers=headers).send()
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(sent_at=timezone.now())
    return len(items)


@shared_task(**RETRY)
def send_alert(alert_pk: int) -> int:
    from members.models import Alert

    alert = (
        Alert.objects.select_related("user", "event__paper", "event__file", "event__consultation", "event__meeting")
        .filter(pk=alert_pk, sent_at__isnull=True)
        .first()
    )
    if alert is None or not alert.user.is_active:
        return 0
    return _send_alerts(alert.user, [alert], "alert")


@shared_task(**RETRY)
def send_digest(user_pk: int) -> int:
    from members.models import Alert

    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return 0
    alerts = list(
        Alert.objects.filter(user=user, sent_at__isnull=True)
        .select_related("event__paper", "event__file", "event__consultation", "event__meeting", "follow")
        .order_by("created")
    )
    if not alerts:
        return 0
    return _send_alerts(user, alerts, "digest")


@shared_task
def send_daily_digests() -> int:
    """Celery beat, once a day: one digest per user who chose the daily summary."""
    from members.models import Alert, Delivery

    users = (
        Alert.objects.filter(sent_at__isnull=True, user__ris_account__delivery=Delivery.DAILY)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = list(users)
    for user_pk in users:
        send_digest.delay(user_pk)
    return len(users)


@shared_task
def prune_login_records() -> tuple[int, int]:
    """Daily (beat): sign-ins and login counters older than ``RIS_LOGIN_LOG_KEEP_DAYS`` go."""
    from ris.login_limits import login_records_prune

    return login_records_prune()
