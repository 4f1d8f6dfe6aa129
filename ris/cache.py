"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Every use of the cache in RIS is an optimisation (Wagtail's site-root paths, rendered page
fragments, the content version, rate-limit counters), so a Redis outage must cost speed, never
a page (issue 14: the home page answered 500 because Wagtail's site-root lookup raised). Reads
answer the default, writes are dropped, and after a failure the cache is skipped for
``RIS_CACHE_RETRY_SECONDS`` so a hanging Redis costs one short timeout, not one per call.
Django's own ``RedisCache`` does the work; only connection and timeout errors are caught.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)

# What each method answers while Redis is away: what an empty cache would answer.
_FALLBACK = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "incr": lambda args, kwargs: kwargs.get("delta", args[1] if len(args) > 1 else 1),
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: [],
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: None,
}


class TolerantRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that answers like an empty cache while
    Redis is unreachable (configured in ``ris/settings/base.py`` from ``REDIS_CACHE_URL``)."""

    _down_until = 0.0  # shared by the process's instances: one outage, one cool-off

    def _guarded(self, name: str, *args, **kwargs):
        fallback = _FALLBACK[name]
        if time.monotonic() < TolerantRedisCache._down_until:
            return fallback(args, kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            TolerantRedisCache._down_until = time.monotonic() + settings.RIS_CACHE_RETRY_SECONDS
            log.warning("cache unreachable, going on without it for %ss: %s", settings.RIS_CACHE_RETRY_SECONDS, exc)
            return fallback(args, kwargs)

    def get(self, *args, **kwargs):
        return self._guarded("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._guarded("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guarded("has_key", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._guarded("add", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded("delete", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._guarded("incr", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._guarded("set", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._guarded("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._guarded("clear", *args, **kwargs)
