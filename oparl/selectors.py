"""What the OParl API may show: the anonymous user's view of the record (ris/access.py).

OParl is public, so every queryset here is built from ``visible_to(AnonymousUser())`` or, for
records without their own access rule (bodies, organizations, persons, memberships, terms,
locations), from "not deleted". Deleted records stay known at their URL (spec ch. 2.8) as
stubs; a deleted record is shown only when it would have been visible apart from the deletion,
which ``was_visible_q`` derives from the very same access rules by lifting their
"not deleted" conditions, so a deleted draft or non-public paper never surfaces.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from motions.models import Consultation, File, Paper
from ris import access
from sessions.models import AgendaItem, Body, Location, Meeting, Organization, Person

ANONYMOUS = AnonymousUser()

ACCESS_RULES = {
    Paper: access.paper_q,
    Meeting: access.meeting_q,
    AgendaItem: access.agenda_item_q,
    Consultation: access.consultation_q,
    File: access.file_q,
}


def _lift_deleted(q: Q) -> Q:
    """A copy of an access rule with every ``…deleted=False`` condition made always true."""
    lifted = Q()
    lifted.connector, lifted.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            lifted.children.append(_lift_deleted(child))
        elif child[0].endswith("deleted") and child[1] is False:
            lifted.children.append((f"{child[0]}__in", [False, True]))
        else:
            lifted.children.append(child)
    return lifted


def visible(model) -> QuerySet:
    """Records of this type an anonymous user may see (not deleted)."""
    rule = ACCESS_RULES.get(model)
    if rule is not None:
        return model.objects.filter(rule(ANONYMOUS))
    return model.objects.filter(deleted=False)


def was_visible_q(model) -> Q:
    """Deleted records that were visible before their deletion (served as ``deleted: true``)."""
    rule = ACCESS_RULES.get(model)
    if rule is None:
        return Q(deleted=True)
    return Q(deleted=True) & _lift_deleted(rule(ANONYMOUS))


def with_deleted(model) -> QuerySet:
    """Visible records plus the deleted ones that were visible: everything with a public URL."""
    rule = ACCESS_RULES.get(model)
    live = rule(ANONYMOUS) if rule is not None else Q(deleted=False)
    return model.objects.filter(live | was_visible_q(model))


def paper_links(own: list[tuple[int, int | None, int | None]]) -> dict[int, dict[str, list[int]]]:
    """Per paper (given as ``(pk, amends_id, answers_id)``): visible related, superordinated and
    subordinated papers and originators, as ids.

    Six small id queries instead of model prefetches: a page of 100 papers would otherwise build
    a thousand per-instance querysets. Called by ``oparl.embedded.load``.
    """
    ids = [pk for pk, _, _ in own]
    links = {pk: {key: [] for key in ("related", "super", "sub", "persons", "organizations")} for pk in ids}
    papers = visible(Paper)
    targets = {target for _, amends, answers in own for target in (amends, answers) if target}
    shown = set(papers.filter(pk__in=targets).values_list("pk", flat=True)) if targets else set()
    for pk, amends, answers in own:
        if amends in shown:
            links[pk]["super"].append(amends)
        if answers in shown:
            links[pk]["related"].append(answers)
    for pk, amends in papers.filter(amends_id__in=ids).values_list("pk", "amends_id"):
        links[amends]["sub"].append(pk)
    for pk, answers in papers.filter(answers_id__in=ids).values_list("pk", "answers_id"):
        links[answers]["related"].append(pk)
    related = Paper.related_papers.through.objects.filter(from_paper_id__in=ids, to_paper__in=papers)
    for source, target in related.values_list("from_paper_id", "to_paper_id"):
        links[source]["related"].append(target)
    persons = Paper.originator_persons.through.objects.filter(paper_id__in=ids, person__in=visible(Person))
    for paper, person in persons.values_list("paper_id", "person_id"):
        links[paper]["persons"].append(person)
    organizations = Paper.originator_organizations.through.objects.filter(
        paper_id__in=ids, organization__in=visible(Organization)
    )
    for paper, organization in organizations.values_list("paper_id", "organization_id"):
        links[paper]["organizations"].append(organization)
    for entry in links.values():
        for key in entry:
            entry[key] = sorted(set(entry[key]))
    return links


def location_back_references(location: Location) -> dict[str, list[int]]:
    """The visible records a stand-alone Location is attached to."""
    return {
        "body": list(visible(Body).filter(location=location).values_list("pk", flat=True)),
        "organization": list(visible(Organization).filter(location=location).values_list("pk", flat=True)),
        "person": list(visible(Person).filter(location=location).values_list("pk", flat=True)),
        "meeting": list(visible(Meeting).filter(location=location).values_list("pk", flat=True)),
        "paper": list(visible(Paper).filter(locations=location).values_list("pk", flat=True)),
    }


def location_q(body: Body | None = None) -> Q:
    """Locations attached to something visible (of one body), so a non-public paper's address never shows."""
    bodies, organizations, meetings, papers = visible(Body), visible(Organization), visible(Meeting), visible(Paper)
    persons = visible(Person)
    if body is not None:
        bodies = bodies.filter(pk=body.pk)
        organizations = organizations.filter(body=body)
        persons = persons.filter(body=body)
        meetings = meetings.filter(organization__body=body)
        papers = papers.filter(body=body)
    return (
        Q(pk__in=bodies.values("location"))
        | Q(pk__in=organizations.values("location"))
        | Q(pk__in=persons.values("location"))
        | Q(pk__in=meetings.values("location"))
        | Q(pk__in=papers.values("locations"))
    )
