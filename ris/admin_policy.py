"""Wagtail's permission policy for council records: the model permission AND the record's body.

Wagtail asks a model's permission policy before it shows, edits, deletes, publishes, locks or
bulk-acts on a snippet (``user_has_permission_for_instance``) and for the records a user may act
on (``instances_user_has_permission_for``). ``BodyPermissionPolicy`` answers both from the one
access policy (``ris.access``: staff of a record's body with the model permission, superusers
always). Registered for every body-scoped model in ``RisConfig.ready()``, before any viewset
would create Wagtail's fallback ``ModelPermissionPolicy`` (Wagtail 8: ``register_permission_policy``).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from ris import access

# Created only by the agenda builder and the results view (proceedings/services.py), which check the
# numbering and the vote counts; the generic "add" form would go around them.
CREATED_BY_SERVICES = frozenset({"council_sessions.agendaitem", "council_sessions.vote"})
# A new body (a new tenant) is the operator's decision, not its future staff's.
CREATED_BY_SUPERUSERS = frozenset({"council_sessions.body"})


class BodyPermissionPolicy(ModelPermissionPolicy):
    """A ``ModelPermissionPolicy`` whose instance checks also require the record's body."""

    def _permission_name(self, action):
        return access.admin_permission(self.model, action)

    def user_has_permission(self, user, action):
        if action == "add" and access.admin_model_key(self.model) in CREATED_BY_SERVICES:
            return False
        if action == "add" and access.admin_model_key(self.model) in CREATED_BY_SUPERUSERS:
            return user.is_active and user.is_superuser
        return user.is_active and (user.is_superuser or user.has_perm(self._permission_name(action)))

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and access.admin_queryset(user, self.model).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission(user, action) for action in actions) and (
            access.admin_queryset(user, self.model).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model._default_manager.none()
        return access.admin_queryset(user, self.model)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        """Superusers, and the users with the permission who are staff of the record's body."""
        Body = apps.get_model("council_sessions", "Body")
        users = self.users_with_any_permission(actions)
        body_id = access.admin_body_id_of(instance)
        if body_id is None:
            return users.filter(is_superuser=True)
        groups = Body.objects.filter(pk=body_id).exclude(staff_group=None).values("staff_group")
        return users.filter(Q(is_superuser=True) | Q(groups__in=groups)).distinct()

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


def register_policies() -> None:
    """Give every body-scoped model the body policy (idempotent; called from ``RisConfig.ready``)."""
    for key in [*access.ADMIN_BODY_PATHS, "council_sessions.location"]:
        model = apps.get_model(key)
        if not isinstance(policy_registry.get_by_type(model, fallback=False), BodyPermissionPolicy):
            register_permission_policy(model, BodyPermissionPolicy(model), exact_class=True)
