"""Write use cases of accounts and follows (STYLE.md rule 4). Mails go out after commit, via tasks."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    DEFAULT_DUE_DAYS,
    TARGET_FIELD,
    Account,
    Delivery,
    Follow,
    FollowKind,
    ResolutionTracking,
    TrackingStatus,
)
from ris import access

EMAIL_TAKEN = _("Für diese E-Mail-Adresse gibt es schon ein Konto.")
PERSON_HAS_ACCOUNT = _("Diese Person hat schon ein Konto.")
NOT_STAFF_OF_BODY = _("Sie können nur Personen Ihrer eigenen Körperschaft einladen.")
FOLLOW_NEEDS_VERIFIED_EMAIL = _("Zum Folgen brauchen Sie eine bestätigte E-Mail-Adresse.")
FOLLOW_TARGET_MISSING = _("Das gibt es nicht (mehr) oder Sie dürfen es nicht sehen.")
FOLLOW_QUERY_EMPTY = _("Bitte einen Suchbegriff angeben.")
TRACKING_TRANSITION_REFUSED = _("Der Stand „%(old)s“ kann nicht zu „%(new)s“ werden.")

ALLOWED_TRANSITIONS = {
    TrackingStatus.OPEN: {TrackingStatus.IN_PROGRESS, TrackingStatus.DONE, TrackingStatus.IMPOSSIBLE},
    TrackingStatus.IN_PROGRESS: {TrackingStatus.DONE, TrackingStatus.IMPOSSIBLE, TrackingStatus.OPEN},
    TrackingStatus.DONE: {TrackingStatus.IN_PROGRESS},
    TrackingStatus.IMPOSSIBLE: {TrackingStatus.IN_PROGRESS},
}


def account_for(user) -> Account:
    account, _created = Account.objects.get_or_create(user=user)
    return account


def _email_in_use(email: str) -> bool:
    User = get_user_model()
    return User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists()


@transaction.atomic
def account_register(*, email: str, password: str):
    """A citizen or member signs up; the account is inactive until the address is verified.

    Raises:
        ValidationError: the address is taken (the view does not reveal that to the visitor).
    """
    email = email.strip().lower()
    if _email_in_use(email):
        raise ValidationError(EMAIL_TAKEN)
    user = get_user_model().objects.create_user(username=email, email=email, password=password, is_active=False)
    Account.objects.create(user=user)
    _mail_queue(task="send_verification", user_pk=user.pk)
    return user


def account_request_verification(*, user) -> bool:
    """Send a verification link to a signed-in user whose address is not verified yet (e.g. staff)."""
    account = account_for(user)
    if account.email_verified or not user.email:
        return False
    _mail_queue(task="send_verification", user_pk=user.pk)
    return True


@transaction.atomic
def account_verify(*, user) -> Account:
    user.is_active = True
    user.save(update_fields=["is_active"])
    account = account_for(user)
    account.email_verified = True
    account.save(update_fields=["email_verified"])
    return account


@transaction.atomic
def member_invite(*, invited_by, person, email: str):
    """Staff invite a council member: an account linked to the person, with a one-time set-password link.

    Raises:
        ValidationError: not staff of the person's body, the person has an account, the address is taken.
    """
    if not access.is_staff_of(invited_by, person.body_id):
        raise ValidationError(NOT_STAFF_OF_BODY)
    email = email.strip().lower()
    existing = Account.objects.select_related("user").filter(person=person).first()
    if existing is not None:
        if existing.user.has_usable_password() or existing.user.email.lower() != email:
            raise ValidationError(PERSON_HAS_ACCOUNT)
        # Not accepted yet (the link expired?): send a new one.
        _mail_queue(task="send_invitation", user_pk=existing.user_id)
        return existing.user
    if _email_in_use(email):
        raise ValidationError(EMAIL_TAKEN)
    User = get_user_model()
    user = User(username=email, email=email, first_name=person.given_name[:150], last_name=person.family_name[:150])
    user.set_unusable_password()
    user.save()
    Account.objects.create(user=user, person=person)
    _mail_queue(task="send_invitation", user_pk=user.pk)
    return user


@transaction.atomic
def invitation_accept(*, user) -> None:
    """The member set a password through the invitation link: that proves the address too."""
    account_verify(user=user)


def account_set_delivery(*, user, delivery: str) -> Account:
    account = account_for(user)
    account.delivery = Delivery(delivery)
    account.full_clean()
    account.save(update_fields=["delivery"])
    return account


def follow_create(*, user, kind: str, target=None, query: str = "") -> Follow:
    """Follow a paper, organization, person, body, or a search term.

    Returns the existing follow when the user already follows it.
    Raises:
        ValidationError: no verified e-mail, a target the user may not see, or an empty search.
    """
    account = account_for(user)
    if not (account.email_verified and user.email):
        raise ValidationError(FOLLOW_NEEDS_VERIFIED_EMAIL)
    kind = FollowKind(kind)
    fields = {"user": user, "kind": kind}
    if kind == FollowKind.SEARCH:
        query = " ".join(query.split())[:200]
        if not query:
            raise ValidationError(FOLLOW_QUERY_EMPTY)
        fields["query"] = query
    else:
        if target is None or getattr(target, "deleted", False):
            raise ValidationError(FOLLOW_TARGET_MISSING)
        if kind == FollowKind.PAPER and not access.can_view(user, target):
            raise ValidationError(FOLLOW_TARGET_MISSING)
        fields[TARGET_FIELD[kind]] = target
    existing = Follow.objects.filter(**fields).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Follow.objects.create(**fields)
    except IntegrityError:  # a double click raced us
        return Follow.objects.get(**fields)


def follow_delete(*, follow: Follow) -> None:
    follow.delete()


@transaction.atomic
def tracking_set_status(*, tracking: ResolutionTracking, status: str) -> ResolutionTracking:
    """Move the implementation state; only the transitions in ALLOWED_TRANSITIONS.

    Raises:
        ValidationError: the transition is not allowed.
    """
    new = TrackingStatus(status)
    old = TrackingStatus(tracking.status)
    if new == old:
        return tracking
    if new not in ALLOWED_TRANSITIONS[old]:
        raise ValidationError(TRACKING_TRANSITION_REFUSED % {"old": old.label, "new": new.label})
    tracking.status = new
    tracking.full_clean()
    tracking.save(update_fields=["status", "modified"])
    return tracking


def tracking_due_date(*, paper) -> datetime.date:
    """Due ``DEFAULT_DUE_DAYS`` after the decision: the last meeting that adopted the paper, by its
    own date (an archive record decided in 2024 is not due three months after it was loaded)."""
    from motions.models import Consultation
    from sessions.models import Result

    decided = (
        Consultation.objects.filter(
            paper=paper, deleted=False, result__in=[Result.ADOPTED, Result.ADOPTED_AMENDED], meeting__isnull=False
        )
        .order_by("-meeting__start")
        .values_list("meeting__start", flat=True)
        .first()
    )
    if decided:
        day = timezone.localdate(decided)
    else:
        day = paper.date if paper.date and paper.date <= timezone.localdate() else timezone.localdate()
    return day + datetime.timedelta(days=DEFAULT_DUE_DAYS)


@transaction.atomic
def tracking_ensure(*, paper) -> ResolutionTracking | None:
    """Every adopted resolution and accepted motion of a current matter gets a tracking record
    (idempotent); the archive has none."""
    if paper.archived:
        return None
    due = tracking_due_date(paper=paper)
    tracking, created = ResolutionTracking.objects.get_or_create(
        paper=paper, defaults={"owner_unit_id": paper.lead_unit_id, "due_date": due}
    )
    untouched = tracking.modified - tracking.created < datetime.timedelta(seconds=1)
    if not created and untouched and tracking.due_date != due:
        # Made when the paper was marked adopted, before its deciding meeting was linked: the
        # meeting's date now gives the due date (staff have not changed the record since).
        ResolutionTracking.objects.filter(pk=tracking.pk).update(due_date=due)
        tracking.due_date = due
    return tracking


def _mail_queue(*, task: str, user_pk: int) -> None:
    """An account mail through the outbox (``members.outbox_handlers``): written with the account,
    handed to the mail task after the commit, and not lost while the broker is down."""
    from members.outbox_handlers import ACCOUNT_MAIL
    from outbox.services import message_enqueue

    message_enqueue(topic=ACCOUNT_MAIL, payload={"task": task, "user": user_pk})
