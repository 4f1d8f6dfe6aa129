"""The one access policy (DESIGN.md, "One access policy").

Whether a user may see a paper, meeting, agenda item, consultation or file is decided here and
nowhere else. Each model's queryset exposes ``visible_to(user)``, built from the Q objects below,
and ``can_view(user, obj)`` is its twin for a single object. Pages, search (hits, counts, facets,
snippets), feeds, calendars, sitemaps, OParl and downloads all go through these.

The rules:
- Superusers see everything.
- Staff of a body (members of the body's ``staff_group``) see everything of that body, drafts and
  non-public records included, but nothing deleted.
- Council members (a user whose ``members.Account`` is linked to a ``Person``) additionally see
  the published non-public agenda items of the organizations they belonged to on the day of the
  meeting, and the published non-public papers consulted there (or, before a meeting is set, the
  papers of such an organization dated within the membership). A membership that ended stops the
  entitlement for later material; what the member was entitled to before stays visible.
- Where a body says so (``Body.members_see_council_nonpublic``), everybody with a membership in
  one of its committees (Gremium) sees the non-public material of its council (the organizations
  classified "Rat") for the same period, as if they were a member of the council.
- Everybody else sees published (``live``), public, not deleted records only. A non-public
  agenda item's existence may be shown on a meeting's page (counted via ``hidden_count``), its
  content never.
- A paper or file with a redacted public version (docs/privacy.md) is read in the original by
  superusers, its body's staff and the members entitled to it as if it were non-public
  (``sees_original``); everybody else who may see it gets the public version.

The policy sits below the domain apps whose querysets call it, so it names their models only
through the app registry (``apps.get_model``) at call time, never by import (the layers contract
in ``.importlinter``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

COUNCIL_CLASSIFICATIONS = ("rat",)


def _is_super(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def staff_body_ids(user) -> frozenset[int]:
    """The ids of the bodies whose staff group the user belongs to (cached on the user)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_ris_staff_body_ids", None)
    if cached is None:
        Body = apps.get_model("council_sessions", "Body")
        cached = frozenset(Body.objects.filter(staff_group__in=user.groups.all()).values_list("pk", flat=True))
        user._ris_staff_body_ids = cached
    return cached


@dataclass(frozen=True)
class Entitlement:
    """Non-public material of ``organization_id`` dated from ``start`` to ``end`` (inclusive; None = open)."""

    organization_id: int
    start: datetime.date | None
    end: datetime.date | None


def member_entitlements(user) -> tuple[Entitlement, ...]:
    """The organizations (and periods) whose non-public material the user may read as a member."""
    if user is None or not user.is_authenticated:
        return ()
    cached = getattr(user, "_ris_entitlements", None)
    if cached is not None:
        return cached
    Membership = apps.get_model("council_sessions", "Membership")
    Organization = apps.get_model("council_sessions", "Organization")

    committee = Organization.objects.committees().filter(pk=OuterRef("organization_id"))
    memberships = list(
        Membership.objects.filter(
            person__account__user_id=user.pk, person__deleted=False, deleted=False, organization__deleted=False
        )
        .annotate(in_committee=Exists(committee))
        .values_list("organization_id", "in_committee", "organization__body_id", "start_date", "end_date")
    )
    found = {Entitlement(org, start, end) for org, _committee, _body, start, end in memberships}
    committee_bodies = {body for _org, in_committee, body, _s, _e in memberships if in_committee}
    if committee_bodies:
        councils = list(
            Organization.objects.filter(
                body_id__in=committee_bodies, body__members_see_council_nonpublic=True, deleted=False
            )
            .filter(_classification_q())
            .values_list("pk", "body_id")
        )
        for council_id, council_body in councils:
            for _org, in_committee, body, start, end in memberships:
                if in_committee and body == council_body:
                    found.add(Entitlement(council_id, start, end))
    cached = tuple(sorted(found, key=lambda e: (e.organization_id, e.start or datetime.date.min)))
    user._ris_entitlements = cached
    return cached


