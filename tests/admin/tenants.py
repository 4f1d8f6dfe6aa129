"""Two bodies for the tenant-isolation tests: "home" (the attacker's) and "foreign" (the victim's).

Every record of the foreign body carries the marker ``FOREIGN_MARK`` in its text, so a response
that names any of them is caught by one substring test. The foreign paper is a non-public draft
under Freigabe review and locked by its own staff; the foreign file is a real upload in media/.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from members.models import ResolutionTracking
from motions.models import File, PaperType, ReferencePattern
from sessions.models import LegislativeTerm, Location, Membership, OrganizationType, Vote
from tests.admin.conftest import freigabe_workflow, grant_staff, wagtail_root
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    staff_user_for,
)

FOREIGN_MARK = "Fremdgeheim"
PASSWORD = "geheim-123"

# Tables that record the requesting user's own session and preferences, not anybody's records.
OWN_SESSION_TABLES = {"django_session", "wagtailusers_userprofile", "axes_accessattempt", "axes_accesslog"}


class Tenants:
    def __init__(self):
        wagtail_root()
        reviewers = freigabe_workflow()
        self.home = BodyFactory(name="Stadt Heimstadt", slug="heimstadt")
        self.foreign = BodyFactory(name=f"Stadt {FOREIGN_MARK}hausen", slug="fremd")
        self.attacker = staff_user_for(self.home, username="verwaltung-heimstadt")
        self.victim = staff_user_for(self.foreign, username="verwaltung-fremd")
        for body in (self.home, self.foreign):
            grant_staff(body.staff_group)
            body.staff_group.permissions.add(
                *Permission.objects.filter(content_type__app_label="members"),
                *Permission.objects.filter(content_type__app_label="council_sessions"),
            )
        # The attacker is also a Freigabe approver (the group is shared by every body), as is
        # one of the foreign body's staff.
        self.attacker.groups.add(reviewers)
        self.foreign_reviewer = staff_user_for(self.foreign, username="freigabe-fremd")
        self.foreign_reviewer.groups.add(reviewers)
        self.home_records = self._records(self.home, "Heimat")
        self.foreign_records = self._records(self.foreign, FOREIGN_MARK)
        paper = self.foreign_records["paper"]
        paper.save_revision(user=self.victim, log_action=True)
        from wagtail.models import Workflow

        Workflow.objects.get(name="Freigabe").start(paper, self.victim)
        paper.refresh_from_db()
        paper.locked, paper.locked_by, paper.locked_at = True, self.victim, timezone.now()
        paper.save(update_fields=["locked", "locked_by", "locked_at"])
        self.foreign_records["meeting"].save_revision(user=self.victim, log_action=True)

    def _records(self, body, mark):
        location = Location.objects.create(description=f"{mark} Ratssaal", locality=f"{mark}dorf")
        organization = OrganizationFactory(body=body, name=f"{mark} Hauptausschuss", location=location)
        faction = OrganizationFactory(body=body, name=f"{mark} Fraktion", organization_type=OrganizationType.FACTION)
        person = PersonFactory(body=body, given_name=mark, family_name="Ratsfrau", name=f"{mark} Ratsfrau")
        membership = Membership.objects.create(person=person, organization=organization, voting_right=True)
        paper = PaperFactory(
            body=body,
            name=f"{mark} Wertgutachten Grundstück",
            reference=f"{mark[:3].upper()}/0681/24",
            public=False,
            live=False,
            paper_type=PaperType.MOTION,
        )
        consultation = ConsultationFactory(paper=paper, organization=organization)
        meeting = MeetingFactory(
            organization=organization,
            name=f"{mark} Sondersitzung",
            location=location,
            start=timezone.make_aware(datetime.datetime(2024, 3, 1, 17)),
        )
        item = AgendaItemFactory(meeting=meeting, name=f"{mark} Grundstücksverkauf", public=False)
        vote = Vote.objects.create(
            agenda_item=item, subject=f"{mark} Abstimmung", yes=3, no=1, abstain=0, result="angenommen"
        )
        file = File(body=body, paper=paper, name=f"{mark} Wertgutachten", file_name=f"{mark.lower()}-wertgutachten.pdf")
        file.file.save(f"{mark.lower()}-wertgutachten.pdf", ContentFile(b"%PDF-1.4 geheim"), save=False)
        file.save()
        term = LegislativeTerm.objects.create(
            body=body, name=f"{mark} Wahlperiode", start_date=datetime.date(2019, 7, 1)
        )
        pattern = ReferencePattern.objects.create(
            body=body, paper_type=PaperType.MOTION, pattern=f"{mark[:3].upper()}/{{nr:04}}/{{year}}"
        )
        tracking = ResolutionTracking.objects.create(paper=paper, owner_unit=faction)
        return {
            "location": location,
            "organization": organization,
            "faction": faction,
            "person": person,
            "membership": membership,
            "paper": paper,
            "consultation": consultation,
            "meeting": meeting,
            "agendaitem": item,
            "vote": vote,
            "file": file,
            "legislativeterm": term,
            "referencepattern": pattern,
            "resolutiontracking": tracking,
            "body": body,
        }

    def foreign_record(self, model):
        """The foreign body's record of ``model`` (None for a model no body owns)."""
        return self.foreign_records.get(model._meta.model_name)

    def leaks(self, text: str) -> list[str]:
        """The foreign markers (titles, file path) found in a response body."""
        file = self.foreign_records["file"]
        needles = [FOREIGN_MARK, FOREIGN_MARK.lower(), file.file.name, self.foreign_records["paper"].reference]
        return [n for n in needles if n in text]


def database_fingerprint() -> dict[str, str]:
    """Per table: row count and a checksum over all rows (the requesting user's session left out)."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in OWN_SESSION_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            fingerprint[table] = f"{len(rows)}:{digest}"
    return fingerprint


def fingerprint_diff(before: dict, after: dict) -> list[str]:
    return [table for table in sorted(set(before) | set(after)) if before.get(table) != after.get(table)]
