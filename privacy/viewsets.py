"""Admin of the retention rules: a snippet viewset scoped to the staff's bodies (their form offers
only those bodies), under the "Datenschutz" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy.models import RetentionRule
from ris import access
from ris.admin_scope import BodyScopedViewSetMixin
from sessions.models import Body


class RetentionRuleForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            self.fields["body"].queryset = Body.objects.filter(pk__in=access.staff_body_ids(user))


class RetentionRuleViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = RetentionRule
    icon = "history"
    menu_label = _("Aufbewahrungsregeln")
    url_prefix = "datenschutz/regeln"
    add_to_admin_menu = False
    list_display = ["body", "subject", "paper_type", "years", "action", "active"]
    list_filter = ["subject", "action", "active"]
    panels = [
        FieldPanel("body"),
        FieldPanel("subject"),
        FieldPanel("paper_type"),
        FieldPanel("years"),
        FieldPanel("action"),
        FieldPanel("active"),
    ]

    def get_form_class(self, for_update=False):
        self.base_form_class = RetentionRuleForm
        return super().get_form_class(for_update)
