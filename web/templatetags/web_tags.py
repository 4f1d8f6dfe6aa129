"""Template helpers of the public site: the vote bar and small formatting aids."""

from django import template
from django.utils.translation import get_language

register = template.Library()

_labels: dict[tuple, dict] = {}


@register.filter
def display(obj, field_name: str):
    """``obj.get_<field_name>_display()``, without its cost: Django rebuilds a dict of every
    choice per call and hashes each lazy label, which translates it — on a meeting's page that
    was about 600 translations per request. Here the labels are translated once per field and
    language."""
    field = obj._meta.get_field(field_name)
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {value: str(label) for value, label in field.flatchoices}
    value = getattr(obj, field.attname)
    return labels.get(value, value)


def _segments(yes: int, no: int, abstain: int) -> list[dict]:
    total = yes + no + abstain
    segments, offset = [], 0.0
    for css, count in (("ja", yes), ("nein", no), ("enthaltung", abstain)):
        width = 100.0 * count / total if total else 0.0
        if width:
            segments.append({"css": css, "x": round(offset, 3), "width": round(width, 3)})
        offset += width
    return segments


@register.inclusion_tag("web/_vote.html")
def vote_chart(vote):
    """A vote as numbers and a small server-rendered bar (SVG, no JavaScript).

    The numbers are text; the bar repeats them as a picture and is hidden from screen readers.
    A vote recorded only as "einstimmig" (no counts) is drawn as one full yes bar.
    """
    has_counts = vote.yes is not None or vote.no is not None or vote.abstain is not None
    yes, no, abstain = vote.yes or 0, vote.no or 0, vote.abstain or 0
    if not has_counts and vote.unanimous:
        segments = _segments(1, 0, 0)
    else:
        segments = _segments(yes, no, abstain)
    return {"vote": vote, "has_counts": has_counts, "segments": segments}


@register.inclusion_tag("web/_share.html")
def share_bar(percent):
    """A share (0–100) as a bar; the number itself is in the text next to it."""
    return {"percent": percent or 0}
