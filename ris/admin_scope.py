"""The admin keeps bodies apart: every snippet URL, chooser and form goes through ``ris.access``.

``BodyScopedViewSetMixin`` (on every council SnippetViewSet, wired in ``*/viewsets.py``):

- lists only the records of the user's bodies (``get_queryset``);
- guards every URL of the viewset that names a record (``<pk>`` — edit, delete, history, usage,
  revisions, compare, preview, revert, copy, lock/unlock, workflow action/history, inspect,
  unpublish and the custom views a viewset adds in ``get_urlpatterns``): a record outside the
  scope answers 404 before the view runs, exactly as a record that does not exist, and the
  refusal is logged (``ris.admin_scope``: who, which URL, when — never the record's content);
- gives the snippet chooser of the model the same scope (``ScopedSnippetChooserViewSet``);
- builds its create/edit form with ``BodyScopedFormMixin``: every choice of a body's record
  (bodies, organizations, persons, meetings, papers, consultations, files, locations), in the form
  and in its inline rows, offers only the user's bodies' records, so a forged id is a form error;
  technical fields (OParl-ID, deleted flags, review flags) and the fields only the services may
  set (results, numbering, votes: ``SERVICE_ONLY_FIELDS``) are read-only.
"""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q
from django.forms import ModelChoiceField
from django.http import Http404
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from ris import access

logger = logging.getLogger(__name__)

# Set by importers and the ingestion, never typed in by staff.
TECHNICAL_FIELDS = ("oparl_id", "deleted", "deleted_at", "needs_review", "recognition")
# Fields whose changes have rules (proceedings/services.py): staff change them in the agenda builder,
# the results view and the correction flow, never in a generic form.
SERVICE_ONLY_FIELDS = {
    "council_sessions.agendaitem": ("meeting", "number", "result", "resolution_text", "public"),
    "council_sessions.vote": ("agenda_item", "yes", "no", "abstain", "unanimous", "result", "named"),
    "motions.consultation": ("meeting", "agenda_item", "result"),
    "council_sessions.meeting": ("state", "corrected_at", "correction_note", "minutes_text"),
}
# Who staffs a body is the operator's decision: staff cannot hand their body to another group.
SUPERUSER_ONLY_FIELDS = {"council_sessions.body": ("staff_group",)}


def log_refused(request, reason: str = "foreign record") -> None:
    """One line per refused access: who, which URL, when; never anything of the record."""
    user = getattr(request, "user", None)
    logger.warning(
        "admin access refused (%s): user=%s id=%s method=%s url=%s at=%s",
        reason,
        getattr(user, "username", "?"),
        getattr(user, "pk", None),
        request.method,
        request.get_full_path(),
        timezone.now().isoformat(),
    )


def _pk_in(queryset, pk) -> bool:
    try:
        return queryset.filter(pk=pk).exists()
    except (ValueError, TypeError, ValidationError):
        return False


