"""The client's address, as far as this server can know it (issue 14).

Any client can send ``X-Forwarded-For`` or ``X-Real-IP`` with whatever it likes; only the entries
that our own reverse proxies appended can be believed. ``RIS_TRUSTED_PROXIES`` says how many of
them stand in front of the server (docker-compose.yml: 1, the host's TLS proxy). Each proxy
appends the address it was connected from, so with N trusted proxies the client is the N-th entry
from the right. With 0 (the default) only ``REMOTE_ADDR`` counts. Used by the login limits (axes,
``AXES_CLIENT_IP_CALLABLE``) and the mail and sign-up limits (members/ratelimit.py).
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address; None for a request that came from no connection (``force_login``)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.RIS_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote  # the request did not come through all our proxies
    candidate = chain[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
