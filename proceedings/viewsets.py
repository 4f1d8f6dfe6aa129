"""The meetings' admin viewset: the Sitzungsdienst's flows (agenda builder, results, minutes) as
extra views of the meeting snippet. Registered in the "Ratsunterlagen" group (``ris/wagtail_hooks.py``).
"""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from proceedings import admin_views
from proceedings.models import MeetingSettings
from ris.admin_columns import GermanDateColumn, PublicationStatusColumn, with_workflow_states
from ris.admin_scope import BodyScopedViewSetMixin
from sessions.models import Meeting


class MeetingViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    """Meetings, with the agenda builder, results and minutes as extra admin views."""

    model = Meeting
    body_path = "organization__body"
    icon = "calendar"
    menu_label = _("Sitzungen")
    list_display = [
        Column("title", label=_("Titel"), sort_key="name"),
        "organization",
        GermanDateColumn.of(Meeting, "start"),
        "state",
        PublicationStatusColumn(),
    ]
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
        FieldRowPanel([FieldPanel("chair"), FieldPanel("recorder")]),
        FieldPanel("guests"),
        FieldPanel("state", read_only=True),
        # Agenda items, results and attendance change only in "Tagesordnung" and "Ergebnisse"
        # (proceedings/services.py), never as inline rows of this form.
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        return with_workflow_states(super().get_queryset(request).filter(deleted=False))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("agenda/<int:pk>/", admin_views.AgendaBuilderView.as_view(), name="agenda"),
            path("results/<int:pk>/", admin_views.ResultsView.as_view(), name="results"),
            path("minutes/<int:pk>/", admin_views.MinutesView.as_view(), name="minutes"),
            path("invitation/<int:pk>/", admin_views.InvitationView.as_view(), name="invitation"),
            path(
                "preview/<int:pk>/<str:document>/", admin_views.DocumentPreviewView.as_view(), name="document_preview"
            ),
        ]


class MeetingSettingsViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    """Each body's Sitzungseinstellungen: letterhead, signatories, defaults, Ladungsfrist, text
    templates. Scoped like every council record: staff see and change only their bodies' settings
    (``ris.access.ADMIN_BODY_PATHS``), the body choice offers only theirs."""

    model = MeetingSettings
    icon = "cog"
    menu_label = _("Sitzungseinstellungen")
    url_prefix = "sitzungen/einstellungen"
    list_display = ["body", "summons_days", "default_start_time"]
    panels = [
        FieldPanel("body", widget=forms.Select),
        FieldPanel("letterhead_name"),
        FieldPanel("letterhead_address"),
        FieldPanel("letterhead_logo"),
        FieldRowPanel([FieldPanel("invitation_signatory"), FieldPanel("invitation_signatory_function")]),
        FieldRowPanel([FieldPanel("minutes_chair_function"), FieldPanel("minutes_recorder_function")]),
        FieldRowPanel([FieldPanel("default_location", widget=forms.Select), FieldPanel("default_start_time")]),
        FieldPanel("summons_days"),
        FieldRowPanel([FieldPanel("invitation_auto_publish"), FieldPanel("invitation_quiet_minutes")]),
        FieldPanel("invitation_intro"),
        FieldPanel("invitation_closing"),
        FieldPanel("minutes_intro"),
        FieldPanel("minutes_closing"),
    ]