def _parts_belong_to(model, pk, kwargs) -> bool:
    """The revision, workflow state or task state a URL names must be the record's own.

    Wagtail's workflow action view takes ``task_state_id`` without checking that it belongs to the
    record in the URL: with an own paper's pk and another body's task state, an approver in the
    shared Freigabe group would approve (and publish) the other body's paper.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision, TaskState, WorkflowState

    content_type = ContentType.objects.get_for_model(model)
    own = {"object_id": str(pk)}
    checks = {
        "revision_id": lambda v: Revision.objects.filter(
            Q(content_type=content_type) | Q(base_content_type=content_type), pk=v, **own
        ),
        "workflow_state_id": lambda v: WorkflowState.objects.filter(
            Q(content_type=content_type) | Q(base_content_type=content_type), pk=v, **own
        ),
        "task_state_id": lambda v: TaskState.objects.filter(
            Q(workflow_state__content_type=content_type) | Q(workflow_state__base_content_type=content_type),
            pk=v,
            workflow_state__object_id=str(pk),
        ),
    }
    checks["revision_id_a"] = checks["revision_id_b"] = checks["revision_id"]
    for name, found in checks.items():
        value = kwargs.get(name)
        if value is not None and str(value).isdigit() and not found(value).exists():
            return False
    return True


def guard_view(view, scoped_queryset):
    """Wrap a view taking ``pk``: a pk outside ``scoped_queryset(request)`` is a logged 404."""
    if getattr(view, "ris_guarded", False):
        return view

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            queryset = scoped_queryset(request)
            if not _pk_in(queryset, pk) or not _parts_belong_to(queryset.model, pk, kwargs):
                log_refused(request)
                raise Http404
        return view(request, *args, **kwargs)

    guarded.ris_guarded = True
    return guarded


def guard_urlpatterns(patterns, scoped_queryset):
    """The same patterns, each view guarded (recursing into included resolvers)."""
    guarded = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = guard_urlpatterns(pattern.url_patterns, scoped_queryset)
            guarded.append(pattern)
        elif isinstance(pattern, URLPattern):
            guarded.append(
                URLPattern(
                    pattern.pattern,
                    guard_view(pattern.callback, scoped_queryset),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            guarded.append(pattern)
    return guarded


def scope_choice_field(field, user, current=()) -> None:
    """Narrow a model choice field to the user's bodies' records (plus what is already linked)."""
    model = field.queryset.model
    if not access.is_body_scoped(model):
        return
    queryset = field.queryset
    if any(f.name == "deleted" for f in model._meta.get_fields()):
        queryset = queryset.filter(deleted=False)
    allowed = access.admin_scope_q(user, model)
    current = [c for c in current if c]
    if current:
        allowed |= Q(pk__in=current)
    field.queryset = queryset.filter(allowed) if allowed else queryset
    if isinstance(field.widget, BaseChooser):
        # A re-shown form renders the chooser's posted value with its title: look it up in scope.
        field.widget.ris_queryset = field.queryset
        field.widget.__class__ = _scoped_chooser_class(type(field.widget))


class ScopedChooserWidgetMixin:
    """A chooser widget that shows only values from its field's (scoped) queryset."""

    ris_queryset = None

    def get_instance(self, value):
        if value is None or self.ris_queryset is None:
            return super().get_instance(value)
        pk = getattr(value, "pk", value)
        try:
            return self.ris_queryset.filter(pk=pk).first()
        except (ValueError, TypeError, ValidationError):
            return None


@functools.cache
def _scoped_chooser_class(widget_class):
    return type(
        widget_class.__name__, (ScopedChooserWidgetMixin, widget_class), {"__module__": widget_class.__module__}
    )


def _current(form, name):
    value = form.initial.get(name)
    values = value if isinstance(value, list | tuple) else [value]
    return [getattr(v, "pk", v) for v in values]


class BodyScopedFormMixin:
    """For admin model forms: body-bound choices from the user's bodies, technical fields read-only."""

    ris_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None) or self.ris_user
        key = access.admin_model_key(self._meta.model)
        readonly = set(TECHNICAL_FIELDS) | set(SERVICE_ONLY_FIELDS.get(key, ()))
        if user is None or not user.is_superuser:
            readonly |= set(SUPERUSER_ONLY_FIELDS.get(key, ()))
        for name, field in self.fields.items():
            if name in readonly:
                field.disabled = True
                field.required = False
            elif isinstance(field, ModelChoiceField) and user is not None:
                scope_choice_field(field, user, _current(self, name))
        for formset in getattr(self, "formsets", {}).values():
            # Inline rows are built lazily from ``formset.form``: give them the same scope.
            formset.form = scoped_form_class(formset.form, user)
            formset.__class__ = _own_rows_formset_class(type(formset))


