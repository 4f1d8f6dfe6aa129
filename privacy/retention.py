"""Retention by the body's rules: what is kept how long, then deleted or anonymised.

``retention_plan(today=…)`` lists what the active rules would do on that day; ``retention_apply``
does it (or, as a dry run, only records the plan) and keeps the report as a ``RetentionRun`` for
staff. ``today`` is an argument everywhere so that runs are tested with a fixed day; the
scheduled job (``privacy.tasks.apply_retention``, Celery beat) and ``manage.py apply_retention``
pass the current date.

Deleting goes through motions' soft delete (``record_soft_delete``): the record stays known as
deleted (OParl ``deleted: true``), leaves the search index, and its content is erased — the
stored PDF and its public version, the text of every page, the paper's text sections and its
revisions, which would otherwise keep the very data that was to go. Anonymising replaces what the
personal-data finder finds (``privacy.detect``) in the texts and in the PDF itself (through the
same redaction as the public versions) and keeps the record.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Max, Q

from motions.models import File, Paper, PaperState
from privacy.models import RetentionAction, RetentionRule, RetentionRun, RetentionSubject
from sessions.models import Person

SETTLED_STATES = (
    PaperState.ADOPTED,
    PaperState.REJECTED,
    PaperState.NOTED,
    PaperState.ANSWERED,
    PaperState.WITHDRAWN,
    PaperState.SETTLED,
)


@dataclass
class Step:
    """One thing a rule does to one record (a line of the report)."""

    rule: str
    body: str
    body_id: int
    action: str
    kind: str
    pk: int
    label: str


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _records(rule: RetentionRule, today: datetime.date):
    cutoff = _years_before(today, rule.years)
    if rule.subject == RetentionSubject.NONPUBLIC_PAPERS:
        return Paper.objects.filter(body=rule.body, public=False, deleted=False, date__lt=cutoff)
    if rule.subject == RetentionSubject.PETITION_PERSONAL_DATA:
        papers = Paper.objects.filter(body=rule.body, deleted=False, state__in=SETTLED_STATES, date__lt=cutoff)
        return papers.filter(paper_type=rule.paper_type) if rule.paper_type else papers.none()
    if rule.subject == RetentionSubject.NONPUBLIC_FILES:
        nonpublic = Q(paper__public=False) | Q(agenda_item__public=False)
        dated = Q(date__lt=cutoff) | Q(date__isnull=True, paper__date__lt=cutoff)
        dated |= Q(date__isnull=True, paper__isnull=True, meeting__start__date__lt=cutoff)
        return File.objects.filter(nonpublic, dated, body=rule.body, deleted=False)
    if rule.subject == RetentionSubject.FORMER_MEMBER_CONTACTS:
        persons = Person.objects.filter(body=rule.body, deleted=False).exclude(email="", phone="")
        current = Q(memberships__end_date__isnull=True, memberships__deleted=False)
        persons = persons.exclude(current).annotate(last=Max("memberships__end_date"))
        return persons.filter(last__lt=cutoff)
    return Paper.objects.none()


def retention_plan(*, today: datetime.date, body_id: int | None = None) -> list[Step]:
    """What the active rules would do on ``today``."""
    rules = RetentionRule.objects.filter(active=True).select_related("body")
    if body_id is not None:
        rules = rules.filter(body_id=body_id)
    # Anonymised records stay; what a former run anonymised is not anonymised again.
    done = {
        (e["kind"], e["pk"])
        for report in RetentionRun.objects.filter(dry_run=False).values_list("report", flat=True)
        for e in report
        if e.get("done") and e.get("action") == RetentionAction.ANONYMISE
    }
    steps = []
    for rule in rules:
        for record in _records(rule, today).order_by("pk"):
            if rule.action == RetentionAction.ANONYMISE and (type(record)._meta.model_name, record.pk) in done:
                continue
            steps.append(
                Step(
                    rule=str(rule),
                    body=rule.body.name,
                    body_id=rule.body_id,
                    action=rule.action,
                    kind=type(record)._meta.model_name,
                    pk=record.pk,
                    label=str(record)[:200],
                )
            )
    return steps


def _erase_file(file: File) -> None:
    for stored in (file.file, file.public_file):
        if stored:
            stored.delete(save=False)
    file.pages.all().delete()
    file.redactions.all().delete()
    File.objects.filter(pk=file.pk).update(text="", public_text="", public_version=False, file="", public_file="")


def _delete(record) -> None:
    from motions.services import record_soft_delete

    if isinstance(record, Person):
        Person.objects.filter(pk=record.pk).update(email="", phone="", contact_public=False)
        return
    if isinstance(record, Paper):
        for file in File.objects.filter(paper=record, deleted=False):
            _erase_file(file)
            record_soft_delete(obj=file)
        record.revisions.all().delete()
        blank = {name: "" for name in Paper.TEXT_FIELDS}
        Paper.objects.filter(pk=record.pk).update(public_texts={}, **blank)
    if isinstance(record, File):
        _erase_file(record)
    record_soft_delete(obj=record)


def _anonymise_file(file: File) -> None:
    from privacy import services
    from privacy.checks import known_addresses, known_names
    from privacy.detect import find

    names, addresses = known_names(file.body_id), known_addresses()
    words = []
    for page in file.pages.all():
        for finding in find(page.text, known_names=names, known_addresses=addresses):
            try:
                page_words = services.file_page_words(file=file, page=page.number)
            except Exception:  # a file that cannot be read has no layer to anonymise
                page_words = []
            words += [(page.number, w) for w in services.words_of_passage(page_words, finding.text)]
    for number in sorted({n for n, _w in words}):
        services.file_redactions_add(
            file=file, page=number, words=[w for n, w in words if n == number], user=None, reason="Aufbewahrung"
        )
    file.refresh_from_db()
    if file.public_version and file.public_file:
        # The anonymised version becomes the only one: the original with the personal data goes.
        with file.public_file.open("rb") as handle:
            anonymised = handle.read()
        from django.core.files.base import ContentFile

        file.file.delete(save=False)
        file.file.save(file.file_name or f"datei-{file.pk}.pdf", ContentFile(anonymised), save=False)
        for page in file.pages.all():
            page.text = page.public_text or ""
            page.public_text = None
            page.save(update_fields=["text", "public_text"])
        file.public_file.delete(save=False)
        file.redactions.all().delete()
        File.objects.filter(pk=file.pk).update(
            file=file.file.name, text=file.public_text, public_text="", public_version=False, public_file=""
        )


def _anonymise(record) -> None:
    from privacy.checks import known_addresses, known_names
    from privacy.detect import find
    from privacy.services import REPLACEMENT

    if isinstance(record, Person):
        Person.objects.filter(pk=record.pk).update(email="", phone="", contact_public=False)
        return
    files = [record] if isinstance(record, File) else list(File.objects.filter(paper=record, deleted=False))
    for file in files:
        _anonymise_file(file)
    if isinstance(record, Paper):
        names, addresses = known_names(record.body_id), known_addresses()
        changed = {}
        for name in Paper.TEXT_FIELDS:
            text = getattr(record, name) or ""
            for finding in sorted(find(text, known_names=names, known_addresses=addresses), key=lambda f: -f.start):
                text = text[: finding.start] + REPLACEMENT + text[finding.end :]
            changed[name] = text
        record.revisions.all().delete()
        Paper.objects.filter(pk=record.pk).update(**changed)
        from search.models import Kind
        from search.signals import enqueue

        enqueue(Kind.PAPER, record.pk)


MODELS = {"paper": Paper, "file": File, "person": Person}


def retention_apply(*, today: datetime.date, dry_run: bool, body_id: int | None = None) -> RetentionRun:
    """Run the rules (or, with ``dry_run``, only report them); returns the recorded run."""
    steps = retention_plan(today=today, body_id=body_id)
    report = []
    for step in steps:
        entry = asdict(step)
        if not dry_run:
            record = MODELS[step.kind].objects.filter(pk=step.pk, deleted=False).first()
            if record is None:
                entry["done"] = False
            else:
                with transaction.atomic():
                    (_delete if step.action == RetentionAction.DELETE else _anonymise)(record)
                entry["done"] = True
        report.append(entry)
    return RetentionRun.objects.create(today=today, dry_run=dry_run, report=report)
