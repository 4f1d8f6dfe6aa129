from django.urls import path

from web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("koerperschaften/<slug:slug>/", views.body_detail, name="body"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper_short"),
    path("vorlagen/<int:pk>/<slug:slug>/", views.paper_detail, name="paper"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_short"),
    path("sitzungen/<int:pk>/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("gremien/<int:pk>/<slug:slug>/", views.organization_detail, name="organization"),
    path("personen/<int:pk>/<slug:slug>/", views.person_detail, name="person"),
    path("dateien/<int:pk>/", views.file_detail, name="file"),
    path("dateien/<int:pk>/download/<str:name>", views.file_download, name="file_download"),
]
