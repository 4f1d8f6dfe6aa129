"""The search page (/suche/, works without JavaScript) and the JSON API (/api/search)."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search.results import FACETS, PAGE_SIZE
from search.selectors import request_from_params, search

FACET_LABELS = {
    "kind": _("Art"),
    "type": _("Vorlagenart"),
    "body": _("Körperschaft"),
    "organization": _("Gremium"),
    "originator": _("Einreicher"),
    "year": _("Jahr"),
}
KEPT_PARAMS = ("q", "sort", "date_from", "date_to", *FACETS)


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
    result = search(user=request.user, request=search_request)
    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [
                {"value": v, "url": _url(params, **{name: "" if v.selected else v.value, "page": ""})}
                for v in result.facets[name]
            ],
        }
        for name in FACETS
        if result.facets[name]
    ]
    context = {
        "query": search_request.q,
        "search_request": search_request,
        "result": result,
        "facets": facets,
        "params": params,
        "sort_urls": {s: _url(params, sort=s, page="") for s in ("relevance", "date")},
        "previous_url": _url(params, page=result.page - 1) if result.page > 1 else "",
        "next_url": _url(params, page=result.page + 1) if result.page < result.pages else "",
        "page_urls": [(n, _url(params, page=n)) for n in _page_window(result.page, result.pages)],
        "reset_url": _url({"q": search_request.q}),
        "first_number": (result.page - 1) * PAGE_SIZE + 1,
    }
    return render(request, "search/results.html", context)


def _page_window(page: int, pages: int, width: int = 3) -> list[int]:
    return list(range(max(1, page - width), min(pages, page + width) + 1))


@require_GET
def search_api(request):
    result = search(user=request.user, request=request_from_params(request.GET))
    payload = {
        "count": result.count,
        "approximate": result.approximate,
        "results": [
            {
                "id": h.id,
                "kind": h.kind,
                "reference": h.reference,
                "title": h.plain_title,
                "url": request.build_absolute_uri(h.url),
                "date": h.date.isoformat() if h.date else None,
                "body": h.body,
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
