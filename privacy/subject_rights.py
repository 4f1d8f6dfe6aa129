"""Data subject rights: the export of everything held on an account or a person (Art. 15 DSGVO)
and the deletion of an account (Art. 17).

The exports are plain JSON: every stored field of the records that belong to the subject (never a
password hash), and for a person also the records that name them in their text. Deleting an
account removes the user with its account, follows (saved searches included), alerts and
read-receipts (they cascade); the audit log keeps its entries without the user, as Wagtail's log
does for any deleted user. Staff accounts are removed by an administrator, not by themselves,
so that the records they kept stay attributable.
"""

from __future__ import annotations

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motions.models import FilePage, Paper
from ris import access
from sessions.models import Person

STAFF_CANNOT_DELETE = gettext_noop(
    "Konten der Verwaltung werden von einer Administratorin oder einem Administrator gelöscht."
)
SECRET_FIELDS = {"password"}
MENTIONS_LIMIT = 500


def _fields(obj: models.Model) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname] = value
    return data


def _rows(queryset) -> list[dict]:
    return [_fields(obj) for obj in queryset]


def _audit(user) -> list[dict]:
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.filter(user=user).order_by("timestamp")
    return [{"action": e.action, "label": e.label, "timestamp": e.timestamp, "object_id": e.object_id} for e in entries]


def account_export(*, user) -> dict:
    """Everything the system holds on this user account."""
    from members.models import Account, Alert, FileOpened, Follow
    from privacy.models import FileRedaction, Finding, TextRedaction

    account = Account.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now(),
        "user": _fields(user),
        "groups": list(user.groups.values_list("name", flat=True)),
        "account": _fields(account) if account else None,
        "follows": _rows(Follow.objects.filter(user=user).order_by("pk")),
        "alerts": _rows(Alert.objects.filter(user=user).order_by("pk")),
        "files_opened": _rows(FileOpened.objects.filter(user=user).order_by("pk")),
        "audit_log": _audit(user),
        "redactions_made": _rows(FileRedaction.objects.filter(created_by=user))
        + _rows(TextRedaction.objects.filter(created_by=user)),
        "findings_decided": _rows(Finding.objects.filter(decided_by=user)),
    }
    if account and account.person_id:
        data["person"] = person_export(person=account.person, mentions=False)
    return data


def person_export(*, person: Person, mentions: bool = True) -> dict:
    """Everything the system holds on this person: the record, memberships, the papers they
    originated, are responsible for or clerk, their named votes and attendance, the linked
    account, and (``mentions``) the papers and file pages that name them in their text."""
    from sessions.models import Attendance, Membership, PersonalVote

    data = {
        "exported_at": timezone.now(),
        "person": _fields(person),
        "memberships": _rows(Membership.objects.filter(person=person).order_by("pk")),
        "originated_papers": list(person.originated_papers.values("pk", "reference", "name", "date")),
        "responsible_for": list(person.responsible_papers.values("pk", "reference", "name")),
        "clerk_of": list(person.clerked_papers.values("pk", "reference", "name")),
        "attendance": _rows(Attendance.objects.filter(person=person).order_by("pk")),
        "named_votes": _rows(PersonalVote.objects.filter(person=person).order_by("pk")),
    }
    account = getattr(person, "account", None)
    data["account"] = {"username": account.user.get_username(), "email": account.user.email} if account else None
    if mentions and person.name.strip():
        name = person.name.strip()
        text = Q()
        for field in Paper.TEXT_FIELDS:
            text |= Q(**{f"{field}__icontains": name})
        data["mentioned_in_papers"] = list(
            Paper.objects.filter(text | Q(name__icontains=name), body_id=person.body_id).values(
                "pk", "reference", "name"
            )[:MENTIONS_LIMIT]
        )
        data["mentioned_in_files"] = list(
            FilePage.objects.filter(text__icontains=name, file__body_id=person.body_id)
            .values("file_id", "file__name", "number")
            .order_by("file_id", "number")[:MENTIONS_LIMIT]
        )
    return data


def as_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def export_filename(prefix: str) -> str:
    return f"{prefix}-{datetime.date.today():%Y-%m-%d}.json"


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account with its follows, alerts and saved searches.

    Raises: ValidationError for staff and superusers.
    """
    if user.is_superuser or user.is_staff or access.staff_body_ids(user):
        raise ValidationError(_(STAFF_CANNOT_DELETE))
    get_user_model().objects.filter(pk=user.pk).delete()
