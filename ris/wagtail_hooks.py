"""One admin menu area, "Ratsunterlagen", for every council record (issue: foundation)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from motions.viewsets import ConsultationViewSet, FileViewSet, PaperViewSet, ReferencePatternViewSet
from sessions.viewsets import (
    AgendaItemViewSet,
    BodyViewSet,
    LegislativeTermViewSet,
    LocationViewSet,
    MeetingViewSet,
    OrganizationViewSet,
    PersonViewSet,
    VoteViewSet,
)


class CouncilRecordsGroup(SnippetViewSetGroup):
    menu_label = _("Ratsunterlagen")
    menu_icon = "folder-open-inverse"
    menu_order = 100
    items = (
        PaperViewSet,
        ConsultationViewSet,
        MeetingViewSet,
        AgendaItemViewSet,
        VoteViewSet,
        FileViewSet,
        OrganizationViewSet,
        PersonViewSet,
        LegislativeTermViewSet,
        BodyViewSet,
        LocationViewSet,
        ReferencePatternViewSet,
    )


register_snippet(CouncilRecordsGroup)
