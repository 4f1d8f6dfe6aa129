"""List columns in the staff's language: "Ja"/"Nein" instead of True/False, German dates and the
publication status (Entwurf / in Freigabe / veröffentlicht) that Wagtail's own columns show in
English terms or not at all. Used by the council viewsets' ``list_display``.
"""

from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

DRAFT = _("Entwurf")
IN_REVIEW = _("in Freigabe")
PUBLISHED = _("veröffentlicht")


class FieldColumn(Column):
    """A column of a model field, headed by the field's own (German) name and sortable by it."""

    @classmethod
    def of(cls, model, name: str, **kwargs):
        kwargs.setdefault("label", capfirst(model._meta.get_field(name).verbose_name))
        kwargs.setdefault("sort_key", name)
        return cls(name, **kwargs)


class YesNoColumn(FieldColumn):
    """A boolean field as "Ja"/"Nein" (empty for an unknown value)."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        raw = context["raw_value"]
        context["value"] = "" if raw is None else (_("Ja") if raw else _("Nein"))
        return context


class GermanDateColumn(FieldColumn):
    """A date as 28.02.2024, a date and time as 28.02.2024 18:00 (local time), whatever the locale."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        raw = context["raw_value"]
        if isinstance(raw, datetime):
            context["value"] = date_format(timezone.localtime(raw) if timezone.is_aware(raw) else raw, "d.m.Y H:i")
        elif isinstance(raw, date):
            context["value"] = date_format(raw, "d.m.Y")
        return context


def with_workflow_states(queryset):
    """The list's records with their running Freigabe read in one query, not one per row:
    Wagtail's ``workflow_in_progress`` reads ``_current_workflow_states`` when it is there."""
    from wagtail.models import WorkflowState

    return queryset.prefetch_related(
        Prefetch("_workflow_states", queryset=WorkflowState.objects.active(), to_attr="_current_workflow_states")
    )


def publication_status(instance) -> str:
    """Where a record stands in the Freigabe: submitted and not yet decided, published, or a draft."""
    if getattr(instance, "workflow_in_progress", False):
        return str(IN_REVIEW)
    return str(PUBLISHED if getattr(instance, "live", False) else DRAFT)


class PublicationStatusColumn(Column):
    """The status column of every list of records that go through the Freigabe."""

    def __init__(self, name="publication_status", **kwargs):
        kwargs.setdefault("label", _("Veröffentlichung"))
        kwargs.setdefault("sort_key", "live")
        super().__init__(name, accessor=publication_status, **kwargs)
