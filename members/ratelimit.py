"""A fixed-window rate limit on the cache, for registration and login (issue 7, "Quality")."""

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind the production proxy REMOTE_ADDR is the proxy; it sets X-Real-IP (docker-compose.yml).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown"


def limit_reached(key: str, *, limit: int) -> bool:
    return (cache.get(f"ratelimit:{key}") or 0) >= limit


def limit_hit(key: str, *, window_seconds: int) -> int:
    """Count one attempt in the current window; returns the count so far."""
    full = f"ratelimit:{key}"
    cache.add(full, 0, timeout=window_seconds)
    try:
        return cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.set(full, 1, timeout=window_seconds)
        return 1
