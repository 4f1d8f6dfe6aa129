from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from web import feeds, ical, views
from web.sitemaps import SITEMAPS


class HexColour:
    """Six hex digits, lower case: one address per colour."""

    regex = "[0-9a-f]{6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(HexColour, "hex")

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("koerperschaften/<slug:slug>/", views.body_detail, name="body"),
    path("vorlagen/", views.paper_list, name="papers"),
    path("vorlagen/export.csv", views.paper_list_csv, name="papers_csv"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper_short"),
    path("vorlagen/<int:pk>/<slug:slug>/", views.paper_detail, name="paper"),
    path("sitzungen/", views.meeting_list, name="meetings"),
    path("sitzungen/export.csv", views.meeting_list_csv, name="meetings_csv"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_short"),
    path("sitzungen/<int:pk>/dokumente.zip", views.meeting_documents_zip, name="meeting_zip"),
    path("sitzungen/<int:pk>/sitzungsmappe.pdf", views.meeting_binder_pdf, name="meeting_binder"),
    path("sitzungen/<int:pk>/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("kalender/", views.meeting_calendar, name="calendar"),
    path("kalender/liste/", views.meeting_calendar, {"view": "liste"}, name="calendar_list"),
    path("gremien/", views.organization_list, name="organizations"),
    path("gremien/<int:pk>/", views.organization_detail, name="organization_short"),
    path("gremien/<int:pk>/<slug:slug>/", views.organization_detail, name="organization"),
    path("personen/", views.person_list, name="persons"),
    path("personen/<int:pk>/", views.person_detail, name="person_short"),
    path("personen/<int:pk>/<slug:slug>/", views.person_detail, name="person"),
    path("dateien/<int:pk>/", views.file_detail, name="file"),
    path("dateien/<int:pk>/download/<str:name>", views.file_download, name="file_download"),
]

feed_patterns = [
    path("feeds/vorlagen/", feeds.NewPapersFeed(), name="feed_papers"),
    path("feeds/vorlagen/atom/", feeds.NewPapersAtomFeed(), name="feed_papers_atom"),
    path("feeds/koerperschaften/<slug:slug>/vorlagen/", feeds.BodyPapersFeed(), name="feed_body"),
    path("feeds/gremien/<int:pk>/vorlagen/", feeds.OrganizationPapersFeed(), name="feed_organization"),
    path("feeds/personen/<int:pk>/vorlagen/", feeds.PersonPapersFeed(), name="feed_person"),
    path("feeds/sitzungen.ics", ical.meetings_ical, name="ical"),
    path("feeds/gremien/<int:pk>/sitzungen.ics", ical.organization_ical, name="ical_organization"),
]
urlpatterns += feed_patterns

urlpatterns += [
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("darstellung/farbe-<hex:colour>.css", views.look_css, name="look_css"),
    path("darstellung/bild/<int:pk>/", views.look_image, name="look_image"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "web:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
