"""Fixtures for the staff flows: a body with its staff and reviewer, committees, numbering, and a
browser login through the real Wagtail admin login form."""

import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from motions.models import PaperType, ReferencePattern
from sessions.models import OrganizationType
from tests.factories import BodyFactory, OrganizationFactory, UserFactory, staff_user_for

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "geheim-123"

STAFF_MODELS = {
    "motions": ("paper", "consultation", "file", "referencepattern"),
    "council_sessions": ("meeting", "agendaitem", "vote", "organization", "person", "membership", "location"),
}


def freigabe_workflow():
    """The Freigabe workflow from the data migration (flushed away between transactional tests)."""
    migration = importlib.import_module("motions.migrations.0002_freigabe_workflow")
    migration.create_workflow(apps, None)
    return Group.objects.get(name=migration.GROUP_NAME)


def wagtail_root() -> None:
    """Wagtail's root page (made by its migrations); admin reports need it in every test."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))


def grant_staff(group: Group) -> None:
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for app_label, models in STAFF_MODELS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models).exclude(
                codename="publish_paper"
            )
        )


class Council:
    """A small council: Stadt Musterstadt with Hauptausschuss and Stadtrat, staff and a reviewer."""

    def __init__(self):
        wagtail_root()
        self.body = BodyFactory(name="Stadt Musterstadt", slug="musterstadt")
        self.staff = staff_user_for(self.body, username="sitzungsdienst")
        grant_staff(self.body.staff_group)
        reviewers = freigabe_workflow()
        self.reviewer = UserFactory(username="pruefer")
        self.reviewer.groups.add(self.body.staff_group, reviewers)
        self.committee = OrganizationFactory(body=self.body, name="Hauptausschuss", seats=9)
        self.council = OrganizationFactory(body=self.body, name="Stadtrat", seats=30)
        self.faction = OrganizationFactory(
            body=self.body, name="Fraktion Bürgerliste", organization_type=OrganizationType.FACTION
        )
        ReferencePattern.objects.create(body=self.body, paper_type=PaperType.MOTION, pattern="A/{nr:04}/{year}")
        ReferencePattern.objects.create(body=self.body, paper_type=PaperType.AMENDMENT, pattern="AE/{nr:04}/{year}")
        ReferencePattern.objects.create(body=self.body, paper_type=PaperType.INQUIRY, pattern="F/{nr:04}/{year}")
        ReferencePattern.objects.create(body=self.body, paper_type=PaperType.ANSWER, pattern="F/{nr:04}/{year}-A")


@pytest.fixture
def council(db):
    return Council()


@pytest.fixture
def admin_login(live_server):
    """Log a user in through the admin's own login form; returns the page, on the dashboard."""

    def login(page, user, password=PASSWORD):
        page.set_default_timeout(10000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return login
