"""The exact value formats of OParl 1.1 (spec ch. 2.4) and the canonical URLs of our objects.

Date-times carry seconds and a numeric offset in Europe/Berlin (``2024-02-21T17:00:00+01:00``;
no ``Z``, no fractions). Optional values that are empty are left out rather than written as
``null``, ``""`` or ``[]``. Every id is built from ``settings.SITE_URL``, never from the request.
"""

from __future__ import annotations

import datetime
import functools
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

NAMESPACE = "https://schema.oparl.org/1.1/"
BERLIN = ZoneInfo("Europe/Berlin")
API_PREFIX = "oparl/v1.1"
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@functools.cache
def site_url() -> str:
    """``settings.SITE_URL``, read once: a list page builds thousands of ids, and each settings access
    costs a microsecond. Cleared when the setting changes (tests)."""
    return settings.SITE_URL


@receiver(setting_changed)
def _site_url_changed(*, setting, **kwargs):
    if setting == "SITE_URL":
        site_url.cache_clear()


def base_url() -> str:
    return f"{site_url()}/{API_PREFIX}"


def object_url(kind: str, pk: int) -> str:
    """The canonical URL of one object, e.g. ``…/oparl/v1.1/paper/7``."""
    return f"{site_url()}/{API_PREFIX}/{kind}/{pk}"


def type_url(name: str) -> str:
    return NAMESPACE + name


def date_time(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def parse_date_time(raw: str) -> datetime.datetime:
    """A filter value as sent by a client; naive values are taken as Berlin time.

    A ``+`` that was not URL-encoded arrives as a space (``…T00:00:00 01:00``); it is read as
    the offset it was meant to be. Raises ValueError for anything that is not a date-time.
    """
    text = raw.strip()
    text = re.sub(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$", r"\1+\2", text)
    if "T" not in text:
        raise ValueError(raw)
    value = datetime.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value


def compact(data: dict) -> dict:
    """Drop optional values that say nothing: None, "" and empty lists (spec ch. 2.4)."""
    return {key: value for key, value in data.items() if value is not None and value != "" and value != []}
