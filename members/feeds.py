"""RSS feeds of what can be followed, for people without an account (Django syndication).

Feeds are public: they are built for the anonymous user, so they carry only what the access
policy shows to everybody.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from members import selectors
from members.alerts import alert_reason, event_subject
from members.models import Follow, FollowKind
from motions.models import Paper
from ris import access
from sessions.models import Body, Organization, Person

ANONYMOUS = AnonymousUser()


class _PaperListFeed(Feed):
    feed_type = Rss201rev2Feed
    kind: str = ""

    def items(self, obj):
        target, query = obj
        return selectors.papers_followed(user=ANONYMOUS, kind=self.kind, target=target, query=query)[
            : selectors.FEED_SIZE
        ]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return f"{item.get_paper_type_display()} · {item.body.name}"

    def item_pubdate(self, item):
        return item.created

    def item_link(self, item):
        return item.get_absolute_url()


class OrganizationFeed(_PaperListFeed):
    kind = FollowKind.ORGANIZATION

    def get_object(self, request, pk):
        return get_object_or_404(Organization.objects.alive(), pk=pk), ""

    def title(self, obj):
        return _("Neue Vorlagen: %(name)s") % {"name": obj[0].name}

    def link(self, obj):
        return obj[0].get_absolute_url()

    def description(self, obj):
        return _("Vorlagen, die %(name)s einbringt, berät oder federführend bearbeitet.") % {"name": obj[0].name}


class PersonFeed(_PaperListFeed):
    kind = FollowKind.PERSON

    def get_object(self, request, pk):
        return get_object_or_404(Person.objects.alive(), pk=pk), ""

    def title(self, obj):
        return _("Neue Vorlagen von %(name)s") % {"name": obj[0].name}

    def link(self, obj):
        return obj[0].get_absolute_url()

    description = _("Vorlagen, die diese Person eingebracht hat.")


class BodyFeed(_PaperListFeed):
    kind = FollowKind.BODY

    def get_object(self, request, slug):
        return get_object_or_404(Body.objects.alive(), slug=slug), ""

    def title(self, obj):
        return _("Neue Vorlagen: %(name)s") % {"name": obj[0].name}

    def link(self, obj):
        return obj[0].get_absolute_url()

    description = _("Alle öffentlichen Vorlagen dieser Körperschaft.")


class SearchFeed(_PaperListFeed):
    kind = FollowKind.SEARCH

    def get_object(self, request):
        query = " ".join(request.GET.get("q", "").split())[:200]
        if not query:
            raise Http404
        return None, query

    def title(self, obj):
        return _("Neue Vorlagen zur Suche „%(query)s“") % {"query": obj[1]}

    def link(self, obj):
        return reverse("members:feed_search") + "?" + urlencode({"q": obj[1]})

    description = _("Vorlagen, die zu dieser Suche passen.")


class PaperFeed(Feed):
    """What happened to one paper: Beratungen, answers, new documents."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, pk):
        paper = Paper.objects.filter(pk=pk).first()
        if paper is None or not access.can_view(ANONYMOUS, paper):
            raise Http404
        return paper

    def title(self, obj):
        return _("Neues zu %(paper)s") % {"paper": obj}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.name

    def items(self, obj):
        return selectors.events_of_paper(user=ANONYMOUS, paper=obj)

    def item_title(self, item):
        return alert_reason(event=item, follow=Follow(kind=FollowKind.PAPER, paper=item.paper))

    def item_description(self, item):
        return str(event_subject(item))

    def item_link(self, item):
        return f"{event_subject(item).get_absolute_url()}#ereignis-{item.pk}"

    def item_pubdate(self, item):
        return item.created or timezone.now()
