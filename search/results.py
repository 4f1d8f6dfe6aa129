"""What a search asks for and what it answers, shared by both backends, the page and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

PAGE_SIZE = 20
MAX_PAGE = 500
COUNT_CAP = 10_000
FACETS = ("kind", "type", "body", "organization", "originator", "year")
SORTS = ("relevance", "date")


@dataclass
class Filters:
    kind: str = ""
    type: str = ""
    body: int | None = None
    organization: str = ""
    originator: str = ""
    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass
class SearchRequest:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1


@dataclass
class Hit:
    id: int
    kind: str
    kind_label: str
    title: SafeString
    plain_title: str
    subtitle: str
    url: str
    date: datetime.date | None
    reference: str
    body: str
    paper_type: str
    page: int
    snippet: SafeString
    pinned: bool = False
    matter: str = ""
    # The matter's other hits on this page (its files' best pages, its agenda items), best first.
    children: list[Hit] = field(default_factory=list)

    @property
    def group_key(self) -> str:
        return self.matter or f"{self.kind}:{self.id}:{self.page}"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    count: int
    approximate: bool
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    pages: int
    engine: str
    notice: str = ""
    suggestion: str = ""
