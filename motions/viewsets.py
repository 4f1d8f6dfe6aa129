"""Wagtail admin viewsets for papers, consultations, files and numbering."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from motions import admin_views, file_admin_views
from motions.admin_widgets import SearchableCheckboxes, SearchableSelect
from motions.forms import FileAdminForm
from motions.models import Consultation, File, Paper, ReferencePattern
from ris.admin_columns import GermanDateColumn, PublicationStatusColumn, YesNoColumn, with_workflow_states
from ris.admin_scope import BodyScopedViewSetMixin


class PaperViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    """Papers: reference proposal, Beratungsfolge inline, Freigabe workflow, scheduling, soft delete."""

    model = Paper
    icon = "doc-full"
    menu_label = _("Vorlagen")
    list_display = [
        "reference",
        "name",
        "paper_type",
        GermanDateColumn.of(Paper, "date"),
        YesNoColumn.of(Paper, "public"),
        "state",
        PublicationStatusColumn(),
    ]
    list_filter = ["body", "paper_type", "public", "state", "needs_review"]
    search_fields = ["reference", "name"]
    ordering = ["-date", "-pk"]
    add_view_class = admin_views.PaperCreateView
    edit_view_class = admin_views.PaperEditView
    delete_view_class = admin_views.PaperDeleteView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("body", widget=forms.Select), FieldPanel("paper_type")]),
            FieldRowPanel([FieldPanel("reference"), FieldPanel("date"), FieldPanel("public")]),
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldPanel("originator_persons", widget=SearchableCheckboxes),
                    FieldPanel("originator_organizations", widget=SearchableCheckboxes),
                    FieldPanel("lead_unit", widget=SearchableSelect),
                    FieldPanel("responsible_person", widget=SearchableSelect),
                    FieldPanel("clerk", widget=SearchableSelect),
                    FieldPanel("file_number"),
                ],
                heading=_("Beteiligte"),
            ),
            FieldPanel("resolution_proposal"),
            FieldPanel("facts"),
            FieldPanel("reasoning"),
            FieldPanel("funding"),
            InlinePanel(
                "consultations",
                heading=_("Beratungsfolge"),
                label=_("Beratung"),
                panels=[
                    FieldPanel("organization", widget=SearchableSelect),
                    FieldRowPanel([FieldPanel("role"), FieldPanel("authoritative")]),
                ],
            ),
            MultiFieldPanel(
                [
                    FieldPanel("amends", widget=SearchableSelect),
                    FieldPanel("answers", widget=SearchableSelect),
                    FieldPanel("related_papers"),
                    FieldPanel("answer_deadline"),
                ],
                heading=_("Bezüge"),
            ),
            FieldPanel("correction_note"),
            PublishingPanel(),
        ],
        base_form_class=admin_views.PaperAdminForm,
    )

    def get_queryset(self, request):
        return with_workflow_states(super().get_queryset(request).filter(deleted=False))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reference-preview/", admin_views.reference_preview_view, name="reference_preview"),
            path("derive/<int:pk>/<slug:kind>/", admin_views.PaperDeriveView.as_view(), name="derive"),
        ]


class ConsultationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Consultation
    body_path = "paper__body"
    icon = "list-ul"
    menu_label = _("Beratungen")
    list_display = ["paper", "organization", "role", YesNoColumn.of(Consultation, "authoritative"), "result"]
    list_filter = ["role", "authoritative", "result", "organization"]
    search_fields = ["paper__reference", "paper__name", "organization__name"]


class FileIndexView(SnippetIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("motions.change_file"):
            url = reverse("wagtailsnippets_motions_file:extract_again", args=[instance.pk])
            buttons.append(MenuItem(_("Text erneut erkennen"), url=url, icon_name="resubmit", priority=15))
        return buttons


class FileViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    """Files with their extraction state; a new upload is hashed and its text extracted in the background."""

    model = File
    icon = "doc-empty"
    menu_label = _("Dateien")
    index_view_class = FileIndexView
    list_display = [
        "name",
        "role",
        Column("extraction_summary", label=_("Texterkennung"), accessor="extraction_summary"),
        "size",
    ]
    list_filter = ["body", "role", "extraction_state", "media_type"]
    search_fields = ["name", "file_name", "sha256"]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldPanel("name"),
            FieldPanel("role"),
            FieldPanel("paper"),
            FieldPanel("meeting"),
            FieldPanel("agenda_item"),
            FieldPanel("date"),
            FieldPanel("file"),
            MultiFieldPanel(
                [
                    FieldPanel("extraction_state", read_only=True),
                    FieldPanel("page_count", read_only=True),
                    FieldPanel("extraction_error", read_only=True),
                    FieldPanel("extracted_at", read_only=True),
                    FieldPanel("sha256", read_only=True),
                ],
                heading=_("Texterkennung"),
            ),
        ],
        base_form_class=FileAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("extract/<int:pk>/", file_admin_views.file_extract_again, name="extract_again"),
        ]


class ReferencePatternViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = ReferencePattern
    icon = "cog"
    menu_label = _("Nummernkreise")
    list_display = ["body", "paper_type", "pattern"]
    list_filter = ["body"]
    search_fields = ["pattern"]
