"""The 500 handler, which tells a database outage apart from a bug.

While PostgreSQL restarts (or a connection was cut) a request fails with ``OperationalError``
or ``InterfaceError``, raised in a view or in a middleware alike. That is no bug of the page but
a moment's unavailability: the reader gets a 503 page with ``Retry-After`` instead of a 500
(issue 14), and the broken connection is closed so the worker's next request connects afresh.
``CONN_HEALTH_CHECKS`` (ris/settings/base.py) spares most requests even that: a persistent
connection is checked before each request reuses it.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request):
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        log.warning("database unavailable, answering 503: %s", exc)
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        # No request context: the 503 page must render without the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
