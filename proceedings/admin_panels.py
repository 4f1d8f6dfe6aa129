"""The dashboard panel of the automatic Nachtrag (wired in ris/wagtail_hooks.py via
``construct_homepage_panels``): invited meetings whose changes were not published by themselves."""

from django.template.loader import get_template
from wagtail.admin.ui.components import Component

from proceedings.models import InvitationAutoPending
from ris import access
from sessions.models import Meeting


class InvitationChangesHeldPanel(Component):
    """Meetings of the user's bodies whose Nachtrag waits for staff (Ladungsfrist, a draft of the
    meeting, a failed attempt), as the last beat run found them; shown only when there are some."""

    order = 55
    template_name = "wagtailadmin/ris/invitation_held_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        notes = (
            InvitationAutoPending.objects.exclude(hold="")
            .filter(access.admin_scope_q(self.user, Meeting, prefix="meeting__"))
            .select_related("meeting__organization")
        )
        return {"notes": list(notes.order_by("meeting__start")[:50])}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        return get_template(self.template_name).render(context) if context["notes"] else ""
