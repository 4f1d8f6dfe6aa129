"""RSS and Atom feeds of new papers: all, per body, per organization (Django's syndication
framework, never string concatenation). Items come from ``Paper.objects.visible_to(user)``.

A Feed instance is shared by all requests, so the request's user travels inside the object
returned by ``get_object`` rather than on ``self``.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from motions.models import Consultation, Paper
from sessions.models import Body, Organization

FEED_SIZE = 50


@dataclass
class Scope:
    user: object
    title: str
    link: str
    body: Body | None = None
    organization: Organization | None = None


class NewPapersFeed(Feed):
    description_template = None

    def get_object(self, request, *args, **kwargs):
        return Scope(user=request.user, title=_("Neue Vorlagen"), link="/vorlagen/")

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return _("Die neuesten öffentlichen Vorlagen im Ratsinformationssystem.")

    def items(self, obj):
        papers = Paper.objects.visible_to(obj.user).select_related("body")
        if obj.body is not None:
            papers = papers.filter(body=obj.body)
        if obj.organization is not None:
            consulted = Consultation.objects.visible_to(obj.user).filter(organization=obj.organization)
            originated = Paper.originator_organizations.through.objects.filter(organization=obj.organization)
            papers = papers.filter(Q(pk__in=consulted.values("paper_id")) | Q(pk__in=originated.values("paper_id")))
        return papers.order_by("-created", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        parts = [item.get_paper_type_display(), item.body.name, item.get_state_display()]
        if item.date:
            parts.insert(1, item.date.strftime("%d.%m.%Y"))
        return " · ".join(parts)

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.modified

    def item_categories(self, item):
        return [item.get_paper_type_display()]

    def item_guid(self, item):
        return f"paper-{item.pk}"

    item_guid_is_permalink = False


class NewPapersAtomFeed(NewPapersFeed):
    feed_type = Atom1Feed
    subtitle = NewPapersFeed.description


class BodyPapersFeed(NewPapersFeed):
    def get_object(self, request, slug):
        body = get_object_or_404(Body.objects.alive(), slug=slug)
        title = _("Neue Vorlagen: %(body)s") % {"body": body.name}
        return Scope(user=request.user, title=title, link=body.get_absolute_url(), body=body)


class OrganizationPapersFeed(NewPapersFeed):
    def get_object(self, request, pk):
        organization = get_object_or_404(Organization.objects.alive(), pk=pk)
        title = _("Neue Vorlagen: %(org)s") % {"org": organization.name}
        return Scope(user=request.user, title=title, link=organization.get_absolute_url(), organization=organization)
