"""The RSS feed of what happened to one paper, for people without an account (Django syndication).

Feeds are public: they are built for the anonymous user, so they carry only what the access
policy shows to everybody. The feeds of new papers per organization, person, body and search
are the site's (``web.feeds``).
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import selectors
from members.alerts import alert_reason, event_subject
from members.models import Follow, FollowKind
from motions.models import Paper
from ris import access
from ris.feeds import SiteFeed

ANONYMOUS = AnonymousUser()


class PaperFeed(SiteFeed):
    """What happened to one paper: Beratungen, answers, new documents."""

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
