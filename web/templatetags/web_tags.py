"""Template helpers of the public site: the vote bar and small formatting aids."""

import logging
from dataclasses import replace

from django import template
from django.db import DatabaseError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ris.choices import choice_labels
from sessions.models import Organization
from web.appearance import Look, look_for

register = template.Library()
logger = logging.getLogger(__name__)
DEFAULT_NAME = "Ratsinformationssystem"


@register.filter
def display(obj, field_name: str):
    """``obj.get_<field_name>_display()`` without its cost (``ris.choices``): on a meeting's page
    that was about 600 translations per request. An imported record's own word for the value
    (``paper_type_text``, ``role_text``, …, kept verbatim from its source) is shown where there is one."""
    verbatim = obj.__dict__.get(f"{field_name}_text")  # only if loaded: a deferred field would cost a query
    if verbatim:
        return verbatim
    field = obj._meta.get_field(field_name)
    return choice_labels(field, get_language()).get(getattr(obj, field.attname), getattr(obj, field.attname))


def _segments(yes: int, no: int, abstain: int) -> list[dict]:
    total = yes + no + abstain
    segments, offset = [], 0.0
    for css, count in (("ja", yes), ("nein", no), ("enthaltung", abstain)):
        width = 100.0 * count / total if total else 0.0
        if width:
            segments.append({"css": css, "x": round(offset, 3), "width": round(width, 3)})
        offset += width
    return segments


@register.simple_tag
def vote_chart(vote) -> SafeString:
    """A vote as numbers and a small server-rendered bar (SVG, no JavaScript), and the
    per-Fraktion table where one was recorded.

    The numbers are text; the bar repeats them as a picture and is hidden from screen readers.
    A vote recorded only as "einstimmig" (no counts) is drawn as one full yes bar. Built here
    rather than in an included template: a meeting's page draws one per agenda item, and a
    template per vote was a fifth of the page's rendering time.
    """
    has_counts = vote.yes is not None or vote.no is not None or vote.abstain is not None
    yes, no, abstain = vote.yes or 0, vote.no or 0, vote.abstain or 0
    segments = _segments(1, 0, 0) if not has_counts and vote.unanimous else _segments(yes, no, abstain)
    label = _("Abstimmung")
    if vote.subject:
        label = format_html("{} ({}: {})", label, vote.subject, display(vote, "result"))
    parts = [format_html('<div class="vote">\n  <span class="vote-label">{}:</span>\n  ', label)]
    if has_counts:
        parts.append(
            format_html(
                '<span class="vote-counts"><span class="count-ja">{} {}</span>, <span class="count-nein">{} {}</span>, '
                '<span class="count-enthaltung">{}</span></span>',
                yes,
                _("Ja"),
                no,
                _("Nein"),
                ngettext("%(n)s Enthaltung", "%(n)s Enthaltungen", abstain) % {"n": abstain},
            )
        )
    if vote.unanimous:
        parts.append(format_html(' <strong class="badge badge-unanimous">{}</strong>', _("einstimmig")))
    if segments:
        parts.append(
            format_html(
                '\n  <svg class="vote-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" '
                'focusable="false">{}</svg>',
                format_html_join(
                    "",
                    '<rect class="bar-{}" x="{}" y="0" width="{}" height="6"></rect>',
                    ((s["css"], s["x"], s["width"]) for s in segments),
                ),
            )
        )
    groups = vote.shown_groups if hasattr(vote, "shown_groups") else list(vote.group_counts.all())
    if groups:
        parts.append(
            format_html(
                '\n  <table class="vote-groups">\n    <caption>{}</caption>\n    <thead><tr><th scope="col">{}</th>'
                '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n'
                "    <tbody>{}</tbody>\n  </table>",
                _("nach Fraktionen"),
                _("Fraktion"),
                _("Ja"),
                _("Nein"),
                _("Enthaltung"),
                format_html_join(
                    "",
                    '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
                    ((g.organization.name, g.yes, g.no, g.abstain) for g in groups),
                ),
            )
        )
    parts.append(mark_safe("\n</div>\n"))
    return mark_safe("".join(parts))


@register.inclusion_tag("web/_share.html")
def share_bar(percent):
    """A share (0–100) as a bar; the number itself is in the text next to it."""
    return {"percent": percent or 0}


# Context names whose object belongs to one body, and how to reach its id without a query.
_BODY_OF = (
    ("body", lambda o: o.pk),
    ("paper", lambda o: o.body_id),
    ("meeting", lambda o: o.organization.body_id),
    ("organization", lambda o: o.body_id),
    ("person", lambda o: o.body_id),
    ("file", lambda o: o.body_id),
)


def _page_body_id(context) -> int | None:
    for name, body_id in _BODY_OF:
        obj = context.get(name)
        if obj is not None and hasattr(obj, "pk"):
            try:
                return body_id(obj)
            except AttributeError:
                continue
    search_request = context.get("search_request")
    return getattr(getattr(search_request, "filters", None), "body", None)


@register.simple_tag(takes_context=True)
def site_look(context) -> Look:
    """The look of this page (``web.appearance``): the body's on a body's pages, else the
    installation's; the default look when the database cannot say (the error page)."""
    try:
        look = look_for(request=context.get("request"), body_id=_page_body_id(context))
    except DatabaseError:
        logger.warning("site look unreadable", exc_info=True)
        look = Look(name=DEFAULT_NAME)
    if look.name == DEFAULT_NAME:
        look = replace(look, name=_("Ratsinformationssystem"))
    return look


@register.simple_tag
def confidential_banner(paper) -> SafeString:
    """ "Nicht öffentlich — nur für Mitglieder von …" above a paper that only its committees'
    members and the body's staff may read (the public never gets this page, so it is never
    part of a cached fragment)."""
    if paper.public:
        return mark_safe("")
    names = list(
        Organization.objects.filter(consultations__paper=paper, consultations__deleted=False, deleted=False)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    if names:
        whom = _("nur für Mitglieder von %(names)s und die Verwaltung") % {"names": ", ".join(names)}
    else:
        whom = _("nur für die Verwaltung")
    return format_html(
        '<p class="confidential" role="note"><strong>{}</strong> — {}. {}</p>',
        _("Nicht öffentlich"),
        whom,
        _("Bitte vertraulich behandeln und nicht weitergeben."),
    )


@register.filter
def non_public(items) -> int:
    """How many of the shown agenda items are non-public (shown only to entitled readers)."""
    return sum(1 for item in items if not item.public)
