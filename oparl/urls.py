"""OParl 1.1 URLs under /oparl/v1.1/ (ids are built by oparl.formats.object_url, which must match)."""

from django.urls import path, re_path

from oparl import views

app_name = "oparl"

KINDS = "legislativeTerm|organization|person|membership|meeting|agendaItem|paper|consultation|file|location|body"
BODY_LISTS = (
    "organization|person|meeting|paper|agendaItem|consultation|file|locationList|legislativeTermList|membership"
)

urlpatterns = [
    path("v1.1/system", views.system, name="system"),
    path("v1.1/body", views.body_list, name="body_list"),
    re_path(rf"^v1\.1/body/(?P<pk>[1-9][0-9]*)/(?P<name>{BODY_LISTS})$", views.body_sublist, name="body_sublist"),
    re_path(
        r"^v1\.1/organization/(?P<pk>[1-9][0-9]*)/(?P<name>meeting|consultation)$",
        views.organization_sublist,
        name="organization_sublist",
    ),
    path("v1.1/file/<int:pk>/access", views.file_access, name="file_access"),
    path("v1.1/file/<int:pk>/download", views.file_download, name="file_download"),
    re_path(rf"^v1\.1/(?P<kind>{KINDS})/(?P<pk>[1-9][0-9]*)$", views.object_detail, name="object"),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