def _classification_q() -> Q:
    q = Q()
    for name in COUNCIL_CLASSIFICATIONS:
        q |= Q(classification__iexact=name)
    return q


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _meeting_in_period_q(entitlement: Entitlement, prefix: str) -> Q:
    """Meetings (at ``prefix``) of the entitled organization held on a day of the membership."""
    q = Q(**{f"{prefix}organization_id": entitlement.organization_id})
    if entitlement.start:
        q &= Q(**{f"{prefix}start__gte": _day_start(entitlement.start)})
    if entitlement.end:
        q &= Q(**{f"{prefix}start__lt": _day_start(entitlement.end + datetime.timedelta(days=1))})
    return q


def _entitled_agenda_items_q(user, prefix: str) -> Q | None:
    entitlements = member_entitlements(user)
    if not entitlements:
        return None
    period = Q()
    for entitlement in entitlements:
        period |= _meeting_in_period_q(entitlement, f"{prefix}meeting__")
    return period & Q(
        **{
            f"{prefix}deleted": False,
            f"{prefix}meeting__deleted": False,
            f"{prefix}meeting__live": True,
        }
    )


def _entitled_papers_q(user, prefix: str) -> Q | None:
    """Non-public papers consulted by an entitled organization within the membership.

    A subquery on consultations (not a join) so that callers never get duplicate rows.
    """
    entitlements = member_entitlements(user)
    if not entitlements:
        return None
    Consultation = apps.get_model("motions", "Consultation")

    steps = Q()
    for entitlement in entitlements:
        at_meeting = Q(meeting__isnull=False) & _meeting_in_period_q(entitlement, "meeting__")
        undated = Q(meeting__isnull=True, organization_id=entitlement.organization_id)
        if entitlement.start:
            undated &= Q(paper__date__gte=entitlement.start)
        if entitlement.end:
            undated &= Q(paper__date__lte=entitlement.end)
        steps |= at_meeting | undated
    paper_ids = Consultation.objects.filter(steps, deleted=False).values("paper_id")
    return Q(**{f"{prefix}pk__in": paper_ids, f"{prefix}live": True, f"{prefix}deleted": False})


def is_staff_of(user, body_id: int | None) -> bool:
    return _is_super(user) or (body_id is not None and body_id in staff_body_ids(user))


def paper_q(user, prefix: str = "") -> Q:
    if _is_super(user):
        return Q(**{f"{prefix}deleted": False})
    q = Q(**{f"{prefix}public": True, f"{prefix}live": True, f"{prefix}deleted": False})
    entitled = _entitled_papers_q(user, prefix)
    if entitled is not None:
        q |= entitled
    bodies = staff_body_ids(user)
    if bodies:
        q |= Q(**{f"{prefix}body_id__in": bodies, f"{prefix}deleted": False})
    return q


def meeting_q(user, prefix: str = "") -> Q:
    if _is_super(user):
        return Q(**{f"{prefix}deleted": False})
    q = Q(**{f"{prefix}live": True, f"{prefix}deleted": False})
    bodies = staff_body_ids(user)
    if bodies:
        q |= Q(**{f"{prefix}organization__body_id__in": bodies, f"{prefix}deleted": False})
    return q


def agenda_item_q(user, prefix: str = "") -> Q:
    if _is_super(user):
        return Q(**{f"{prefix}deleted": False, f"{prefix}meeting__deleted": False})
    q = Q(**{f"{prefix}public": True, f"{prefix}deleted": False}) & meeting_q(user, f"{prefix}meeting__")
    entitled = _entitled_agenda_items_q(user, prefix)
    if entitled is not None:
        q |= entitled
    bodies = staff_body_ids(user)
    if bodies:
        q |= Q(
            **{
                f"{prefix}meeting__organization__body_id__in": bodies,
                f"{prefix}deleted": False,
                f"{prefix}meeting__deleted": False,
            }
        )
    return q


def consultation_q(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}deleted": False}) & paper_q(user, f"{prefix}paper__")


