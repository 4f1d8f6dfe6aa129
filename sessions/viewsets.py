"""Wagtail admin viewsets for bodies, organizations, people, agenda items and votes.

Meetings, with the agenda builder, results and minutes, are the Sitzungsdienst's: ``proceedings.viewsets``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from ris.admin_columns import GermanDateColumn, YesNoColumn
from ris.admin_scope import BodyScopedViewSetMixin
from sessions.models import AgendaItem, Body, LegislativeTerm, Location, Organization, Person, Vote


class BodyViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Body
    body_path = "pk"
    icon = "site"
    menu_label = _("Körperschaften")
    list_display = ["name", "classification", "ags"]
    search_fields = ["name", "short_name", "ags"]


class LegislativeTermViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = LegislativeTerm
    icon = "date"
    menu_label = _("Wahlperioden")
    list_display = [
        "name",
        "body",
        GermanDateColumn.of(LegislativeTerm, "start_date"),
        GermanDateColumn.of(LegislativeTerm, "end_date"),
    ]
    list_filter = ["body"]
    search_fields = ["name"]


class LocationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address", "room", "locality"]


class OrganizationViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "organization_type", "classification", "body"]
    list_filter = ["body", "organization_type"]
    search_fields = ["name", "short_name", "classification"]


class PersonViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "status", "body"]
    list_filter = ["body"]
    search_fields = ["name", "family_name", "given_name", "status"]
    panels = [
        FieldPanel("body"),
        FieldRowPanel(
            [FieldPanel("form_of_address"), FieldPanel("title"), FieldPanel("given_name"), FieldPanel("family_name")]
        ),
        FieldPanel("name"),
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("contact_public")], heading=_("Kontakt (privat)")
        ),
        InlinePanel("memberships", heading=_("Mitgliedschaften"), label=_("Mitgliedschaft")),
    ]


class AgendaItemViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = AgendaItem
    body_path = "meeting__organization__body"
    icon = "list-ol"
    menu_label = _("Tagesordnungspunkte")
    list_display = ["number", "name", "meeting", YesNoColumn.of(AgendaItem, "public"), "result"]
    list_filter = ["public", "result", "meeting__organization"]
    search_fields = ["name", "number"]


class VoteViewSet(BodyScopedViewSetMixin, SnippetViewSet):
    model = Vote
    body_path = "agenda_item__meeting__organization__body"
    icon = "tasks"
    menu_label = _("Abstimmungen")
    list_display = ["agenda_item", "yes", "no", "abstain", YesNoColumn.of(Vote, "unanimous"), "result"]
    list_filter = ["result", "unanimous"]
    search_fields = ["subject", "agenda_item__name"]
    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("yes"), FieldPanel("no"), FieldPanel("abstain")]),
        FieldRowPanel([FieldPanel("unanimous"), FieldPanel("result"), FieldPanel("named")]),
    ]
