"""External object lists (spec ch. 2.5): filters, stable paging and the ``links`` of each page.

A list page is ``{"data": [...], "pagination": {...}, "links": {...}}`` with ``links.next`` on
every page but the last. The four date filters and ``omit_internal`` are carried over into every
link. Deleted objects are listed only when ``modified_since`` is given (spec 1.1).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from motions.models import File
from oparl import embedded, selectors
from oparl.formats import parse_date_time
from oparl.serializers import serialize

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
DATE_FILTERS = {
    # ``created`` as served: the source's where the record has one (``serializers._times``).
    "created_since": "oparl_created__gte",
    "created_until": "oparl_created__lte",
    "modified_since": "modified__gte",
    "modified_until": "modified__lte",
}


# Date filters far outside any record's time (year 1, year 9999) are read as the nearest of these:
# they select the same records, and every database and time-zone conversion can take them
# (0001-01-01T00:00:00+01:00 is before year 1 in UTC and overflowed into a 500).
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


def _bounded(moment: datetime.datetime) -> datetime.datetime:
    if moment.year < EARLIEST.year:
        return EARLIEST
    return LATEST if moment.year >= LATEST.year else moment


class BadRequest(ValueError):
    """A malformed parameter; answered with HTTP 400 and an OParl error object."""


@dataclass
class ListParams:
    filters: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    page: int = 1
    limit: int = PAGE_SIZE
    omit_internal: bool = False

    @property
    def with_deleted(self) -> bool:
        return "modified_since" in self.filters


def parse_params(query) -> ListParams:
    """Read filters, page, limit and omit_internal from a QueryDict. Raises BadRequest."""
    params = ListParams()
    for name, lookup in DATE_FILTERS.items():
        raw = query.get(name)
        if raw is None:
            continue
        try:
            params.filters[name] = (lookup, _bounded(parse_date_time(raw)))
        except ValueError:
            raise BadRequest(f"{name}: '{raw}' ist kein Zeitpunkt (erwartet z. B. 2024-01-01T00:00:00+01:00)")
        params.raw[name] = raw
    for name, low, high in (("page", 1, None), ("limit", 1, MAX_PAGE_SIZE)):
        raw = query.get(name)
        if raw is None:
            continue
        try:
            value = int(raw)
        except ValueError:
            raise BadRequest(f"{name}: '{raw}' ist keine Zahl")
        if value < low:
            raise BadRequest(f"{name}: muss mindestens {low} sein")
        setattr(params, name, min(value, high) if high else value)
    if query.get("limit") is not None:
        params.raw["limit"] = str(params.limit)
    omit = query.get("omit_internal")
    if omit is not None:
        if omit.lower() not in ("true", "false", "1", "0"):
            raise BadRequest(f"omit_internal: '{omit}' ist weder true noch false")
        params.omit_internal = omit.lower() in ("true", "1")
        params.raw["omit_internal"] = "true" if params.omit_internal else "false"
    return params


def base_queryset(model, params: ListParams) -> QuerySet:
    qs = selectors.with_deleted(model) if params.with_deleted else selectors.visible(model)
    if any(lookup.startswith("oparl_created") for lookup, _ in params.filters.values()):
        qs = qs.annotate(oparl_created=Coalesce("source_created", "created"))
    for lookup, value in params.filters.values():
        qs = qs.filter(**{lookup: value})
    return qs


def list_page(model, qs: QuerySet, params: ListParams, url: str) -> dict:
    """One page of an external list, with pagination and links that keep every filter."""
    total = qs.count()
    pages = max(1, -(-total // params.limit))
    offset = (params.page - 1) * params.limit
    if model is File:
        qs = qs.defer("text")  # the text is on the file's own URL only (oparl.serializers.file)
    # A page past the last is empty without asking the database (an offset beyond 64 bits, e.g.
    # page=92233720368547760, is an error in SQLite and PostgreSQL).
    objects = embedded.load(model, qs.order_by("pk")[offset : offset + params.limit]) if params.page <= pages else []

    def link(page: int) -> str:
        query = dict(params.raw)
        if page > 1:
            query["page"] = str(page)
        return f"{url}?{urlencode(query)}" if query else url

    links = {"first": link(1), "self": link(params.page), "last": link(pages)}
    if params.page > 1:
        links["prev"] = link(min(params.page - 1, pages))
    if params.page < pages:
        links["next"] = link(params.page + 1)
    return {
        "data": [serialize(obj, omit_internal=params.omit_internal) for obj in objects],
        "pagination": {
            "totalElements": total,
            "elementsPerPage": params.limit,
            "currentPage": params.page,
            "totalPages": pages,
        },
        "links": links,
    }
