from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("konto/meine-daten.json", views.account_data, name="account_data"),
    path("konto/loeschen/", views.account_remove, name="account_delete"),
]
