"""Wagtail admin viewsets for bodies, organizations, people, meetings and votes."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from ris.admin_scope import BodyScopedViewSetMixin
from sessions import admin_views
from sessions.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Organization, Person, Vote


class BodyViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Body
    body_path = "pk"
    icon = "site"
    menu_label = _("Körperschaften")
    list_display = ["name", "classification", "ags"]
    search_fields = ["name", "short_name", "ags"]


class LegislativeTermViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = LegislativeTerm
    icon = "date"
    menu_label = _("Wahlperioden")
    list_display = ["name", "body", "start_date", "end_date"]
    list_filter = ["body"]
    search_fields = ["name"]


class LocationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address", "room", "locality"]


class OrganizationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "organization_type", "classification", "body"]
    list_filter = ["body", "organization_type"]
    search_fields = ["name", "short_name", "classification"]


class PersonViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "status", "body"]
    list_filter = ["body"]
    search_fields = ["name", "family_name", "given_name", "status"]
    panels = [
        FieldPanel("body"),
        FieldRowPanel(
            [FieldPanel("form_of_address"), FieldPanel("title"), FieldPanel("given_name"), FieldPanel("family_name")]
        ),
        FieldPanel("name"),
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("contact_public")], heading=_("Kontakt (privat)")
        ),
        InlinePanel("memberships", heading=_("Mitgliedschaften"), label=_("Mitgliedschaft")),
    ]


class MeetingViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    """Meetings, with the agenda builder, results and minutes as extra admin views."""

    model = Meeting
    body_path = "organization__body"
    icon = "calendar"
    menu_label = _("Sitzungen")
    list_display = ["title", "organization", "start", "state"]
    list_filter = ["organization__body", "organization", "state"]
    search_fields = ["name", "organization__name"]
    ordering = ["-start"]
    add_view_class = admin_views.MeetingCreateView
    edit_view_class = admin_views.MeetingEditView
    delete_view_class = admin_views.MeetingDeleteView
    panels = [
        FieldPanel("organization", widget=forms.Select),
        FieldRowPanel([FieldPanel("number"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("location", widget=forms.Select),
        FieldPanel("state", read_only=True),
        # Agenda items, results and attendance change only in "Tagesordnung" and "Ergebnisse"
        # (sessions/services.py), never as inline rows of this form.
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted=False)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("agenda/<int:pk>/", admin_views.AgendaBuilderView.as_view(), name="agenda"),
            path("results/<int:pk>/", admin_views.ResultsView.as_view(), name="results"),
            path("minutes/<int:pk>/", admin_views.MinutesView.as_view(), name="minutes"),
        ]


class AgendaItemViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = AgendaItem
    body_path = "meeting__organization__body"
    icon = "list-ol"
    menu_label = _("Tagesordnungspunkte")
    list_display = ["number", "name", "meeting", "public", "result"]
    list_filter = ["public", "result", "meeting__organization"]
    search_fields = ["name", "number"]


class VoteViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Vote
    body_path = "agenda_item__meeting__organization__body"
    icon = "tasks"
    menu_label = _("Abstimmungen")
    list_display = ["agenda_item", "yes", "no", "abstain", "unanimous", "result"]
    list_filter = ["result", "unanimous"]
    search_fields = ["subject", "agenda_item__name"]
    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("yes"), FieldPanel("no"), FieldPanel("abstain")]),
        FieldRowPanel([FieldPanel("unanimous"), FieldPanel("result"), FieldPanel("named")]),
    ]
