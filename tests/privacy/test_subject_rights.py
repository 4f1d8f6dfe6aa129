"""Art. 15 export of an account and of a person, and deleting one's own account."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.models import Account, Alert, Event, Follow, FollowKind
from members.services import follow_create
from tests.admin.conftest import grant_staff, wagtail_root
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    user = UserFactory(email="leser@example.org")
    Account.objects.create(user=user, email_verified=True)
    paper = PaperFactory(name="Radweg Nord")
    follow = follow_create(user=user, kind=FollowKind.PAPER, target=paper)
    follow_create(user=user, kind=FollowKind.SEARCH, query="Spielplatz")
    event = Event.objects.create(key="test-event", kind="new_paper", paper=paper)
    Alert.objects.create(user=user, event=event, follow=follow)
    return user


def test_account_export_holds_everything_but_the_password(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("privacy:account_data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["user"]["email"] == "leser@example.org" and "password" not in data["user"]
    assert len(data["follows"]) == 2
    assert any(f["query"] == "Spielplatz" for f in data["follows"])
    assert len(data["alerts"]) == 1 and data["account"]["email_verified"] is True


def test_export_and_deletion_need_a_login(client):
    for name in ("privacy:account_data", "privacy:account_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/anmelden/" in response.url


def test_deleting_the_account_takes_follows_alerts_and_saved_searches(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("members:account")).content.decode()
    assert reverse("privacy:account_delete") in page and reverse("privacy:account_data") in page
    wrong = client.post(reverse("privacy:account_delete"), {"password": "falsch"})
    assert wrong.status_code == 400 and get_user_model().objects.filter(pk=citizen.pk).exists()
    response = client.post(reverse("privacy:account_delete"), {"password": "geheim-123"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=citizen.pk).exists()
    assert not Follow.objects.exists() and not Alert.objects.exists() and not Account.objects.exists()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_their_own_account(client):
    staff = staff_user_for(BodyFactory())
    client.force_login(staff)
    response = client.post(reverse("privacy:account_delete"), {"password": "geheim-123"})
    assert response.status_code == 400 and get_user_model().objects.filter(pk=staff.pk).exists()


def test_person_export_for_staff_of_the_body_only(client):
    wagtail_root()
    body = BodyFactory()
    person = PersonFactory(body=body, name="Hanna Rätin", email="hanna@example.org")
    MembershipFactory(person=person, organization=OrganizationFactory(body=body), start_date=datetime.date(2020, 1, 1))
    paper = PaperFactory(body=body, facts="<p>Frau Hanna Rätin berichtet.</p>")
    paper.originator_persons.add(person)
    staff = staff_user_for(body)
    grant_staff(staff.groups.get())
    client.force_login(staff)
    url = reverse("privacy_admin:person_data", args=[person.pk])
    data = json.loads(client.get(url).content)
    assert data["person"]["email"] == "hanna@example.org"
    assert len(data["memberships"]) == 1
    assert [p["pk"] for p in data["originated_papers"]] == [paper.pk]
    assert [p["pk"] for p in data["mentioned_in_papers"]] == [paper.pk]
    listing = client.get(reverse("wagtailsnippets_council_sessions_person:list")).content.decode()
    assert url in listing

    other = staff_user_for(BodyFactory())
    grant_staff(other.groups.get())
    client.force_login(other)
    assert client.get(url).status_code == 404
