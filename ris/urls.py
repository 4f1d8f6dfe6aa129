from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from ris.admin_reports import admin_overrides

urlpatterns = [
    # Wagtail's reports and bulk actions filter by model permission only and offer no hook for
    # the records' bodies: these patterns come first and serve Wagtail's views narrowed to the
    # user's bodies (ris/admin_reports.py).
    *admin_overrides(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("oparl/", include("oparl.urls")),
    path("sprache/", include("django.conf.urls.i18n")),  # set_language: the footer's language switch
    path("", include("search.urls")),
    path("", include("members.urls")),
    path("", include("privacy.urls")),
    path("", include("web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)

# Wagtail's page tree serves the editorial pages (help, imprint, …) and comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "web.views.page_not_found"
handler500 = "ris.errors.server_error"  # a database outage is a 503, not a 500