def file_q(user, prefix: str = "") -> Q:
    """A file is visible exactly when its owner is; a file without owner only to its body's staff."""
    if _is_super(user):
        return Q(**{f"{prefix}deleted": False})
    owner = (
        (Q(**{f"{prefix}paper__isnull": False}) & paper_q(user, f"{prefix}paper__"))
        | (Q(**{f"{prefix}agenda_item__isnull": False}) & agenda_item_q(user, f"{prefix}agenda_item__"))
        | (
            Q(**{f"{prefix}meeting__isnull": False, f"{prefix}agenda_item__isnull": True})
            & meeting_q(user, f"{prefix}meeting__")
        )
    )
    q = Q(**{f"{prefix}deleted": False}) & owner
    bodies = staff_body_ids(user)
    if bodies:
        q |= Q(**{f"{prefix}body_id__in": bodies, f"{prefix}deleted": False})
    return q


def sees_original(user, obj) -> bool:
    """Whether ``user`` may read the original of a paper or file that has a redacted public
    version: superusers, the body's staff and council members entitled to the record as if it
    were non-public (the member rules above). Everybody else gets the public version.
    """
    if _is_super(user):
        return True
    if user is None or not user.is_authenticated or obj is None or obj.pk is None:
        return False
    if getattr(obj, "body_id", None) in staff_body_ids(user):
        return True
    File = apps.get_model("motions", "File")
    Paper = apps.get_model("motions", "Paper")
    if isinstance(obj, Paper):
        entitled = [_entitled_papers_q(user, "")]
    elif isinstance(obj, File):
        entitled = [_entitled_papers_q(user, "paper__"), _entitled_agenda_items_q(user, "agenda_item__")]
    else:
        return False
    q = Q(pk__in=[])
    for branch in entitled:
        if branch is not None:
            q |= branch
    return type(obj).objects.filter(q, pk=obj.pk).exists()


def sees_only_public(user) -> bool:
    """Whether ``visible_to(user)`` is what an anonymous user sees, for every model.

    True for anonymous users and for accounts that are neither superuser, nor staff of a body,
    nor entitled as a council member: the rules above grant them nothing beyond the public
    branch. Search filters on a stored "visible to anonymous" flag for them instead of joining;
    the page cache shares one rendering among them.
    """
    return not _is_super(user) and not staff_body_ids(user) and not member_entitlements(user)


PUBLIC = "public"


def access_class(user) -> str | None:
    """The visibility class a shared cache may key by: ``PUBLIC`` for users who see only what
    anonymous readers see, else None — that user's view is their own and must not be cached for
    or served to anybody else."""
    return PUBLIC if sees_only_public(user) else None


def can_view(user, obj) -> bool:
    """The single-object twin of ``visible_to``: exactly the same rule, by construction."""
    if obj is None or obj.pk is None:
        return False
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


# --- The admin: who may view, change, delete, publish or lock a record (DESIGN.md, "Bodies are tenants") ---
#
# Staff act only within their bodies. A record belongs to the body reached by its path below;
# a user may act on it in the admin when they are a superuser, or when they are staff of that
# body AND hold the model permission for the action (Django's ``<app>.<action>_<model>``; lock
# and unlock need "change"). Everything else is a foreign record: the admin answers 404 for it,
# lists, choosers, form choices and reports leave it out. ``ris.admin_policy`` hands these rules
# to Wagtail as its permission policy; ``ris.admin_scope`` applies them to every admin URL.

ADMIN_BODY_PATHS = {
    "council_sessions.body": "pk",
    "council_sessions.legislativeterm": "body",
    "council_sessions.organization": "body",
    "council_sessions.person": "body",
    "council_sessions.membership": "person__body",
    "council_sessions.meeting": "organization__body",
    "council_sessions.agendaitem": "meeting__organization__body",
    "council_sessions.vote": "agenda_item__meeting__organization__body",
    "council_sessions.attendance": "meeting__organization__body",
    "motions.paper": "body",
    "motions.consultation": "paper__body",
    "motions.file": "body",
    "motions.referencepattern": "body",
    "members.resolutiontracking": "paper__body",
    "privacy.retentionrule": "body",
    "proceedings.meetingsettings": "body",
}
# Actions that Wagtail asks about but that Django has no permission of their own for.
ADMIN_ACTION_PERMISSION = {"lock": "change", "unlock": "change"}