class OwnRowsFormSetMixin:
    """An inline row's hidden id names one of the parent's own rows, never another record's."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if isinstance(field, ModelChoiceField):
            parent = getattr(self, "instance", None)
            if parent is None or parent.pk is None:
                field.queryset = field.queryset.none()
            else:
                field.queryset = field.queryset.filter(**{self.fk.name: parent})


@functools.cache
def _own_rows_formset_class(formset_class):
    if issubclass(formset_class, OwnRowsFormSetMixin):
        return formset_class
    return type(formset_class.__name__, (OwnRowsFormSetMixin, formset_class), {"__module__": formset_class.__module__})


@functools.cache
def _scoped_form_class(form_class):
    return type(form_class.__name__, (BodyScopedFormMixin, form_class), {"__module__": form_class.__module__})


def scoped_form_class(form_class, user):
    if issubclass(form_class, BodyScopedFormMixin):
        base = form_class
    else:
        base = _scoped_form_class(form_class)
    return type(base.__name__, (base,), {"ris_user": user, "__module__": base.__module__})


class BodyScopedAdminForm(BodyScopedFormMixin, WagtailAdminModelForm):
    """A base form class for panels that name their own ``base_form_class``."""


class _ScopedChooserMixin:
    def get_object_list(self):
        return access.admin_queryset(self.request.user, self.model_class, super().get_object_list()).filter(
            _alive(self.model_class)
        )


def _alive(model) -> Q:
    return Q(deleted=False) if any(f.name == "deleted" for f in model._meta.get_fields()) else Q()


class ScopedChooseView(_ScopedChooserMixin, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooserMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        found = access.admin_queryset(self.request.user, self.model_class).filter(_alive(self.model_class))
        try:
            return found.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, ValidationError) as error:
            log_refused(self.request)
            raise ObjectDoesNotExist from error


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return access.admin_queryset(self.request.user, self.model_class).filter(_alive(self.model_class), pk__in=pks)


class NoCreationView(SnippetCreateView):
    """Council records are created in their own forms, never from inside a chooser."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser (``/admin/snippets/choose/…``) offering only the user's bodies' records."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = NoCreationView

    def get_urlpatterns(self):
        def scoped(request):
            return access.admin_queryset(request.user, self.model).filter(_alive(self.model))

        return guard_urlpatterns(super().get_urlpatterns(), scoped)


class BodyScopedFilterSet(WagtailFilterSet):
    """List filters (Körperschaft, Gremium, …) offer only the user's bodies' records."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for list_filter in self.filters.values():
            queryset = getattr(list_filter, "queryset", None)
            if user is not None and queryset is not None and access.is_body_scoped(queryset.model):
                list_filter.queryset = access.admin_queryset(user, queryset.model, queryset)


class BodyScopedViewSetMixin:
    """For SnippetViewSets: superusers see all, staff only the records of bodies they staff.

    ``body_path`` is kept for readers; the scope itself comes from ``ris.access.ADMIN_BODY_PATHS``.
    Every ``get_urlpatterns`` of a subclass is guarded too (see ``__init_subclass__``).
    """

    body_path = "body"
    search_backend_name = None  # search the database with the ORM over ``search_fields``
    chooser_viewset_class = ScopedSnippetChooserViewSet

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("get_urlpatterns")
        if own is not None and not getattr(own, "ris_guarded", False):

            @functools.wraps(own)
            def get_urlpatterns(self):
                return guard_urlpatterns(own(self), self.get_queryset)

            get_urlpatterns.ris_guarded = True
            cls.get_urlpatterns = get_urlpatterns

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), self.get_queryset)

    get_urlpatterns.ris_guarded = True

    def get_queryset(self, request):
        return access.admin_queryset(request.user, self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(base_filterset_class=BodyScopedFilterSet, **kwargs)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        if issubclass(form_class, BodyScopedFormMixin):
            return form_class
        return _scoped_form_class(form_class)


class StaffRecordMixin:
    """For custom admin views about one record: the record exists, is not deleted, the user is
    staff of its body and holds ``permission``; otherwise 404/403, as for any other surface.

    ``body_id_of(obj)`` says which body a record belongs to.
    """

    model = None
    permission = ""

    @staticmethod
    def body_id_of(obj):
        return obj.body_id

    def get_record(self):
        from django.core.exceptions import PermissionDenied

        obj = self.model.objects.filter(pk=self.kwargs["pk"], deleted=False).first()
        if obj is None or not access.is_staff_of(self.request.user, self.body_id_of(obj)):
            log_refused(self.request)
            raise Http404
        if self.permission and not self.request.user.has_perm(self.permission):
            raise PermissionDenied
        return obj


class ExplicitSaveMixin:
    """For snippet create/edit views: no background autosave (Wagtail 8 autosaves every 500 ms).

    Saving a new paper draws its reference number; an autosave racing the "Entwurf speichern"
    click created the paper twice. Staff save explicitly, and every save is one audited revision.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False
