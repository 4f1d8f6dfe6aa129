"""The search page (/suche/, works without JavaScript) and the JSON API (/api/search)."""

import hashlib
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ris import page_cache
from search.facets import facet_blocks
from search.results import FACETS
from search.selectors import group_by_matter, request_from_params, search

KEPT_PARAMS = ("q", "sort", "date_from", "date_to", *FACETS)
SORT_LABELS = {"relevance": _("Relevanz"), "date": _("Datum")}


def _url(params: dict, **changes) -> str:
    merged = {k: v for k, v in params.items() if k in KEPT_PARAMS and v}
    for key, value in changes.items():
        if value in ("", None):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)


@require_GET
def search_page(request):
    params = {k: request.GET.get(k, "") for k in KEPT_PARAMS}
    search_request = request_from_params(request.GET)
    # Anonymous readers all get the same answer for the same parameters: cached like the paper
    # pages (ris.page_cache: per access class, language and content version; the index's writes
    # change the content version too).
    article = page_cache.fragment(
        name="search:" + hashlib.sha1(urlencode(sorted(params.items())).encode()).hexdigest(),
        obj=None,
        user=request.user,
        render=lambda: render_to_string("search/_results.html", _results(request, params, search_request)),
    )
    context = {"query": search_request.q, "search_request": search_request, "params": params, "article": article}
    return render(request, "search/results.html", context)


def _results(request, params: dict, search_request) -> dict:
    result = search(user=request.user, request=search_request)
    return {
        "query": search_request.q,
        "search_request": search_request,
        "result": result,
        "hits": group_by_matter(user=request.user, request=search_request, hits=result.hits),
        "facets": facet_blocks(result=result, filters=search_request.filters, url=lambda **c: _url(params, **c)),
        "sorts": [(label, _url(params, sort=s, page=""), s == search_request.sort) for s, label in SORT_LABELS.items()],
        "suggestion_url": _url({"q": result.suggestion}) if result.suggestion else "",
        "previous_url": _url(params, page=result.page - 1) if result.page > 1 else "",
        "next_url": _url(params, page=result.page + 1) if result.page < result.pages else "",
        "page_urls": [(n, _url(params, page=n)) for n in _page_window(result.page, result.pages)],
        "reset_url": _url({"q": search_request.q}),
    }


def _page_window(page: int, pages: int, width: int = 3) -> list[int]:
    return list(range(max(1, page - width), min(pages, page + width) + 1))


@require_GET
def search_api(request):
    result = search(user=request.user, request=request_from_params(request.GET))
    payload = {
        "count": result.count,
        "approximate": result.approximate,
        "suggestion": result.suggestion or None,
        "results": [
            {
                "id": h.id,
                "kind": h.kind,
                "reference": h.reference,
                "title": h.plain_title,
                "url": request.build_absolute_uri(h.url),
                "date": h.date.isoformat() if h.date else None,
                "body": h.body,
                "matter": h.matter or None,
                "snippet": str(h.snippet),
            }
            for h in result.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["X-Search-Engine"] = result.engine
    if result.approximate:
        response["X-Total-Count-Approximate"] = "true"
    return response
