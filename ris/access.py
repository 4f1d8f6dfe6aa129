"""The one access policy (DESIGN.md, "One access policy").

Whether a user may see a paper, meeting, agenda item, consultation or file is decided here and
nowhere else. Each model's queryset exposes ``visible_to(user)``, built from the Q objects below,
and ``can_view(user, obj)`` is its twin for a single object. Pages, search (hits, counts, facets,
snippets), feeds, calendars, sitemaps, OParl and downloads all go through these.

The rules:
- Superusers see everything.
- Staff of a body (members of the body's ``staff_group``) see everything of that body, drafts and
  non-public records included, but nothing deleted.
- Everybody else sees published (``live``), public, not deleted records only. A non-public
  agenda item's existence may be shown on a meeting's page (counted via ``hidden_count``), its
  content never.
"""

from __future__ import annotations

from django.db.models import Q


def _is_super(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def staff_body_ids(user) -> frozenset[int]:
    """The ids of the bodies whose staff group the user belongs to (cached on the user)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_ris_staff_body_ids", None)
    if cached is None:
        from sessions.models import Body

        cached = frozenset(Body.objects.filter(staff_group__in=user.groups.all()).values_list("pk", flat=True))
        user._ris_staff_body_ids = cached
    return cached


def is_staff_of(user, body_id: int | None) -> bool:
    return _is_super(user) or (body_id is not None and body_id in staff_body_ids(user))


def paper_q(user, prefix: str = "") -> Q:
    if _is_super(user):
        return Q(**{f"{prefix}deleted": False})
    q = Q(**{f"{prefix}public": True, f"{prefix}live": True, f"{prefix}deleted": False})
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


def can_view(user, obj) -> bool:
    """The single-object twin of ``visible_to``: exactly the same rule, by construction."""
    if obj is None or obj.pk is None:
        return False
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()
