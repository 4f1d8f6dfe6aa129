"""One admin menu area, "Ratsunterlagen", for every council record (issue: foundation)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from motions.viewsets import ConsultationViewSet, FileViewSet, PaperViewSet, ReferencePatternViewSet
from proceedings.viewsets import MeetingSettingsViewSet, MeetingViewSet
from sessions.viewsets import (
    AgendaItemViewSet,
    BodyViewSet,
    LegislativeTermViewSet,
    LocationViewSet,
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
        MeetingSettingsViewSet,
    )


register_snippet(CouncilRecordsGroup)


@hooks.register("construct_homepage_panels")
def add_inquiries_due_panel(request, panels):
    from motions.admin_panels import InquiriesDuePanel

    panels.append(InquiriesDuePanel(request.user))


@hooks.register("construct_homepage_panels")
def add_invitation_held_panel(request, panels):
    from proceedings.admin_panels import InvitationChangesHeldPanel

    panels.append(InvitationChangesHeldPanel(request.user))


@hooks.register("construct_homepage_panels")
def scope_review_panel(request, panels):
    """ "Awaiting your review" lists only the records of the approver's bodies (ris/admin_reports.py)."""
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

    from ris.admin_reports import ScopedWorkflowObjectsToModeratePanel

    panels[:] = [
        ScopedWorkflowObjectsToModeratePanel() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
    ]


@hooks.register("construct_snippet_action_menu")
def freigabe_wording(menu_items, request, context):
    """ "Zur Freigabe einreichen", "Freigeben", "Änderungen anfordern" (ris/admin_wording.py)."""
    from ris.admin_wording import freigabe_action_menu

    freigabe_action_menu(menu_items, request, context)


# Actions the staff flows write to Wagtail's audit log (Berichte → Protokoll), next to Wagtail's own.
RIS_LOG_ACTIONS = {
    "ris.paper.amendment": _("Änderungsantrag angelegt"),
    "ris.paper.answer": _("Antwort angelegt"),
    "ris.paper.state": _("Stand der Vorlage geändert"),
    "ris.soft_delete": _("Als gelöscht markiert"),
    "ris.correction": _("Berichtigt"),
    "ris.agenda.change": _("Tagesordnung geändert"),
    "ris.meeting.state": _("Status der Sitzung geändert"),
    "ris.meeting.invitation": _("Einladung erzeugt"),
    "ris.meeting.attendance": _("Anwesenheit erfasst"),
    "ris.meeting.result": _("Ergebnis erfasst"),
    "ris.meeting.minutes": _("Niederschrift erzeugt"),
    "ris.meeting.invitation_version": _("Nachtrag oder geänderte Einladung veröffentlicht"),
    "ris.meeting.invitation_auto": _(
        "Nachtrag oder geänderte Einladung automatisch veröffentlicht (nach der Ruhezeit)"
    ),
    "ris.meeting.statements": _("Erklärungen zu Protokoll erfasst"),
}


@hooks.register("register_log_actions")
def register_ris_log_actions(actions):
    for action, label in RIS_LOG_ACTIONS.items():
        actions.register_action(action, label, label)
