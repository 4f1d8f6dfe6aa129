"""Template helpers of the public site: the vote bar and small formatting aids."""

from django import template

register = template.Library()


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
