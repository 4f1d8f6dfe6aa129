"""Admin wiring of the ingestion: the review queue of recognised papers (menu item and URLs)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ingest import admin_views
from motions.models import Paper
from ris import access
from ris.admin_scope import guard_urlpatterns

review_urls = (
    # A paper of another body answers 404 (and is logged) before the view runs, as in the viewsets.
    guard_urlpatterns(
        [
            path("", admin_views.review_index, name="index"),
            path("<int:pk>/", admin_views.review_paper, name="paper"),
            path("<int:pk>/seite/<int:number>.png", admin_views.review_page_image, name="page_image"),
        ],
        lambda request: access.admin_queryset(request.user, Paper).filter(deleted=False),
    ),
    "motions_review",
)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("pruefung/", include(review_urls, namespace="motions_review"))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("motions.change_paper")


# The menu's label is short enough for the sidebar; the page itself says "Erkannte Vorlagen prüfen".
@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(_("Erkennung prüfen"), reverse("motions_review:index"), icon_name="tasks", order=110)
