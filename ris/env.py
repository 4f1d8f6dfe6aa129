"""Typed access to the environment: the only place settings read ``os.environ``.

Every setting of RIS comes from the environment (DESIGN.md, "Settings come from the
environment only"); each reader takes the embedded default used when the variable is unset.
"""

import os

import dj_database_url

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def str_(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def bool_(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def int_(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None


def list_(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def db_url(name: str, default: str) -> dict:
    return dj_database_url.parse(os.environ.get(name) or default, conn_max_age=60)