def admin_model_key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def is_body_scoped(model) -> bool:
    """Whether records of ``model`` belong to a body (or, for locations, are used by one)."""
    return admin_model_key(model) in ADMIN_BODY_PATHS or admin_model_key(model) == "council_sessions.location"


def _location_scope_q(bodies) -> Q:
    """Locations belong to no body; staff may use and edit those their bodies use, and unused ones."""
    Paper = apps.get_model("motions", "Paper")
    Body = apps.get_model("council_sessions", "Body")
    Meeting = apps.get_model("council_sessions", "Meeting")
    Organization = apps.get_model("council_sessions", "Organization")
    used_by = (
        Q(pk__in=Body.objects.filter(pk__in=bodies).values("location_id"))
        | Q(pk__in=Organization.objects.filter(body__in=bodies).values("location_id"))
        | Q(pk__in=Meeting.objects.filter(organization__body__in=bodies).values("location_id"))
        | Q(pk__in=Paper.locations.through.objects.filter(paper__body__in=bodies).values("location_id"))
    )
    # NOT IN over a column with NULLs matches nothing in SQL: leave the NULLs out.
    used = (
        Q(pk__in=Body.objects.filter(location__isnull=False).values("location_id"))
        | Q(pk__in=Organization.objects.filter(location__isnull=False).values("location_id"))
        | Q(pk__in=Meeting.objects.filter(location__isnull=False).values("location_id"))
        | Q(pk__in=Paper.locations.through.objects.values("location_id"))
    )
    return used_by | ~used


def admin_scope_q(user, model, prefix: str = "") -> Q:
    """The records of ``model`` within the user's bodies (all of them for superusers)."""
    if _is_super(user):
        return Q()
    bodies = staff_body_ids(user)
    if admin_model_key(model) == "council_sessions.location":
        if not prefix:
            return _location_scope_q(bodies)
        Location = apps.get_model("council_sessions", "Location")
        return Q(**{f"{prefix}pk__in": Location.objects.filter(_location_scope_q(bodies)).values("pk")})
    path = ADMIN_BODY_PATHS.get(admin_model_key(model))
    if path is None:
        return Q(pk__in=[])  # a model the policy does not know is nobody's but the superuser's
    lookup = f"{prefix}{path}" if path == "pk" else f"{prefix}{path}_id"
    return Q(**{f"{lookup}__in": bodies})


def admin_queryset(user, model, queryset=None):
    """The records of ``model`` the user may open in the admin at all (before the action's permission)."""
    queryset = model._default_manager.all() if queryset is None else queryset
    if _is_super(user):
        return queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(admin_scope_q(user, model))


def admin_permission(model, action: str) -> str:
    action = ADMIN_ACTION_PERMISSION.get(action, action)
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may_administer(user, obj, action: str = "change") -> bool:
    """The single-record twin of ``admin_queryset`` plus the action's model permission."""
    if user is None or not user.is_authenticated or obj is None or obj.pk is None:
        return False
    if _is_super(user):
        return True
    if not user.has_perm(admin_permission(type(obj), action)):
        return False
    return admin_queryset(user, type(obj)).filter(pk=obj.pk).exists()


def may_view_in_admin(user, obj) -> bool:
    return may_administer(user, obj, "view") or may_administer(user, obj, "change")


def may_change(user, obj) -> bool:
    return may_administer(user, obj, "change")


def may_delete(user, obj) -> bool:
    return may_administer(user, obj, "delete")


def may_publish(user, obj) -> bool:
    return may_administer(user, obj, "publish")


def may_lock(user, obj) -> bool:
    return may_administer(user, obj, "lock")


def admin_body_id_of(obj) -> int | None:
    """The id of the body a record belongs to, following its path (None for locations and unknowns)."""
    path = ADMIN_BODY_PATHS.get(admin_model_key(type(obj)))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)
