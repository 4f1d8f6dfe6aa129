"""The facets as the search page shows them: labelled, committees apart from administrative
units, and each organization named with its body when the hits span several bodies ("Stadtrat"
of two towns would otherwise read as one)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from search.results import FACETS, Filters, SearchResult
from sessions.models import Organization, OrganizationType

FACET_LABELS = {
    "kind": _("Art"),
    "type": _("Vorlagenart"),
    "body": _("Körperschaft"),
    "organization": _("Gremium"),
    "unit": _("Verwaltung"),
    "originator": _("Einreicher"),
    "year": _("Jahr"),
}


def _organizations(values: list[str]) -> dict[str, tuple[str, str]]:
    """{pk: (body name, organization type)} for the organization facet's values, in one query."""
    pks = [int(v) for v in values if v.isdigit()]
    rows = Organization.objects.filter(pk__in=pks).values_list("pk", "body__name", "organization_type")
    return {str(pk): (body, kind) for pk, body, kind in rows}


def facet_blocks(*, result: SearchResult, filters: Filters, url: Callable[..., str]) -> list[dict]:
    """[{name, label, values: [{value, label, url}]}] in the page's order; a selected value's
    link removes it."""
    found = {name: list(result.facets.get(name, [])) for name in FACETS}
    known = _organizations([v.value for v in found["organization"]])
    several_bodies = len({body for body, _kind in known.values()}) > 1 and not filters.body
    committees, units = [], []
    for value in found["organization"]:
        body, kind = known.get(value.value, ("", ""))
        label = f"{value.label} ({body})" if several_bodies and body else value.label
        (units if kind == OrganizationType.ADMINISTRATION else committees).append((value, label))
    rows = {name: [(v, v.label) for v in values] for name, values in found.items()}
    rows["organization"], rows["unit"] = committees, units
    blocks = []
    for name in ("kind", "type", "body", "organization", "unit", "originator", "year"):
        parameter = "organization" if name == "unit" else name
        values = [
            {
                "value": v,
                "label": label or v.value,
                "url": url(**{parameter: "" if v.selected else v.value, "page": ""}),
            }
            for v, label in rows[name]
        ]
        if values:
            blocks.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return blocks
