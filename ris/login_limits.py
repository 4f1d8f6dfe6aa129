"""Login limits for every login form (the admin's and /anmelden/), through django-axes (issue 14).

Axes counts failed logins in the database (``AxesDatabaseHandler``), so the limit holds when the
Redis cache is down. A lockout is per account *and* client address (``AXES_LOCKOUT_PARAMETERS``):
someone guessing a council member's password from one address locks only that pair, the member
logs in from home as usual, and nobody behind the same address is shut out of their own account.
The lockout ends after ``AXES_COOLOFF_TIME``; failures during it do not extend it.

A guess spread over many addresses (a botnet trying one account) stays under that pair limit.
So the account has a second, higher limit over all addresses (``RIS_LOGIN_ACCOUNT_FAILURE_LIMIT``
failures within the cool-off): above it, the account can be signed into only from an address it
was signed into successfully before (axes' access log), so the attack stops while its owner, at
the office or at home, is not shut out.

Both tables hold personal data (who signed in, from which address, with which browser), so they
are kept only ``RIS_LOGIN_LOG_KEEP_DAYS`` (180) days (``login_records_prune``, daily from beat):
an address not used for that long counts as new again under the account-wide limit.
"""

import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from ris.client_address import client_address


class LoginLimitBackend(AxesStandaloneBackend):
    """Axes' backend, for logins made through a request.

    ``authenticate()`` without a request is no login form anybody can reach from outside (the
    shell, the test client's ``login()``); axes would refuse it with an error, so it is passed on
    to the next backend unchecked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        if username and account_under_attack(username) and not known_address(username, client_address(request)):
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("account-wide login limit: a new address is refused")
        return None


def account_under_attack(username: str) -> bool:
    """More failed logins of ``username`` over all addresses within the cool-off than the account limit."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.RIS_LOGIN_ACCOUNT_FAILURE_LIMIT


def known_address(username: str, address: str | None) -> bool:
    """Whether ``username`` was ever signed into successfully from ``address``."""
    return bool(address) and AccessLog.objects.filter(username=username, ip_address=address).exists()


def login_records_prune(*, now=None) -> tuple[int, int]:
    """Delete sign-ins (``AccessLog``) and failed-login counters (``AccessAttempt``) older than
    ``RIS_LOGIN_LOG_KEEP_DAYS``; a counter is never deleted within its cool-off. Returns the
    numbers deleted (sign-ins, counters)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RIS_LOGIN_LOG_KEEP_DAYS)
    logins, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    counters, _ = AccessAttempt.objects.filter(attempt_time__lt=min(cutoff, now - settings.AXES_COOLOFF_TIME)).delete()
    return logins, counters


def lockout_response(request, original_response, credentials):
    """A German page with status 429 that says how long to wait (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = max(1, math.ceil(get_cool_off(request).total_seconds() / 60))
    return render(request, "members/login_locked.html", {"minutes": minutes}, status=429)
