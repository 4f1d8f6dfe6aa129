"""Wagtail admin viewsets for papers, consultations, files and numbering."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from motions.models import Consultation, File, Paper, ReferencePattern
from ris.admin_scope import BodyScopedViewSetMixin


class PaperViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Paper
    icon = "doc-full"
    menu_label = _("Vorlagen")
    list_display = ["reference", "name", "paper_type", "date", "public", "state"]
    list_filter = ["body", "paper_type", "public", "state", "needs_review"]
    search_fields = ["reference", "name"]
    ordering = ["-date", "-pk"]
    panels = [
        FieldRowPanel([FieldPanel("body"), FieldPanel("paper_type")]),
        FieldRowPanel([FieldPanel("reference"), FieldPanel("date"), FieldPanel("public")]),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("originator_persons"),
                FieldPanel("originator_organizations"),
                FieldPanel("lead_unit"),
                FieldPanel("responsible_person"),
                FieldPanel("clerk"),
                FieldPanel("file_number"),
            ],
            heading=_("Beteiligte"),
        ),
        FieldPanel("resolution_proposal"),
        FieldPanel("facts"),
        FieldPanel("reasoning"),
        FieldPanel("funding"),
        MultiFieldPanel(
            [FieldPanel("amends"), FieldPanel("answers"), FieldPanel("related_papers"), FieldPanel("answer_deadline")],
            heading=_("Bezüge"),
        ),
        InlinePanel("consultations", heading=_("Beratungsfolge"), label=_("Beratung")),
    ]


class ConsultationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Consultation
    body_path = "paper__body"
    icon = "list-ul"
    menu_label = _("Beratungen")
    list_display = ["paper", "organization", "role", "authoritative", "result"]
    list_filter = ["role", "authoritative", "result", "organization"]
    search_fields = ["paper__reference", "paper__name", "organization__name"]


class FileViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = File
    icon = "doc-empty"
    menu_label = _("Dateien")
    list_display = ["name", "role", "page_count", "extraction_state", "size"]
    list_filter = ["body", "role", "extraction_state", "media_type"]
    search_fields = ["name", "file_name", "sha256"]
    panels = [
        FieldPanel("body"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("paper"),
        FieldPanel("meeting"),
        FieldPanel("agenda_item"),
        FieldPanel("date"),
        FieldPanel("file"),
    ]


class ReferencePatternViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = ReferencePattern
    icon = "cog"
    menu_label = _("Nummernkreise")
    list_display = ["body", "paper_type", "pattern"]
    list_filter = ["body"]
    search_fields = ["pattern"]
