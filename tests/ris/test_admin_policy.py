"""Every council model's admin goes through the body policy (ris/admin_policy.py)."""

from django.urls import get_resolver
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.permissions import policy_registry

from ris import access
from ris.admin_policy import BodyPermissionPolicy
from ris.admin_scope import BodyScopedViewSetMixin, ScopedSnippetChooserViewSet


def test_every_body_scoped_model_has_the_body_policy_and_scoped_viewsets():
    get_resolver().url_patterns  # noqa: B018 - loading the admin URLs registers the viewsets
    seen = set()
    for viewset in admin_viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not viewset.name or model is None or isinstance(model, str) or not access.is_body_scoped(model):
            continue
        assert isinstance(policy_registry.get_by_type(model), BodyPermissionPolicy), model
        if viewset.url_namespace.startswith("wagtailsnippets_"):
            assert isinstance(viewset, BodyScopedViewSetMixin), viewset
            assert isinstance(viewset.permission_policy, BodyPermissionPolicy), viewset
            assert viewset.chooser_viewset_class is ScopedSnippetChooserViewSet, viewset
            seen.add(access.admin_model_key(model))
    assert seen >= set(access.ADMIN_BODY_PATHS) - {"council_sessions.membership", "council_sessions.attendance"}
