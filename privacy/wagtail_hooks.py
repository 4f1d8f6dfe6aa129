"""Admin wiring of the privacy app: its URLs, the "Datenschutz" button on papers, the audit-log
actions, and the check before a paper is submitted for Freigabe or published.

The check hooks into Wagtail's ``before_edit_snippet`` (no admin view of another app changes):
publishing a public paper with open findings is held back until a member of staff has looked at
them and either decided each or confirmed the publication, which is recorded in the audit log.
Approving the Freigabe in the editor counts as publishing. Submitting for Freigabe runs the
check and says how many findings are open.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet

from motions.models import File, Paper
from privacy import admin_views, checks, services
from privacy.viewsets import RetentionRuleViewSet
from ris import access
from sessions.models import Person

urls = (
    [
        path("aufbewahrung/", admin_views.retention_report, name="retention"),
        path("person/<int:pk>/daten.json", admin_views.person_data, name="person_data"),
        path("vorlage/<int:pk>/", admin_views.paper_check, name="paper"),
        path("datei/<int:pk>/seite/<int:page>/", admin_views.file_page, name="file_page"),
        path(
            "datei/<int:pk>/seite/<int:page>/<str:version>.png",
            admin_views.file_page_image,
            name="file_page_image",
        ),
    ],
    "privacy_admin",
)

LOG_ACTIONS = {
    services.CONFIRM_ACTION: gettext_lazy("Veröffentlichung trotz offener Datenschutz-Funde bestätigt"),
    services.PUBLISHED_OPEN_ACTION: gettext_lazy("Mit offenen Datenschutz-Funden veröffentlicht"),
    services.REDACT_ACTION: gettext_lazy("Personenbezogene Daten geschwärzt"),
    services.DISMISS_ACTION: gettext_lazy("Datenschutz-Fund verworfen"),
}


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("datenschutz/", include(urls, namespace="privacy_admin"))]


register_snippet(RetentionRuleViewSet)


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or bool(access.staff_body_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_privacy_menu_item():
    return PrivacyMenuItem(
        gettext_lazy("Datenschutz"), reverse("privacy_admin:retention"), icon_name="warning", order=120
    )


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_snippet_listing_buttons")
def paper_privacy_button(snippet, user, next_url=None):
    if isinstance(snippet, Paper) and access.is_staff_of(user, snippet.body_id):
        yield ListingButton(
            _("Datenschutz"), reverse("privacy_admin:paper", args=[snippet.pk]), icon_name="warning", priority=60
        )


@hooks.register("register_snippet_listing_buttons")
def file_redaction_button(snippet, user, next_url=None):
    if isinstance(snippet, File) and snippet.file and access.is_staff_of(user, snippet.body_id):
        yield ListingButton(
            _("Schwärzen"), reverse("privacy_admin:file_page", args=[snippet.pk, 1]), icon_name="edit", priority=60
        )


@hooks.register("register_snippet_listing_buttons")
def person_data_button(snippet, user, next_url=None):
    if isinstance(snippet, Person) and access.is_staff_of(user, snippet.body_id):
        yield ListingButton(
            _("Auskunft (Art. 15 DSGVO)"),
            reverse("privacy_admin:person_data", args=[snippet.pk]),
            icon_name="download",
            priority=70,
        )


@hooks.register("before_edit_snippet")
def check_before_publishing(request, instance):
    if not isinstance(instance, Paper) or request.method != "POST":
        return None
    approving = "action-workflow-action" in request.POST and request.POST.get("workflow-action-name") == "approve"
    publishing = "action-publish" in request.POST or approving  # approving the Freigabe publishes
    submitting = "action-submit" in request.POST
    if not (publishing or submitting):
        return None
    findings = checks.paper_check(paper=instance)
    if not findings:
        return None
    check_url = reverse("privacy_admin:paper", args=[instance.pk])
    becomes_public = instance.public or bool(request.POST.get("public"))
    if publishing and becomes_public and not services.publish_confirmed(paper=instance, findings=findings):
        messages.warning(
            request,
            _("Nicht veröffentlicht: %(n)d mögliche personenbezogene Daten sind offen. Bitte prüfen.")
            % {"n": len(findings)},
        )
        return redirect(check_url)
    messages.warning(
        request, _("%(n)d mögliche personenbezogene Daten sind offen (Datenschutz-Prüfung).") % {"n": len(findings)}
    )
    return None
