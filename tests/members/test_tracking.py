"""Beschlusskontrolle: created on adoption, public list by access with filters and overdue marker,
the paper page shows the state, staff edit it in the admin with allowed transitions only."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import ProgressReport, ResolutionTracking, TrackingStatus
from members.services import tracking_ensure, tracking_set_status
from motions.models import PaperState
from sessions.models import Result
from tests.factories import BodyFactory, ConsultationFactory, OrganizationFactory, PaperFactory, staff_user_for

pytestmark = pytest.mark.django_db


def _admin_staff(body):
    user = staff_user_for(body, is_staff=True)
    user.groups.first().permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="members", content_type__model="resolutiontracking"),
    )
    return user


@pytest.fixture
def tracked():
    body = BodyFactory(name="Stadt Aschersleben")
    unit = OrganizationFactory(body=body, name="Amt 21")
    public = PaperFactory(body=body, name="Digitalisierung der Verwaltung", lead_unit=unit)
    secret = PaperFactory(body=body, public=False, name="Grundstücksankauf Parkstraße")
    overdue = tracking_ensure(paper=public)
    ResolutionTracking.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    hidden = tracking_ensure(paper=secret)
    ProgressReport.objects.create(tracking=overdue, date=datetime.date(2024, 5, 2), text="Ausschreibung läuft.")
    return {"body": body, "unit": unit, "public": public, "secret": secret, "hidden": hidden, "tracking": overdue}


def test_tracking_created_when_deciding_body_adopts():
    paper = PaperFactory()
    council = OrganizationFactory(body=paper.body)
    ConsultationFactory(paper=paper, organization=council, authoritative=True, result=Result.ADOPTED)
    assert ResolutionTracking.objects.filter(paper=paper, status=TrackingStatus.OPEN).exists()


def test_tracking_created_when_paper_state_becomes_adopted():
    paper = PaperFactory(state=PaperState.IN_CONSULTATION)
    assert not ResolutionTracking.objects.filter(paper=paper).exists()
    paper.state = PaperState.ADOPTED
    paper.save()
    assert ResolutionTracking.objects.get(paper=paper).owner_unit_id == paper.lead_unit_id


def test_public_list_shows_public_resolutions_with_overdue_marker(client, tracked):
    html = client.get(reverse("members:tracking_list")).content.decode()
    assert "Digitalisierung der Verwaltung" in html and "überfällig" in html and "Ausschreibung läuft." in html
    assert "Grundstücksankauf" not in html


def test_staff_list_includes_non_public(client, tracked):
    client.force_login(staff_user_for(tracked["body"]))
    assert "Grundstücksankauf" in client.get(reverse("members:tracking_list")).content.decode()


def test_list_filters_by_status_and_overdue(client, tracked):
    html = client.get(reverse("members:tracking_list") + "?stand=umgesetzt").content.decode()
    assert "Digitalisierung" not in html
    html = client.get(reverse("members:tracking_list") + "?ueberfaellig=1").content.decode()
    assert "Digitalisierung" in html


def test_paper_page_shows_implementation_state(client, tracked):
    html = client.get(tracked["public"].get_absolute_url()).content.decode()
    assert "Umsetzung des Beschlusses" in html and "offen" in html and "Amt 21" in html


def test_status_transitions_allowed_and_refused(tracked):
    tracking = tracked["tracking"]
    tracking_set_status(tracking=tracking, status=TrackingStatus.IN_PROGRESS)
    tracking_set_status(tracking=tracking, status=TrackingStatus.DONE)
    assert not tracking.is_overdue
    with pytest.raises(ValidationError):
        tracking_set_status(tracking=tracking, status=TrackingStatus.IMPOSSIBLE)


def test_admin_dashboard_shows_due_resolutions_to_staff_of_the_body(client, tracked):
    client.force_login(_admin_staff(tracked["body"]))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Beschlusskontrolle: fällig" in html and "Digitalisierung der Verwaltung" in html


def test_admin_dashboard_hides_other_bodies_resolutions(client, tracked):
    client.force_login(_admin_staff(BodyFactory()))
    assert "Digitalisierung der Verwaltung" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_admin_edit_refuses_disallowed_transition(client, tracked):
    tracking = tracked["tracking"]
    tracking_set_status(tracking=tracking, status=TrackingStatus.DONE)
    client.force_login(_admin_staff(tracked["body"]))
    url = reverse("wagtailsnippets_members_resolutiontracking:edit", args=[tracking.pk])
    form = {
        "paper": tracking.paper_id,
        "owner_unit": tracked["unit"].pk,
        "due_date": "2030-01-31",
        "status": TrackingStatus.IMPOSSIBLE,
        "reports-TOTAL_FORMS": "1",
        "reports-INITIAL_FORMS": "1",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "1000",
        "reports-0-id": tracking.reports.get().pk,
        "reports-0-date": "2024-05-02",
        "reports-0-text": "Ausschreibung läuft.",
        "reports-0-ORDER": "1",
        "reports-0-DELETE": "",
    }
    response = client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    tracking.refresh_from_db()
    assert tracking.status == TrackingStatus.DONE
    form["status"] = TrackingStatus.IN_PROGRESS
    form["reports-TOTAL_FORMS"] = "2"
    form.update(
        {
            "reports-1-id": "",
            "reports-1-date": "2030-01-02",
            "reports-1-text": "Nachsteuerung nötig.",
            "reports-1-ORDER": "2",
            "reports-1-DELETE": "",
        }
    )
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    tracking.refresh_from_db()
    assert tracking.status == TrackingStatus.IN_PROGRESS and tracking.reports.count() == 2
