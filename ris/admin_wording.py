"""One wording of the Freigabe in the admin (issue 20): "Zur Freigabe einreichen", "Freigeben",
"Änderungen anfordern", and messages that say what happened.

Wagtail labels these actions "Submit to <workflow>", "Approve and Publish", "Request changes"
beside a plain "Publish", and after an approval says only "updated" ("geändert"). Its German
catalogue translates them word by word ("Moderation"). Rather than overriding Wagtail's English
msgids in a catalogue of ours (our msgids are German), the labels are set where Wagtail builds the
menu (the ``construct_snippet_action_menu`` hook, wired in ``ris/wagtail_hooks.py``) and the
messages where the edit view makes them (``FreigabeMessagesMixin`` on the paper and meeting
create/edit views), in our own German msgids.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.utils import get_latest_str
from wagtail.snippets.action_menu import (
    CancelWorkflowMenuItem,
    PublishMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
    WorkflowMenuItem,
)

SUBMIT = gettext_lazy("Zur Freigabe einreichen")
RESUBMIT = gettext_lazy("Erneut zur Freigabe einreichen")
APPROVE = gettext_lazy("Freigeben")
APPROVE_WITH_COMMENT = gettext_lazy("Mit Kommentar freigeben")
REQUEST_CHANGES = gettext_lazy("Änderungen anfordern")
CANCEL = gettext_lazy("Freigabe abbrechen")
RESTART = gettext_lazy("Freigabe neu starten")


class FreigabeSubmitMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit item under the one name, whichever workflow or task is running."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        instance = parent_context.get("instance")
        state = instance.current_workflow_state if instance else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = RESUBMIT if needs_changes else SUBMIT
        return context


def freigabe_action_menu(menu_items, request, context) -> None:
    """Relabel the Freigabe actions; while a Freigabe runs, publishing goes through it only
    ("Freigeben" publishes), so the reviewer is not offered "Veröffentlichen" beside it, and
    "Freigeben" is the reviewer's main button."""
    instance = context.get("instance")
    in_review = bool(instance is not None and getattr(instance, "workflow_in_progress", False))
    for index, item in enumerate(list(menu_items)):
        if type(item) is SubmitForModerationMenuItem:
            replacement = FreigabeSubmitMenuItem(order=item.order)
            menu_items[index] = replacement
        elif isinstance(item, WorkflowMenuItem):
            if item.name == "approve":
                item.label = APPROVE_WITH_COMMENT if item.launch_modal else APPROVE
            elif item.name == "reject":
                item.label = REQUEST_CHANGES
        elif isinstance(item, CancelWorkflowMenuItem):
            item.label = CANCEL
        elif isinstance(item, RestartWorkflowMenuItem):
            item.label = RESTART
    if in_review:
        menu_items[:] = [item for item in menu_items if not isinstance(item, PublishMenuItem)]
        # For the reviewer "Freigeben" is the main button (one click); "Entwurf speichern" moves
        # into the menu. Wagtail shows the first item as the main button.
        approve = [
            i for i in menu_items if isinstance(i, WorkflowMenuItem) and i.name == "approve" and not i.launch_modal
        ]
        if approve:
            menu_items.remove(approve[0])
            menu_items.insert(0, approve[0])


class FreigabeMessagesMixin:
    """Success messages of the snippet create/edit views that say what happened to the record."""

    def get_success_message(self, instance=None):
        obj = instance or self.object
        names = {"model": capfirst(self.model._meta.verbose_name), "object": get_latest_str(obj)}
        created = self.view_name == "create"
        if self.action == "submit":
            message = (
                _("%(model)s „%(object)s“ wurde angelegt und zur Freigabe eingereicht.")
                if created
                else _("%(model)s „%(object)s“ wurde zur Freigabe eingereicht.")
            )
        elif self.action == "workflow-action" and getattr(self, "workflow_action", "") == "approve":
            obj.refresh_from_db(fields=["live"])
            if obj.live and not obj.workflow_in_progress:
                message = _("%(model)s „%(object)s“ wurde freigegeben und veröffentlicht.")
            else:
                message = _("%(model)s „%(object)s“ wurde freigegeben; der nächste Schritt der Freigabe folgt.")
        elif self.action == "workflow-action" and getattr(self, "workflow_action", "") == "reject":
            message = _("Für %(model)s „%(object)s“ wurden Änderungen angefordert.")
        elif self.action == "cancel-workflow":
            message = _("Die Freigabe von %(model)s „%(object)s“ wurde abgebrochen.")
        elif self.action == "restart-workflow":
            message = _("Die Freigabe von %(model)s „%(object)s“ wurde neu gestartet.")
        elif self.action == "publish":
            message = (
                _("%(model)s „%(object)s“ wurde angelegt und veröffentlicht.")
                if created
                else _("%(model)s „%(object)s“ wurde veröffentlicht.")
            )
        elif self.action in ("create", "edit"):
            message = (
                _("%(model)s „%(object)s“ wurde als Entwurf angelegt.")
                if created
                else _("Der Entwurf von %(model)s „%(object)s“ wurde gespeichert.")
            )
        else:
            return super().get_success_message(instance)
        return message % names
