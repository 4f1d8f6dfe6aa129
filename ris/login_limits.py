"""Login limits for every login form (the admin's and /anmelden/), through django-axes (issue 14).

Axes counts failed logins in the database (``AxesDatabaseHandler``), so the limit holds when the
Redis cache is down. A lockout is per account *and* client address (``AXES_LOCKOUT_PARAMETERS``):
someone guessing a council member's password from one address locks only that pair, the member
logs in from home as usual, and nobody behind the same address is shut out of their own account.
The lockout ends after ``AXES_COOLOFF_TIME``; failures during it do not extend it.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render


class LoginLimitBackend(AxesStandaloneBackend):
    """Axes' backend, for logins made through a request.

    ``authenticate()`` without a request is no login form anybody can reach from outside (the
    shell, the test client's ``login()``); axes would refuse it with an error, so it is passed on
    to the next backend unchecked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response, credentials):
    """A German page with status 429 that says how long to wait (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = max(1, math.ceil(get_cool_off(request).total_seconds() / 60))
    return render(request, "members/login_locked.html", {"minutes": minutes}, status=429)
