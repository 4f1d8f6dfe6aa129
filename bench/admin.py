"""Admin benchmarks, on throwaway data inside a transaction that is rolled back.

1. Agenda proposals: the papers whose next open consultation is with one committee, among 3,000
   papers with a three-step Beratungsfolge, as one query (``agenda_proposals``, NOT EXISTS on an
   earlier open step) against the baseline of walking each paper's Beratungsfolge in Python.
2. The agenda of a meeting (``agenda_items``, as the agenda builder, invitation and minutes read
   it): queries and time for 20 and for 200 items; the query count must not grow.
"""

import datetime
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench._common import Rollback, timed

PAPERS = 3000
COMMITTEES = 6


def _world():
    from motions.models import Consultation, Paper
    from sessions.models import Body, Organization

    body = Body.objects.create(name="Bench-Stadt Admin", slug=f"bench-admin-{time.time_ns()}")
    committees = Organization.objects.bulk_create(
        [Organization(body=body, name=f"Ausschuss {n}") for n in range(COMMITTEES)]
    )
    papers = Paper.objects.bulk_create(
        [Paper(body=body, reference=f"BA/{n:05}/2026", name=f"Vorlage {n}", live=True) for n in range(PAPERS)]
    )
    steps = []
    for n, paper in enumerate(papers):
        done = n % 3  # a third each: nothing done, the first step done, two steps done
        for order in range(3):
            steps.append(
                Consultation(
                    paper=paper,
                    organization=committees[(n + order) % COMMITTEES],
                    order=order,
                    result="angenommen" if order < done else "",
                )
            )
    Consultation.objects.bulk_create(steps)
    return body, committees


def _baseline_proposals(committee):
    from motions.models import Consultation

    found = []
    steps_by_paper = {}
    for step in Consultation.objects.filter(paper__body_id=committee.body_id).order_by("paper_id", "order"):
        steps_by_paper.setdefault(step.paper_id, []).append(step)
    for steps in steps_by_paper.values():
        open_steps = [s for s in steps if not s.result and s.agenda_item_id is None]
        if open_steps and open_steps[0].organization_id == committee.pk:
            found.append(open_steps[0])
    return found


def _agenda(meeting, count):
    from sessions.models import AgendaItem

    AgendaItem.objects.filter(meeting=meeting).delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, name=f"Punkt {n}", number=f"Ö {n + 1}", order=n) for n in range(count)]
    )


def main():
    from proceedings.selectors import agenda_items, agenda_proposals
    from sessions.models import Meeting

    try:
        with transaction.atomic():
            body, committees = _world()
            committee = committees[0]
            meeting = Meeting.objects.create(
                organization=committee, start=timezone.now() + datetime.timedelta(days=7), live=True
            )
            ours = len(list(agenda_proposals(meeting=meeting)))
            theirs = len(_baseline_proposals(committee))
            assert ours == theirs, (ours, theirs)
            fast = timed(lambda: list(agenda_proposals(meeting=meeting)))
            slow = timed(lambda: _baseline_proposals(committee))
            print(f"agenda proposals among {PAPERS} papers ({ours} found)")
            print(f"  one query (NOT EXISTS):   {fast * 1000:8.1f} ms")
            print(f"  baseline (Python walk):   {slow * 1000:8.1f} ms   ratio {slow / fast:.1f}x")

            figures = {}
            for count in (20, 200):
                _agenda(meeting, count)
                with CaptureQueriesContext(connection) as queries:
                    agenda_items(meeting=meeting)
                figures[count] = (len(queries), timed(lambda: agenda_items(meeting=meeting)))
            print("agenda of one meeting (agenda_items)")
            for count, (queries, seconds) in figures.items():
                print(f"  {count:4d} items: {queries} queries, {seconds * 1000:6.1f} ms")
            print(
                f"  queries 200 vs 20 items: ratio {figures[200][0] / figures[20][0]:.1f}x, "
                f"time ratio {figures[200][1] / figures[20][1]:.1f}x"
            )
            raise Rollback
    except Rollback:
        pass
