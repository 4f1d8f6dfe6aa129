"""The filterable, paginated lists of papers and meetings and the meeting calendar.

Filters are django-filter FilterSets over ``visible_to(user)`` querysets, so a filter can only
narrow what the access policy already allows. Unknown filter values are ignored by the form
(it shows the error), never a 500.
"""

from __future__ import annotations

import calendar
import datetime

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motions.models import Consultation, Paper, PaperState, PaperType
from sessions.models import Body, Meeting, MeetingState, Membership, Organization, OrganizationType, Person
from web.selectors import PAPER_ROW_FIELDS

PAGE_SIZE = 25
DIRECTORY_PAGE_SIZE = 50
WHEN_CHOICES = [("kommende", _("kommende")), ("vergangene", _("vergangene"))]


ALL = _("alle")


def _years() -> list[tuple[int, int]]:
    """Years to choose from, newest first (a select, not free text)."""
    return [(y, y) for y in range(timezone.localdate().year + 1, 1989, -1)]


class OrganizationChoiceField(forms.ModelChoiceField):
    """Names each organization with its body: "Stadtrat" alone is ambiguous with several bodies."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.body.name})" if obj.body_id else obj.name


class OrganizationChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = OrganizationChoiceField


class PaperFilter(django_filters.FilterSet):
    koerperschaft = django_filters.ModelChoiceFilter(
        field_name="body",
        queryset=Body.objects.alive(),
        to_field_name="slug",
        label=_("Körperschaft"),
        empty_label=ALL,
    )
    art = django_filters.ChoiceFilter(
        field_name="paper_type", choices=PaperType.choices, label=_("Art"), empty_label=ALL
    )
    stand = django_filters.ChoiceFilter(
        field_name="state", choices=PaperState.choices, label=_("Stand"), empty_label=ALL
    )
    gremium = OrganizationChoiceFilter(
        queryset=Organization.objects.alive().committees().select_related("body"),
        method="filter_organization",
        label=_("beraten in"),
        empty_label=ALL,
    )
    jahr = django_filters.ChoiceFilter(field_name="date__year", label=_("Jahr"), choices=_years, empty_label=ALL)

    class Meta:
        model = Paper
        fields = []

    def filter_organization(self, queryset, name, value):
        consulted = Consultation.objects.visible_to(self.request.user).filter(organization=value)
        return queryset.filter(pk__in=consulted.values("paper_id"))


class MeetingFilter(django_filters.FilterSet):
    koerperschaft = django_filters.ModelChoiceFilter(
        field_name="organization__body",
        queryset=Body.objects.alive(),
        to_field_name="slug",
        label=_("Körperschaft"),
        empty_label=ALL,
    )
    gremium = OrganizationChoiceFilter(
        field_name="organization",
        queryset=Organization.objects.alive().committees().select_related("body"),
        label=_("Gremium"),
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        field_name="state", choices=MeetingState.choices, label=_("Status"), empty_label=ALL
    )
    jahr = django_filters.ChoiceFilter(field_name="start__year", label=_("Jahr"), choices=_years, empty_label=ALL)
    zeit = django_filters.ChoiceFilter(choices=WHEN_CHOICES, method="filter_when", label=_("Zeitraum"), empty_label=ALL)

    class Meta:
        model = Meeting
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "kommende":
            return queryset.filter(start__gte=now).order_by("start")
        return queryset.filter(start__lt=now).order_by("-start")


class OrganizationFilter(django_filters.FilterSet):
    koerperschaft = django_filters.ModelChoiceFilter(
        field_name="body", queryset=Body.objects.alive(), to_field_name="slug", label=_("Körperschaft"), empty_label=ALL
    )
    art = django_filters.ChoiceFilter(
        field_name="organization_type", choices=OrganizationType.choices, label=_("Art"), empty_label=ALL
    )
    aufgeloeste = django_filters.BooleanFilter(
        method="filter_dissolved", widget=forms.CheckboxInput, label=_("auch aufgelöste")
    )

    class Meta:
        model = Organization
        fields = []

    def filter_dissolved(self, queryset, name, value):
        if value:
            return queryset
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label=_("Name"), max_length=100)
    koerperschaft = django_filters.ModelChoiceFilter(
        field_name="body", queryset=Body.objects.alive(), to_field_name="slug", label=_("Körperschaft"), empty_label=ALL
    )
    fraktion = OrganizationChoiceFilter(
        queryset=Organization.objects.alive().filter(organization_type=OrganizationType.FACTION).select_related("body"),
        method="filter_current_member",
        label=_("Fraktion"),
        empty_label=ALL,
    )
    gremium = OrganizationChoiceFilter(
        queryset=Organization.objects.alive().committees().select_related("body"),
        method="filter_current_member",
        label=_("Mitglied in"),
        empty_label=ALL,
    )

    class Meta:
        model = Person
        fields = []

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(family_name__icontains=word))
        return queryset

    def filter_current_member(self, queryset, name, value):
        members = _current_memberships().filter(organization=value)
        return queryset.filter(pk__in=members.values("person_id"))


def _current_memberships():
    today = timezone.localdate()
    return Membership.objects.alive().filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        organization__deleted=False,
    )


def paginate(queryset, request, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))


def organization_list(*, request) -> dict:
    """Committees, factions and units; without filters only those not dissolved, each with its
    number of current members. Organizations are public records (no access rule narrows them)."""
    current = Q(memberships__in=_current_memberships().filter(person__deleted=False))
    base = (
        Organization.objects.alive()
        .select_related("body")
        .annotate(member_count=Count("memberships", filter=current, distinct=True))
        .order_by("body__name", "organization_type", "name", "pk")
    )
    filterset = OrganizationFilter(request.GET, queryset=base, request=request)
    return {"filter": filterset, "page_obj": paginate(filterset.qs, request, DIRECTORY_PAGE_SIZE)}


def person_list(*, request) -> dict:
    """People of the councils, alphabetically, each with their current factions and committees
    (one prefetch query, whatever the page holds)."""
    current = _current_memberships().select_related("organization").order_by("organization__name")
    base = (
        Person.objects.alive()
        .select_related("body")
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("family_name", "name", "pk")
    )
    filterset = PersonFilter(request.GET, queryset=base, request=request)
    return {"filter": filterset, "page_obj": paginate(filterset.qs, request, DIRECTORY_PAGE_SIZE)}


def paper_list(*, request) -> dict:
    filterset = paper_filter(request=request)
    return {"filter": filterset, "page_obj": paginate(filterset.qs, request)}


def paper_filter(*, request) -> PaperFilter:
    base = (
        Paper.objects.visible_to(request.user)
        .select_related("body")
        .only(*PAPER_ROW_FIELDS, "body__name")
        .order_by("-date", "-pk")
    )
    return PaperFilter(request.GET, queryset=base, request=request)


def meeting_list(*, request) -> dict:
    filterset = meeting_filter(request=request)
    return {"filter": filterset, "page_obj": paginate(filterset.qs, request)}


def meeting_filter(*, request) -> MeetingFilter:
    base = Meeting.objects.visible_to(request.user).select_related("organization__body", "location").order_by("-start")
    return MeetingFilter(request.GET, queryset=base, request=request)


def parse_month(value: str | None) -> datetime.date | None:
    """``2024-02`` → 1 Feb 2024; empty → this month; anything else → None (the view says 404)."""
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        day = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2100 else None


def calendar_month(*, user, month: datetime.date, organization: Organization | None = None) -> dict:
    """The meetings of one month, as weeks of days (Monday first) and as a flat list."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    meetings = Meeting.objects.visible_to(user).filter(
        start__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
        start__lt=datetime.datetime.combine(following, datetime.time.min, tzinfo=tz),
    )
    if organization is not None:
        meetings = meetings.filter(organization=organization)
    meetings = list(meetings.select_related("organization__body", "location").order_by("start"))
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localdate(meeting.start), []).append(meeting)
    weeks = [
        [{"day": d, "in_month": d.month == first.month, "meetings": by_day.get(d, [])} for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return {
        "month": first,
        "previous": (first - datetime.timedelta(days=1)).replace(day=1),
        "next": following,
        "weeks": weeks,
        "meetings": meetings,
        "today": timezone.localdate(),
        # With several bodies a committee's name alone ("Stadtrat") does not say whose.
        "several_bodies": len({m.organization.body_id for m in meetings}) > 1,
    }
