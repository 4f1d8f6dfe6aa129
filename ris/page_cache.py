"""Cached fragments of the public pages: the rendered body of a paper's or meeting's page, and
the iCal feeds (which grow with the meetings: about 0.2 ms per event in ``icalendar``).

Most readers are anonymous, and every anonymous reader sees the same page; rendering it costs
more than the database work (docs/site.md, "Query counts and speed"). A fragment is cached only
for the access class ``ris.access.PUBLIC`` — what an anonymous reader may see — and served only
to users of that class; everybody else (staff, superusers, entitled council members) gets a
fresh render, so non-public content can never reach a shared cache. The per-user parts of a
page (follow button, account links, CSRF tokens) stay outside the fragments.

Anonymous readers of the busiest pages (home, paper, meeting) get more: the whole response
(``whole_response``), so that a hit costs two cache reads and no database query, no template.
Such a response is the same for every anonymous reader but for the CSRF token of the footer's
language form, which is kept as a placeholder and filled in per request. Only a request with no
session and no messages cookie is served from it or stored into it (a signed-in reader, or one
with a message waiting, has a page of their own), and only a 200 answer is stored.

A key holds the object's ``modified``, the content version (``ris/content_version.py``: it
changes with every write to a council record, which is how an edited vote, a new file or an
agenda item made non-public reaches the page at once), the language and the access class.
``RIS_PAGE_CACHE_SECONDS`` (0 = off) bounds the life of an entry; it is on by default where the
cache is shared by all processes (``REDIS_CACHE_URL``), because a write in another process (an
import, a worker) must reach the cache the pages are served from.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ris import access, content_version

logger = logging.getLogger(__name__)


def fragment_key(*, name: str, obj, user) -> str | None:
    """The cache key of ``name`` for ``obj`` (None: a fragment of no one record) as ``user`` sees
    it, or None when it must not be cached."""
    if not settings.RIS_PAGE_CACHE_SECONDS:
        return None
    visibility = access.access_class(user)
    if visibility is None:
        return None
    version = content_version.current()
    if version is None:
        return None
    pk, stamp = (obj.pk, obj.modified.timestamp() if obj.modified else 0) if obj is not None else ("-", 0)
    return f"ris:page:{name}:{pk}:{stamp}:{version}:{get_language()}:{visibility}"


def cached(*, name: str, obj, user, build: Callable[[], str | bytes], seconds: int | None = None) -> str | bytes:
    """``build()``'s value from the cache, or built (and cached where the user's class allows).
    ``seconds`` shortens the life of a fragment whose content also moves with the clock."""
    key = fragment_key(name=name, obj=obj, user=user)
    value = _get(key) if key else None
    if value is None:
        value = build()
        if key:
            _set(key, value, seconds)
    return value


def _get(key: str):
    try:
        return cache.get(key)
    except Exception:  # an unreachable cache: render instead of failing the page
        logger.warning("page cache unreadable", exc_info=True)
        return None


def _set(key: str, value, seconds: int | None = None) -> None:
    try:
        cache.set(key, value, min(seconds or settings.RIS_PAGE_CACHE_SECONDS, settings.RIS_PAGE_CACHE_SECONDS))
    except Exception:
        logger.warning("page cache not written", exc_info=True)


def fragment(*, name: str, obj, user, render: Callable[[], str], seconds: int | None = None) -> SafeString:
    """A rendered template fragment (``render()``), cached like ``cached``."""
    return mark_safe(cached(name=name, obj=obj, user=user, build=lambda: str(render()), seconds=seconds))


# The footer's language form carries the request's CSRF token; a stored page carries this instead.
CSRF_PLACEHOLDER = "ris-csrf-token-placeholder"
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _anonymous_without_state(request) -> bool:
    """A reader whose page is everybody's: anonymous, no session, no message waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    return access.access_class(request.user) == access.PUBLIC and not request.user.is_authenticated


def response_key(*, name: str, request) -> str | None:
    """The key of ``request``'s whole response, or None when it must not be served from the cache."""
    if not (settings.RIS_PAGE_CACHE_SECONDS and settings.RIS_WHOLE_PAGE_CACHE) or not _anonymous_without_state(request):
        return None
    version = content_version.current()
    if version is None:
        return None
    where = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"ris:response:{name}:{where[:40]}:{version}:{get_language()}"


def whole_response(*, name: str, seconds: int | None = None):
    """A view decorator: anonymous readers' 200 answers of the view stored whole (see above)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            key = response_key(name=name, request=request)
            stored = _get(key) if key else None
            if stored is not None:
                content_type, body = stored
                return HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)
            response = view(request, *args, **kwargs)
            if key and response.status_code == 200 and not response.streaming and not response.cookies:
                body = response.content.decode(response.charset)
                _set(key, (response["Content-Type"], _CSRF_FIELD.sub(rf"\1{CSRF_PLACEHOLDER}\3", body)), seconds)
            return response

        return wrapped

    return decorate
