"""Wagtail's reports, dashboard panel and bulk actions, limited to the user's bodies.

Wagtail checks these by model permission only: any staff user with "change paper" saw every
body's papers in the site history, the workflow reports and "Awaiting your review", and a bulk
action URL (``/admin/bulk/…?id=…``) listed and acted on any ids. The views here are Wagtail's own,
narrowed by ``ris.access``; ``ris/urls.py`` puts their patterns before Wagtail's admin include
because Wagtail offers no hook to filter these querysets. The dashboard panel is swapped in by
the ``construct_homepage_panels`` hook (``ris/wagtail_hooks.py``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404, QueryDict
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowTasksView, WorkflowView
from wagtail.models import PageLogEntry

from ris import access
from ris.admin_scope import log_refused


def _scoped_models():
    return [apps.get_model(key) for key in [*access.ADMIN_BODY_PATHS, "council_sessions.location"]]


def foreign_rows_q(user, content_type_field: str = "content_type", object_id_field: str = "object_id") -> Q | None:
    """Rows of a generic relation (log entries, workflow states) about records outside the user's
    bodies; None for superusers (nothing is foreign to them)."""
    if user.is_superuser:
        return None
    foreign = Q(pk__in=[])
    for model in _scoped_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        inside = access.admin_queryset(user, model).annotate(ris_pk=Cast("pk", CharField())).values("ris_pk")
        foreign |= Q(**{content_type_field: content_type.pk}) & ~Q(**{f"{object_id_field}__in": inside})
    return foreign


def _without_foreign(queryset, user, prefix: str = ""):
    foreign = foreign_rows_q(user, f"{prefix}content_type", f"{prefix}object_id")
    return queryset if foreign is None else queryset.exclude(foreign)


def colleagues(user, users):
    """``users`` narrowed to the user and the staff of the user's bodies (the user filters of the
    reports would otherwise name every body's staff)."""
    if user.is_superuser:
        return users
    bodies = access.staff_body_ids(user)
    return users.filter(Q(pk=user.pk) | Q(groups__staffed_bodies__in=bodies)).distinct()


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        return colleagues(self.request.user, super().get_users_queryset())


class ScopedWorkflowFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requested_by = self.filters["requested_by"]
        requested_by.queryset = colleagues(self.request.user, requested_by.get_queryset(self.request))


class ScopedLogEntriesView(LogEntriesView):
    """Berichte → Protokoll (site history): log entries about foreign records are left out."""

    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if issubclass(queryset.model, PageLogEntry):
            return queryset  # pages are shared editorial pages, governed by Wagtail's page permissions
        return _without_foreign(queryset, self.request.user)


class ScopedWorkflowView(WorkflowView):
    filterset_class = ScopedWorkflowFilterSet

    def get_queryset(self):
        return _without_foreign(super().get_queryset(), self.request.user)


class ScopedWorkflowTasksView(WorkflowTasksView):
    def get_queryset(self):
        return _without_foreign(super().get_queryset(), self.request.user, "workflow_state__")


class ScopedWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review": a Freigabe approver sees (and acts on) only their bodies' records."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [
            state
            for state in context["states"]
            if not access.is_body_scoped(type(state["obj"]))
            or access.admin_queryset(user, type(state["obj"])).filter(pk=state["obj"].pk).exists()
        ]
        return context


def scoped_bulk_action(request, app_label, model_name, action):
    """``/admin/bulk/<app>/<model>/<action>/?id=…``: every id must be the user's; "all" means all of theirs."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    if access.is_body_scoped(model) and not request.user.is_superuser:
        ids = request.GET.getlist("id")
        inside = access.admin_queryset(request.user, model)
        if "all" in ids:
            query = request.GET.copy()
            query.setlist("id", [str(pk) for pk in inside.values_list("pk", flat=True)])
            request.GET = QueryDict(query.urlencode())
            request.META["QUERY_STRING"] = query.urlencode()
        elif not ids or any(not str(pk).isdigit() for pk in ids) or inside.filter(pk__in=ids).count() != len(set(ids)):
            log_refused(request)
            raise Http404
    return wagtail_bulk_action(request, app_label, model_name, action)


def admin_overrides():
    """URL patterns for ``ris/urls.py``, ahead of Wagtail's admin (same paths, Wagtail's guards)."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    def admin_view(view):
        return never_cache(require_admin_access(view))

    reports = [
        ("workflow/", ScopedWorkflowView, "workflow"),
        ("workflow_tasks/", ScopedWorkflowTasksView, "workflow_tasks"),
        ("site-history/", ScopedLogEntriesView, "site_history"),
    ]
    patterns = [path("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", admin_view(scoped_bulk_action))]
    for prefix, view, name in reports:
        patterns += [
            path(f"admin/reports/{prefix}", admin_view(view.as_view()), name=f"ris_{name}"),
            path(
                f"admin/reports/{prefix}results/",
                admin_view(view.as_view(results_only=True)),
                name=f"ris_{name}_results",
            ),
        ]
    return patterns


class ScopedTaskSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """The Freigabe e-mail ("… wurde zur Prüfung eingereicht") goes to the approvers of the
    record's body only: the Freigabe group is shared by every body, the record's title is not."""

    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        obj = task_state.workflow_state.content_object
        if obj is None or not access.is_body_scoped(type(obj)):
            return recipients
        body_id = access.admin_body_id_of(obj)
        return recipients.filter(Q(is_superuser=True) | Q(groups__staffed_bodies__pk=body_id)).distinct()


def scope_workflow_notifications() -> None:
    """Connect the scoped notifier under the dispatch_uid of Wagtail's own: called from
    ``RisConfig.ready`` (ris comes first in INSTALLED_APPS), so Wagtail's later connect with the
    same uid is a no-op (Django keeps the first receiver per uid and sender)."""
    from wagtail.models import TaskState
    from wagtail.signals import task_submitted

    uid = "group_approval_task_submitted_email_notification"
    task_submitted.connect(ScopedTaskSubmissionEmailNotifier(), sender=TaskState, dispatch_uid=uid, weak=False)
