from django.urls import path
from django.views.generic import RedirectView

from members import feeds
from members.views import accounts, dashboard, follows, tracking

app_name = "members"
urlpatterns = [
    path("anmelden/", accounts.LoginView.as_view(), name="login"),
    path("abmelden/", accounts.LogoutView.as_view(), name="logout"),
    path("registrieren/", accounts.register, name="register"),
    path("registrieren/gesendet/", accounts.register_done, name="register_done"),
    path("registrieren/bestaetigen/<uidb64>/<token>/", accounts.verify, name="verify"),
    path("einladung/<uidb64>/<token>/", accounts.InvitationView.as_view(), name="invitation"),
    path("passwort/vergessen/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("passwort/vergessen/gesendet/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("passwort/neu/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("passwort/neu/fertig/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("konto/", accounts.account, name="account"),
    path("konto/bestaetigen/", accounts.request_verification, name="request_verification"),
    path("konto/einladen/", accounts.invite, name="invite"),
    path("konto/abos/<int:pk>/beenden/", accounts.delete_follow, name="follow_delete"),
    path("folgen/", follows.follow, name="follow"),
    path("abbestellen/<str:token>/", follows.unsubscribe, name="unsubscribe"),
    path("abo/rss/vorlage/<int:pk>/", feeds.PaperFeed(), name="feed_paper"),
    # The follow feeds of organizations, persons, bodies and searches moved to the site's feeds;
    # subscriptions made before keep working.
    path("abo/rss/gremium/<int:pk>/", RedirectView.as_view(pattern_name="web:feed_organization", permanent=True)),
    path("abo/rss/person/<int:pk>/", RedirectView.as_view(pattern_name="web:feed_person", permanent=True)),
    path("abo/rss/koerperschaft/<slug:slug>/", RedirectView.as_view(pattern_name="web:feed_body", permanent=True)),
    path("abo/rss/suche/", RedirectView.as_view(pattern_name="web:feed_papers", query_string=True, permanent=True)),
    path("meine-vorgaenge/", dashboard.dashboard, name="dashboard"),
    path("beschlusskontrolle/", tracking.tracking_list, name="tracking_list"),
]
