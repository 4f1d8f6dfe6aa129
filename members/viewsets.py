"""Wagtail admin for the Beschlusskontrolle: staff set owner unit, due date, status and write reports."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from members.models import ResolutionTracking, TrackingStatus
from members.services import ALLOWED_TRANSITIONS, TRACKING_TRANSITION_REFUSED
from ris.admin_scope import BodyScopedViewSetMixin


class ResolutionTrackingForm(WagtailAdminModelForm):
    """Status changes in the admin obey the same transitions as members.services.tracking_set_status."""

    def clean_status(self):
        new = self.cleaned_data["status"]
        if self.instance.pk:
            old = TrackingStatus(ResolutionTracking.objects.get(pk=self.instance.pk).status)
            if new != old and new not in ALLOWED_TRANSITIONS[old]:
                raise forms.ValidationError(
                    TRACKING_TRANSITION_REFUSED % {"old": old.label, "new": TrackingStatus(new).label}
                )
        return new


class ResolutionTrackingViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = ResolutionTracking
    body_path = "paper__body"
    icon = "tasks"
    menu_label = _("Beschlusskontrolle")
    menu_order = 110
    add_to_admin_menu = True
    list_display = ["paper", "owner_unit", "due_date", "status"]
    list_filter = ["status", "due_date"]
    search_fields = ["paper__name", "paper__reference"]
    edit_handler = ObjectList(
        [
            FieldPanel("paper"),
            FieldRowPanel([FieldPanel("owner_unit"), FieldPanel("due_date"), FieldPanel("status")]),
            InlinePanel("reports", label=_("Sachstandsberichte"), heading=_("Sachstandsberichte")),
        ],
        base_form_class=ResolutionTrackingForm,
    )
