"""The RSS and Atom feeds of new papers: all, per body, per organization, per person and per
search (Django's syndication framework, never string concatenation).

These are the only paper-list feeds; the follow feeds of members (``/abo/rss/…``) redirect here.
What a scoped feed holds is what following the same thing covers
(``members.selectors.papers_followed``), so a feed and an alert never disagree. Feeds are read
by feed readers without a session and may be shared, so they are built for the anonymous user:
only what the access policy shows to everybody.

A Feed instance is shared by all requests, so everything per request travels inside the object
returned by ``get_object`` rather than on ``self``.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from members.models import FollowKind
from members.selectors import papers_followed
from motions.models import Paper
from ris.feeds import CleanAtomFeed, SiteFeed
from sessions.models import Body, Organization, Person

FEED_SIZE = 50
QUERY_MAX = 200
ANONYMOUS = AnonymousUser()


@dataclass
class Scope:
    title: str
    link: str
    description: str
    kind: str = ""
    target: object = None
    query: str = ""


class NewPapersFeed(SiteFeed):
    """``/feeds/vorlagen/``, and with ``?q=…`` the new papers that match a search."""

    description_template = None

    def get_object(self, request, *args, **kwargs):
        query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX]
        if query:
            return Scope(
                title=_("Neue Vorlagen zur Suche „%(query)s“") % {"query": query},
                link="/suche/?" + urlencode({"q": query}),
                description=_("Vorlagen, die zu dieser Suche passen."),
                kind=FollowKind.SEARCH,
                query=query,
            )
        return Scope(
            title=_("Neue Vorlagen"),
            link="/vorlagen/",
            description=_("Die neuesten öffentlichen Vorlagen im Ratsinformationssystem."),
        )

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return obj.description

    def items(self, obj):
        if obj.kind:
            papers = papers_followed(user=ANONYMOUS, kind=obj.kind, target=obj.target, query=obj.query)
        else:
            papers = Paper.objects.visible_to(ANONYMOUS).select_related("body")
        return papers.order_by("-created", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        parts = [item.get_paper_type_display(), item.body.name, item.get_state_display()]
        if item.date:
            parts.insert(1, item.date.strftime("%d.%m.%Y"))
        return " · ".join(parts)

    def item_pubdate(self, item):
        return item.record_created

    def item_updateddate(self, item):
        return item.record_modified

    def item_categories(self, item):
        return [item.get_paper_type_display()]

    def item_guid(self, item):
        return f"paper-{item.pk}"

    item_guid_is_permalink = False


class NewPapersAtomFeed(NewPapersFeed):
    feed_type = CleanAtomFeed

    def subtitle(self, obj):
        return obj.description


class BodyPapersFeed(NewPapersFeed):
    def get_object(self, request, slug):
        body = get_object_or_404(Body.objects.alive(), slug=slug)
        return Scope(
            title=_("Neue Vorlagen: %(body)s") % {"body": body.name},
            link=body.get_absolute_url(),
            description=_("Alle öffentlichen Vorlagen dieser Körperschaft."),
            kind=FollowKind.BODY,
            target=body,
        )


class OrganizationPapersFeed(NewPapersFeed):
    def get_object(self, request, pk):
        organization = get_object_or_404(Organization.objects.alive(), pk=pk)
        return Scope(
            title=_("Neue Vorlagen: %(org)s") % {"org": organization.name},
            link=organization.get_absolute_url(),
            description=_("Vorlagen, die %(name)s einbringt, berät oder federführend bearbeitet.")
            % {"name": organization.name},
            kind=FollowKind.ORGANIZATION,
            target=organization,
        )


class PersonPapersFeed(NewPapersFeed):
    def get_object(self, request, pk):
        person = get_object_or_404(Person.objects.alive(), pk=pk)
        return Scope(
            title=_("Neue Vorlagen von %(name)s") % {"name": person.name},
            link=person.get_absolute_url(),
            description=_("Vorlagen, die diese Person eingebracht hat."),
            kind=FollowKind.PERSON,
            target=person,
        )
