"""The directories of organizations (/gremien/) and people (/personen/)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions.models import OrganizationType
from tests.factories import BodyFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_organization_list_counts_current_members_and_hides_dissolved_ones(client):
    committee = OrganizationFactory(name="Bauausschuss", organization_type=OrganizationType.COMMITTEE)
    MembershipFactory(organization=committee, person=PersonFactory(body=committee.body))
    MembershipFactory(organization=committee, person=PersonFactory(body=committee.body), end_date=_days(-1))
    MembershipFactory(organization=committee, person=PersonFactory(body=committee.body), start_date=_days(10))
    OrganizationFactory(body=committee.body, name="Alter Kulturausschuss", end_date=_days(-30))
    OrganizationFactory(body=committee.body, name="Gelöschter Ausschuss", deleted=True)

    html = client.get("/gremien/").content.decode()
    assert "Bauausschuss" in html and "1 Mitglied<" in html
    assert "Alter Kulturausschuss" not in html and "Gelöschter Ausschuss" not in html

    with_dissolved = client.get("/gremien/?aufgeloeste=on").content.decode()
    assert "Alter Kulturausschuss" in with_dissolved and "aufgelöst am" in with_dissolved
    assert "Gelöschter Ausschuss" not in with_dissolved


def test_organization_list_filters_by_body_and_type(client):
    faction = OrganizationFactory(name="Fraktion Grün", organization_type=OrganizationType.FACTION)
    OrganizationFactory(body=faction.body, name="Finanzausschuss", organization_type=OrganizationType.COMMITTEE)
    OrganizationFactory(name="Anderswo-Fraktion", organization_type=OrganizationType.FACTION)

    html = client.get(f"/gremien/?art=fraktion&koerperschaft={faction.body.slug}").content.decode()
    assert "Fraktion Grün" in html
    assert "Finanzausschuss" not in html and "Anderswo-Fraktion" not in html


def test_person_list_shows_current_factions_and_committees_and_filters(client):
    body = BodyFactory()
    faction = OrganizationFactory(body=body, name="Bürgerliste", organization_type=OrganizationType.FACTION)
    committee = OrganizationFactory(body=body, name="Schulausschuss")
    anna = PersonFactory(body=body, name="Anna Beispiel", family_name="Beispiel")
    MembershipFactory(person=anna, organization=faction, role="Vorsitzende")
    MembershipFactory(person=anna, organization=committee)
    bert = PersonFactory(body=body, name="Bert Früher", family_name="Früher")
    MembershipFactory(person=bert, organization=faction, end_date=_days(-1))
    PersonFactory(body=body, name="Gelöschte Person", deleted=True)

    html = client.get("/personen/").content.decode()
    assert "Anna Beispiel" in html and "Bürgerliste (Vorsitzende)" in html and "Schulausschuss" in html
    assert "Bert Früher" in html and "derzeit ohne Mitgliedschaft" in html
    assert "Gelöschte Person" not in html

    in_faction = client.get(f"/personen/?fraktion={faction.pk}").content.decode()
    assert "Anna Beispiel" in in_faction and "Bert Früher" not in in_faction
    by_name = client.get("/personen/?name=früh").content.decode()
    assert "Bert Früher" in by_name and "Anna Beispiel" not in by_name


def test_person_list_costs_the_same_queries_for_many_people(client):
    body = BodyFactory()
    faction = OrganizationFactory(body=body, organization_type=OrganizationType.FACTION)
    for _ in range(3):
        MembershipFactory(person=PersonFactory(body=body), organization=faction)
    with CaptureQueriesContext(connection) as few:
        client.get("/personen/")
    for _ in range(30):
        MembershipFactory(person=PersonFactory(body=body), organization=faction)
    with CaptureQueriesContext(connection) as many:
        client.get("/personen/")
    assert len(few) == len(many)


def test_directories_with_bad_filter_values_are_not_an_error(client):
    for url in [
        "/personen/?fraktion=abc&gremium=999999&koerperschaft=%22&seite=-3",
        "/personen/?name=" + "x" * 500,
        "/gremien/?art=nix&aufgeloeste=vielleicht&seite=999",
    ]:
        assert client.get(url).status_code == 200, url


def test_main_navigation_links_the_directories(client):
    html = client.get("/vorlagen/").content.decode()
    assert 'href="/gremien/"' in html and 'href="/personen/"' in html
