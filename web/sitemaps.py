"""sitemap.xml as an index of paginated sections (Django's sitemaps framework): the single
unpaginated string of older RIS does not scale to an archive of 100,000 papers.

Sitemaps are for search engines, so every section lists what an anonymous visitor may see,
through the same ``visible_to`` as the pages.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from motions.models import Paper
from sessions.models import Body, Meeting, Organization, Person
from web.models import ContentPage

SECTION_SIZE = 1000
ANONYMOUS = AnonymousUser()


class RecordSitemap(Sitemap):
    limit = SECTION_SIZE

    def lastmod(self, obj):
        return obj.record_modified  # the record's own date (an imported one's source), not our last write

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate instead.
        latest = Max(Coalesce("source_modified", "modified"))
        return self.items().order_by().aggregate(latest=latest)["latest"]


class PaperSitemap(RecordSitemap):
    changefreq = "weekly"

    def items(self):
        return Paper.objects.visible_to(ANONYMOUS).only("pk", "reference", "modified", "source_modified").order_by("pk")


class MeetingSitemap(RecordSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Meeting.objects.visible_to(ANONYMOUS)
            .select_related("organization")
            .only("pk", "start", "modified", "source_modified", "organization__name", "organization__short_name")
            .order_by("pk")
        )


class OrganizationSitemap(RecordSitemap):
    def items(self):
        return (
            Organization.objects.alive().only("pk", "name", "short_name", "modified", "source_modified").order_by("pk")
        )


class PersonSitemap(RecordSitemap):
    def items(self):
        return Person.objects.alive().only("pk", "name", "modified", "source_modified").order_by("pk")


class BodySitemap(RecordSitemap):
    def items(self):
        return Body.objects.alive().order_by("pk")


class ContentPageSitemap(Sitemap):
    def items(self):
        return ContentPage.objects.live().public().order_by("path")

    def location(self, obj):
        return obj.get_url_parts()[2]

    def lastmod(self, obj):
        return obj.last_published_at


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["web:home", "web:papers", "web:meetings", "web:calendar"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "seiten": StaticSitemap,
    "inhalte": ContentPageSitemap,
    "koerperschaften": BodySitemap,
    "gremien": OrganizationSitemap,
    "personen": PersonSitemap,
    "sitzungen": MeetingSitemap,
    "vorlagen": PaperSitemap,
}
