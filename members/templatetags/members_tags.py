"""Snippets the public pages include: a follow button with its RSS feed, the implementation state,
and the account links of the header. One line each in the site's templates:
``{% load members_tags %}{% follow_box paper %}``, ``{% tracking_state paper %}``, ``{% account_nav %}``.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from members.models import TARGET_FIELD, FollowKind, ResolutionTracking
from motions.models import Paper
from sessions.models import Body, Organization, Person

register = template.Library()

KINDS = {
    Paper: FollowKind.PAPER,
    Organization: FollowKind.ORGANIZATION,
    Person: FollowKind.PERSON,
    Body: FollowKind.BODY,
}
FEEDS = {
    FollowKind.PAPER: "members:feed_paper",  # what happened to the paper
    FollowKind.ORGANIZATION: "web:feed_organization",  # the site's feeds of new papers
    FollowKind.PERSON: "web:feed_person",
}


def feed_url(kind: str, obj=None, query: str = "") -> str:
    if kind == FollowKind.SEARCH:
        return reverse("web:feed_papers") + "?" + urlencode({"q": query})
    if kind == FollowKind.BODY:
        return reverse("web:feed_body", kwargs={"slug": obj.slug})
    return reverse(FEEDS[kind], kwargs={"pk": obj.pk})


@register.inclusion_tag("members/_follow_box.html", takes_context=True)
def follow_box(context, obj=None, query=""):
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = FollowKind.SEARCH if obj is None else KINDS[type(obj)]
    following = None
    if user is not None and user.is_authenticated:
        target = {"query": query} if obj is None else {TARGET_FIELD[kind]: obj}
        following = user.follows.filter(kind=kind, **target).first()
    # A feed reader has no session: a feed of something non-public would answer 404.
    public = obj is None or (getattr(obj, "public", True) and getattr(obj, "live", True))
    return {
        "request": request,
        "kind": kind,
        "obj": obj,
        "query": query,
        "following": following,
        "signed_in": bool(user is not None and user.is_authenticated),
        "feed": feed_url(kind, obj, query) if public else "",
        # Back to the box after following: its confirmation is shown there.
        "next": (request.get_full_path() + "#folgen") if request else "/",
        "messages": context.get("messages"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("members/_tracking_state.html")
def tracking_state(paper):
    tracking = (
        ResolutionTracking.objects.filter(paper=paper).select_related("owner_unit").prefetch_related("reports").first()
    )
    return {"tracking": tracking}


@register.inclusion_tag("members/_account_nav.html", takes_context=True)
def account_nav(context):
    request = context.get("request")
    return {"user": getattr(request, "user", None), "csrf_token": context.get("csrf_token")}
