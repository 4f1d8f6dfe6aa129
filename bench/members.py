"""Members benchmarks, on throwaway data inside a transaction that is rolled back.

1. Access with entitlement: listing papers for a council member (membership ranges → uncorrelated
   subquery) against the anonymous baseline, over 4,000 papers.
2. Alert fan-out: dispatching one new paper to 2,000 saved searches and 2,000 body followers
   (match once per paper, one public-visibility check, bulk insert), against the baseline of one
   search query, one access check and one insert per follow (what Meine Stadt Transparent does
   per user).
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bench._common import Rollback, timed

PAPERS = 4000
MEETINGS = 200
COMMITTEES = 10
FOLLOWERS = 2000
WORDS = ["Radweg", "Schule", "Kita", "Haushalt", "Brücke", "Spielplatz", "Friedhof", "Hafen", "Bad", "Markt"]


def _world():
    from members.models import Account, Follow, FollowKind
    from motions.models import Consultation, Paper
    from sessions.models import Body, Meeting, Membership, Organization, Person

    body = Body.objects.create(name="Bench-Stadt", slug=f"bench-{time.time_ns()}")
    committees = Organization.objects.bulk_create(
        [Organization(body=body, name=f"Ausschuss {n}") for n in range(COMMITTEES)]
    )
    start = timezone.make_aware(datetime.datetime(2024, 1, 1, 17))
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(organization=committees[n % COMMITTEES], start=start + datetime.timedelta(days=n), live=True)
            for n in range(MEETINGS)
        ]
    )
    papers = Paper.objects.bulk_create(
        [
            Paper(
                body=body,
                reference=f"B/{n:05}/2024",
                name=f"{WORDS[n % len(WORDS)]} Vorlage {n}",
                public=n % 2 == 0,
                live=True,
                date=datetime.date(2024, 1, 1),
            )
            for n in range(PAPERS)
        ]
    )
    Consultation.objects.bulk_create(
        [
            Consultation(paper=p, organization=meetings[n % MEETINGS].organization, meeting=meetings[n % MEETINGS])
            for n, p in enumerate(papers)
        ]
    )
    person = Person.objects.create(body=body, name="Bench Mitglied")
    for committee in committees[:2]:
        Membership.objects.create(person=person, organization=committee, start_date=datetime.date(2024, 3, 1))
    User = get_user_model()
    member = User.objects.create(username=f"bench-member-{time.time_ns()}")
    Account.objects.create(user=member, person=person, email_verified=True)
    users = User.objects.bulk_create(
        [User(username=f"bench-{time.time_ns()}-{n}", email=f"b{n}@example.org") for n in range(FOLLOWERS)]
    )
    Account.objects.bulk_create([Account(user=u, email_verified=True) for u in users])
    Follow.objects.bulk_create(
        [Follow(user=u, kind=FollowKind.SEARCH, query=f"{WORDS[n % len(WORDS)]} {n}") for n, u in enumerate(users)]
        + [Follow(user=u, kind=FollowKind.BODY, body=body) for u in users]
    )
    return body, member


def _bench_access(member):
    from motions.models import Paper

    anonymous = AnonymousUser()

    def page_of(user):
        def run():
            if hasattr(user, "_ris_entitlements"):
                del user._ris_entitlements  # each request computes it once
            qs = Paper.objects.visible_to(user)
            return qs.count(), list(qs.order_by("-date", "-pk")[:50])

        return run

    base = timed(page_of(anonymous))
    entitled = timed(page_of(member))
    seen = Paper.objects.visible_to(member).count()
    print(f"   access: {PAPERS} papers; anonymous sees {Paper.objects.visible_to(anonymous).count()}, member {seen}")
    print(f"   access: count + first page, anonymous {base * 1000:.1f} ms, member {entitled * 1000:.1f} ms")
    print(f"   access: ratio member/anonymous = {entitled / base:.2f}")


def _bench_fanout(body):
    from members.alerts import alert_reason, event_recipients
    from members.models import Alert, Event, EventKind, Follow, FollowKind
    from members.selectors import search_q
    from members.tasks import dispatch_event
    from motions.models import Paper
    from ris.access import can_view

    def new_event(n):
        paper = Paper.objects.create(body=body, reference=f"B/NEU{n}/2024", name=f"Radweg {n} am Hafen", live=True)
        return Event.objects.create(kind=EventKind.NEW_PAPER, key=f"bench:{paper.pk}", paper=paper)

    def per_follow(event):
        """The baseline: one search query, one access check and one insert per follow."""
        paper = event.paper
        follows = Follow.objects.select_related("user").filter(
            Q(kind=FollowKind.SEARCH) | Q(kind=FollowKind.BODY, body=body)
        )
        for follow in follows:
            if follow.kind == FollowKind.SEARCH:
                if not Paper.objects.filter(pk=paper.pk).filter(search_q(follow.query)).exists():
                    continue
            if can_view(follow.user, paper):
                Alert.objects.get_or_create(
                    user=follow.user,
                    event=event,
                    defaults={"follow": follow, "reason": alert_reason(event=event, follow=follow)},
                )

    first = new_event(0)
    recipients = len(event_recipients(first))
    started = time.perf_counter()
    ours = dispatch_event(first.pk)
    fast = time.perf_counter() - started
    second = new_event(1)
    started = time.perf_counter()
    per_follow(second)
    slow = time.perf_counter() - started
    assert ours == Alert.objects.filter(event=second).count() == recipients
    print(f"   fan-out: {FOLLOWERS} saved searches + {FOLLOWERS} body followers -> {ours} alerts")
    print(f"   fan-out: dispatch_event {fast * 1000:.0f} ms, per-follow search + check + insert {slow * 1000:.0f} ms")
    print(f"   fan-out: speed-up = {slow / fast:.1f}x")


def main():
    try:
        with transaction.atomic():
            body, member = _world()
            _bench_access(member)
            _bench_fanout(body)
            raise Rollback
    except Rollback:
        pass
