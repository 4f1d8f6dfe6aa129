"""factory_boy factories for the domain (STYLE.md rule 8), shared by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from motions.models import Consultation, ConsultationRole, File, Paper, PaperType
from sessions.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Stadt Beispiel {n}")
    slug = factory.Sequence(lambda n: f"beispiel-{n}")


class LegislativeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegislativeTerm

    body = factory.SubFactory(BodyFactory)
    name = "VII"
    start_date = datetime.date(2019, 7, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    body = factory.SubFactory(BodyFactory)
    given_name = factory.Faker("first_name", locale="de_DE")
    family_name = factory.Faker("last_name", locale="de_DE")
    name = factory.LazyAttribute(lambda o: f"{o.given_name} {o.family_name}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory, body=factory.SelfAttribute("..person.body"))
    voting_right = True


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Vorlage Nummer {n}")
    reference = factory.Sequence(lambda n: f"V/{n:04}/2024")
    paper_type = PaperType.RESOLUTION_PROPOSAL
    date = datetime.date(2024, 2, 1)
    public = True
    live = True


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    paper = factory.SubFactory(PaperFactory)
    organization = factory.SubFactory(OrganizationFactory, body=factory.SelfAttribute("..paper.body"))
    role = ConsultationRole.PRELIMINARY


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    organization = factory.SubFactory(OrganizationFactory)
    start = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2024, 2, 21, 17, 0)))
    live = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"Ö {n + 1}")
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")
    public = True


class FileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = File

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Dokument {n}")
    file_name = factory.Sequence(lambda n: f"dokument-{n}.pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("geheim-123")


def staff_user_for(body: Body, **kwargs):
    """A user in the body's staff group (the group is created on first use)."""
    if body.staff_group_id is None:
        body.staff_group = Group.objects.create(name=f"Verwaltung {body.name}")
        body.save(update_fields=["staff_group"])
    user = UserFactory(**kwargs)
    user.groups.add(body.staff_group)
    return user


def published_meeting_in_ratssaal(organization: Organization, days: int = 10, **fields) -> Meeting:
    """Meeting no. 18 of ``organization`` in ``days`` days in the Ratssaal, chaired by Hans
    Vorsitz, its first revision published: what the invitation and minutes tests start from."""
    place = Location.objects.create(description="Ratssaal", street_address="Rathausplatz 1", locality="Musterstadt")
    meeting = MeetingFactory(
        organization=organization,
        start=timezone.now() + datetime.timedelta(days=days),
        number=18,
        location=place,
        chair="Hans Vorsitz",
        **fields,
    )
    meeting.save_revision().publish()
    return meeting


def member_and_follower_of(organization: Organization) -> tuple:
    """Two verified accounts an invitation alerts: "ratsmitglied", member of ``organization`` as
    Rita Rat, and "buerger", who follows it."""
    from members.models import Account, FollowKind
    from members.services import follow_create

    member = UserFactory(username="ratsmitglied")
    person = PersonFactory(body=organization.body, name="Rita Rat")
    MembershipFactory(person=person, organization=organization)
    Account.objects.create(user=member, person=person, email_verified=True)
    follower = UserFactory(username="buerger")
    Account.objects.create(user=follower, email_verified=True)
    follow_create(user=follower, kind=FollowKind.ORGANIZATION, target=organization)
    return member, follower
