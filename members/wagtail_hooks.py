"""Admin wiring: the Beschlusskontrolle viewset, "due soon" on the admin dashboard, the invite link."""

from datetime import timedelta

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from members.models import ResolutionTracking, TrackingStatus
from members.viewsets import ResolutionTrackingViewSet
from ris import access

DUE_WITHIN_DAYS = 30

register_snippet(ResolutionTrackingViewSet)


class TrackingDuePanel(Component):
    """Resolutions of the user's bodies that are overdue or due within 30 days."""

    name = "tracking_due"
    order = 90
    template_name = "members/admin/tracking_due_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        trackings = ResolutionTracking.objects.filter(
            status__in=[TrackingStatus.OPEN, TrackingStatus.IN_PROGRESS],
            due_date__lte=timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS),
        ).select_related("paper", "owner_unit")
        if not self.user.is_superuser:
            trackings = trackings.filter(paper__body_id__in=access.staff_body_ids(self.user))
        return {"trackings": trackings.order_by("due_date")[:20], "today": timezone.localdate()}


@hooks.register("construct_homepage_panels")
def add_tracking_panel(request, panels):
    if request.user.is_superuser or access.staff_body_ids(request.user):
        panels.append(TrackingDuePanel(request.user))


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or bool(access.staff_body_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return StaffMenuItem(_("Mitglied einladen"), reverse("members_invite"), icon_name="mail", order=120)


@hooks.register("register_admin_urls")
def register_invite_url():
    from members.admin_views import InviteView

    return [path("mitglieder/einladen/", InviteView.as_view(), name="members_invite")]
