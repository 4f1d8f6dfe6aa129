"""Panels on the admin dashboard (wired in ris/wagtail_hooks.py via ``construct_homepage_panels``)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from motions.selectors import inquiries_due


class InquiriesDuePanel(Component):
    """Inquiries whose answer deadline (the body's Antwortfrist) is near or past, oldest first."""

    order = 60
    template_name = "wagtailadmin/ris/inquiries_due_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        rows = [
            {
                "paper": paper,
                "overdue": paper.answer_deadline < today,
                "days": (paper.answer_deadline - today).days,
                "overdue_days": (today - paper.answer_deadline).days,
            }
            for paper in inquiries_due(user=self.user, today=today)[:50]
        ]
        return {"rows": rows}
