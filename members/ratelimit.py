"""Sliding-window limits in the database, for what axes does not cover: sign-ups and
password-reset mails (issue 14). In the database, not the cache, so the limits hold and the pages
answer while Redis is down; logins are limited by django-axes (ris/login_limits.py)."""

from datetime import timedelta

from django.utils import timezone

from members.models import LimitHit

KEEP = timedelta(days=1)  # longer than any window used


def limit_reached(key: str, *, limit: int, window_seconds: int) -> bool:
    since = timezone.now() - timedelta(seconds=window_seconds)
    return LimitHit.objects.filter(key=key[:200], at__gte=since).count() >= limit


def limit_hit(key: str) -> None:
    """Count one use now; drops this key's uses older than a day."""
    now = timezone.now()
    LimitHit.objects.filter(key=key[:200], at__lt=now - KEEP).delete()
    LimitHit.objects.create(key=key[:200], at=now)
