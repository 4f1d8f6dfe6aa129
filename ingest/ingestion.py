"""Legacy archives into papers: store every PDF, extract its text, recognise it, create the paper.

The three steps are separate so that the slow one (reading the PDF, ``pdf_analyse``) can run in
worker processes while every database write stays in one process:

1. ``ingest_store`` keeps the input, whatever it is, as a ``File`` keyed by its SHA-256. The same
   bytes under another name are the same file (``duplicate``); a file stored by a run that was
   killed before it finished is picked up again (``ingest_is_complete``).
2. ``pdf_analyse`` (no database) extracts the pages, lays out the first pages and recognises
   the paper in them: all the work that needs the CPU, done in the workers.
3. ``ingest_finish`` stores the pages and state, and creates the paper in one transaction, so
   that a run killed between the steps leaves nothing half-made.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast, Length
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ingest.ingestion_meetings import consultation_votes_record, meeting_from_document, minutes_votes_record
from ingest.recognition import Recognition, first_pages_layout, recognise
from ingest.recognition_meeting import running_lines
from ingest.recognition_positions import value_positions
from motions.document_dates import document_dates_apply
from motions.extraction import file_pages_store, pdf_text_or_failure
from motions.models import (
    Consultation,
    ConsultationRole,
    ExtractionState,
    File,
    FileRole,
    Paper,
    PaperType,
)
from motions.pdf_text import PdfText
from motions.services import sniff_media_type
from motions.signals import record_access_changed
from sessions.models import Body, Meeting, Organization, OrganizationType, Person

# Votes and a meeting's agenda are looked for in this many pages (a long transcript's votes beyond
# them are left to staff).
BODY_PAGES = 60
# Below this a recognised field is shown as doubtful and its paper goes to the review queue. On the
# real-document corpus (python -m bench recognition) the values given with at least this
# confidence were right 138 of 138 times (70 documents of 4 towns); below it, staff check.
CONFIDENT = 0.9
KEY_FIELDS = ("reference", "paper_type", "date", "subject")
ROLES = {
    "kenntnisnahme": ConsultationRole.NOTICE,
    "entscheidung": ConsultationRole.DECISION,
    "beschlussfassung": ConsultationRole.DECISION,
    "senatsberatung": ConsultationRole.ADMINISTRATION,
}


TEXT_STATES = (ExtractionState.DONE, ExtractionState.OCR)


class IngestState:
    OK = "ok"
    OCR = "ocr"  # read, (some) pages by OCR
    NO_TEXT = "no_text"
    FAILED = "failed"
    DUPLICATE = "duplicate"


@dataclass
class Outcome:
    """One line of the command's report (and of its ``--json`` output)."""

    path: str
    sha256: str | None
    state: str
    error: str | None = None
    pages: int | None = None
    paper: Paper | None = None

    def as_json(self) -> dict:
        paper = None
        extra: dict = {"links": []}
        if self.paper is not None:
            recognition = self.paper.recognition or {}
            extra["links"] = (recognition.get("links") or {}).get("value") or []
            meeting = (recognition.get("meeting") or {}).get("value")
            if meeting and meeting.get("id"):
                extra["meeting"] = {
                    "organization": meeting.get("organization"),
                    "number": meeting.get("number"),
                    "date": meeting.get("date"),
                    "role": meeting.get("role"),
                    "url": meeting.get("url"),
                }
            paper = {
                "reference": self.paper.reference or None,
                "type": self.paper.paper_type,
                "date": self.paper.date.isoformat() if self.paper.date else None,
                "subject": self.paper.name,
                "public": self.paper.public,
                "url": settings.SITE_URL + self.paper.get_absolute_url(),
            }
        return {
            "path": self.path,
            "sha256": self.sha256,
            "state": self.state,
            "error": self.error or None,
            "pages": self.pages,
            "paper": paper,
        } | extra


@dataclass
class Analysis:
    """What a worker process found in one PDF: the pages (or why not) and the paper they describe."""

    text: PdfText | None
    reason: str
    found: Recognition | None


def body_for_name(name: str) -> Body:
    """The body of that name, created when the archive is the first we hear of it."""
    body = Body.objects.filter(name__iexact=name.strip()).first()
    if body is not None:
        return body
    base = slugify(name)[:90] or "koerperschaft"
    slug, n = base, 1
    while Body.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Body.objects.create(name=name.strip(), slug=slug)


def ingest_is_complete(file: File) -> bool:
    """A stored file whose text and paper are done; anything else a killed run left behind is resumed."""
    if file.extraction_state in (ExtractionState.WAITING, ExtractionState.RUNNING):
        return False
    return file.extraction_state not in TEXT_STATES or file.paper_id is not None


def _state_of(file: File) -> str:
    return {
        ExtractionState.DONE: IngestState.OK,
        ExtractionState.OCR: IngestState.OCR,
        ExtractionState.NO_TEXT: IngestState.NO_TEXT,
    }.get(file.extraction_state, IngestState.FAILED)


def outcome_for(file: File, *, path: str, duplicate: bool = False) -> Outcome:
    return Outcome(
        path=path,
        sha256=file.sha256,
        state=IngestState.DUPLICATE if duplicate else _state_of(file),
        error=None if duplicate else (file.extraction_error or None),
        pages=file.page_count,
        paper=file.paper,
    )


@transaction.atomic
def ingest_store(*, body: Body, content: bytes, file_name: str) -> tuple[File, bool]:
    """Keep the input as a file (empty and broken ones too), unless its bytes are already kept.

    Returns:
        The file, and whether it was already there.
    """
    digest = hashlib.sha256(content).hexdigest()
    existing = File.objects.filter(body=body, sha256=digest, deleted=False).order_by("pk").first()
    if existing is not None:
        return existing, True
    file_name = Path(file_name).name or "datei.pdf"
    file = File(
        body=body,
        name=Path(file_name).stem[:500] or file_name,
        file_name=file_name[:255],
        role=FileRole.MAIN,
        size=len(content),
        sha256=digest,
        sha512=hashlib.sha512(content).hexdigest(),
        media_type=sniff_media_type(content, file_name),
        extraction_state=ExtractionState.WAITING,
    )
    file.file.save(file_name, ContentFile(content), save=False)
    file.full_clean()
    file.save()
    return file, False


def pdf_analyse(data: bytes) -> Analysis:
    """Everything that needs the PDF and not the database; safe to run in a worker process."""
    text, reason = pdf_text_or_failure(data)
    found = None
    if text is not None and text.has_text:
        layout = first_pages_layout(
            data,
            text=text.head_rows,
            has_rules=text.head_has_rules,
            body="\n".join(text.pages[:BODY_PAGES]),
            titles=text.head_titles,
            positions=text.head_lines,
            running=running_lines(text.pages[:BODY_PAGES]),
        )
        found = recognise(layout)
        found.positions = value_positions({name: found.value(name) for name in KEY_FIELDS}, text.head_lines)
    return Analysis(text=text, reason=reason, found=found)


def _organizations(body: Body, names: list[str]) -> list[Organization]:
    found = []
    for name in names:
        org = Organization.objects.filter(body=body, name__iexact=name).first()
        if org is None and len(name) > 6:
            org = Organization.objects.filter(body=body, name__istartswith=name).first()
        if org is not None:
            found.append(org)
    return found


def _persons(body: Body, names: list[str]) -> list[Person]:
    found = []
    for name in names:
        person = Person.objects.filter(body=body, name__iexact=name).first()
        if person is None and " " not in name:
            person = Person.objects.filter(body=body, family_name__iexact=name).first()
        if person is not None:
            found.append(person)
    return found


def _consultations_create(*, paper: Paper, rows: list[dict]) -> None:
    for order, row in enumerate(rows, start=1):
        org, _created = Organization.objects.get_or_create(
            body=paper.body,
            name=row["organization"][:255],
            defaults={"organization_type": OrganizationType.COMMITTEE},
        )
        role = ROLES.get((row.get("role") or "").lower())
        if role is None:
            role = ConsultationRole.DECISION if order == len(rows) and len(rows) > 1 else ConsultationRole.PRELIMINARY
        Consultation.objects.create(
            paper=paper,
            organization=org,
            order=order,
            role=role,
            authoritative=role == ConsultationRole.DECISION,
            result=row.get("result") or "",
        )


def _needs_review(found: Recognition, publish: bool) -> bool:
    return not publish or any(found.confidence(name) < CONFIDENT for name in KEY_FIELDS)


def _words_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def content_duplicate_of(file: File) -> File | None:
    """An earlier file of the body with the same text (same words, same pages): a second copy of
    one document saved again (other bytes, same content), which must not become a second paper."""
    if not file.text.strip():
        return None
    key = _words_key(file.text)
    size = len(file.text)
    candidates = (
        File.objects.filter(body=file.body, page_count=file.page_count, deleted=False, paper__isnull=False)
        .exclude(pk=file.pk)
        .annotate(text_length=Length("text"))
        .filter(text_length__gte=size * 0.95, text_length__lte=size * 1.05)
        .order_by("pk")
    )
    return next((other for other in candidates.iterator() if _words_key(other.text) == key), None)


def _links_resolve(*, paper: Paper, links: list[dict]) -> None:
    """Amends/answers/cites to the papers the document names, where the body has them."""
    body = paper.body
    for link in links:
        target = (
            Paper.objects.filter(body=body, reference=link["reference"], deleted=False).exclude(pk=paper.pk).first()
        )
        if target is None:
            continue
        if link["relation"] == "amends" and paper.amends_id is None:
            Paper.objects.filter(pk=paper.pk).update(amends=target)
        elif link["relation"] == "answers" and paper.answers_id is None:
            Paper.objects.filter(pk=paper.pk).update(answers=target)
        else:
            paper.related_papers.add(target)


def _waiting_links_resolve(*, paper: Paper) -> None:
    """Papers read earlier that name this paper's number (an answer read before its inquiry) get their link now."""
    if not paper.reference:
        return
    waiting = (
        Paper.objects.filter(body=paper.body, deleted=False)
        .exclude(pk=paper.pk)
        .annotate(found=Cast("recognition", TextField()))
        .filter(found__contains=f'"{paper.reference}"')
    )
    for other in waiting:
        links = (other.recognition.get("links") or {}).get("value") or []
        _links_resolve(paper=other, links=[link for link in links if link["reference"] == paper.reference])


def paper_from_recognition(*, file: File, found: Recognition, publish: bool, public: bool | None) -> Paper:
    """The paper a recognised file describes: always a paper of its own.

    A document that names an existing paper's number is never filed under that paper: its own
    number is kept only when it is free (else the paper goes to review, noting the paper that has
    it), and the papers it names become links (amends, answers, related).
    """
    body = file.body
    reference = found.value("reference") or ""
    notes: dict = {"file": file.pk}
    if reference:
        holder = Paper.objects.filter(body=body, reference=reference, deleted=False).first()
        if holder is not None:
            notes["reference_taken_by"] = holder.pk
            reference = ""
    paper = Paper(
        body=body,
        reference=reference,
        paper_type=found.value("paper_type", PaperType.OTHER),
        name=(found.value("subject") or file.name)[:1000],
        date=found.value("date"),
        public=found.value("public", True) if public is None else public,
        live=False,
        needs_review=_needs_review(found, publish) or "reference_taken_by" in notes,
        recognition=found.as_json() | notes,
    )
    paper.keep_reference_blank = True
    paper.full_clean()
    paper.save()
    links = list(found.value("links", []) or [])
    if "reference_taken_by" in notes:
        links.append({"reference": found.value("reference"), "relation": "cites"})
    _links_resolve(paper=paper, links=links)
    _waiting_links_resolve(paper=paper)
    names = found.value("originators", [])
    paper.originator_organizations.set(_organizations(body, names))
    paper.originator_persons.set(_persons(body, names))
    rows = found.value("consultations", [])
    _consultations_create(paper=paper, rows=rows)
    consultation_votes_record(paper=paper, rows=rows)
    paper.refresh_from_db()
    revision = paper.save_revision()
    if publish:
        revision.publish()
        paper.refresh_from_db()
    File.objects.filter(pk=file.pk).update(paper=paper, name=paper.name[:500], date=paper.date)
    if meeting := found.value("meeting"):
        reconstructed = meeting_from_document(file=file, paper=paper, recognised=meeting)
        if reconstructed is not None and meeting.get("role") == "minutes":
            reconstructed["votes_recorded"] = minutes_votes_record(
                meeting=Meeting.objects.get(pk=reconstructed["id"]),
                votes=found.value("votes", []) or [],
                public=paper.public,
            )
        if reconstructed is not None:
            Paper.objects.filter(pk=paper.pk).update(
                recognition=paper.recognition
                | {"meeting": {"value": meeting | reconstructed, "confidence": found.confidence("meeting")}}
            )
            paper.refresh_from_db()
    document_dates_apply(papers=Paper.objects.filter(pk=paper.pk), meetings=Meeting.objects.none())
    record_access_changed.send(sender=File, instance=file)
    return paper


def ingest_finish(*, file: File, analysis: Analysis, path: str, publish: bool, public: bool | None) -> Outcome:
    """Record the extraction and create the paper, all or nothing."""
    problem = None
    with transaction.atomic():
        file = file_pages_store(file=file, result=analysis.text, reason=analysis.reason)
        original = content_duplicate_of(file) if file.extraction_state in TEXT_STATES else None
        if original is not None:
            # the same document saved again: a copy of the first one's file, not a paper of its own
            File.objects.filter(pk=file.pk).update(paper=original.paper, role=FileRole.ATTACHMENT)
            file.refresh_from_db()
            outcome = outcome_for(file, path=path, duplicate=True)
            outcome.error = _("Derselbe Inhalt wie „%(name)s“ (andere Bytes).") % {"name": original.file_name}
            return outcome
        if file.extraction_state in TEXT_STATES and analysis.found is not None:
            try:
                with transaction.atomic():
                    paper_from_recognition(file=file, found=analysis.found, publish=publish, public=public)
            except ValidationError as exc:
                problem = _("Der Text wurde gelesen, aber die Vorlage ließ sich nicht anlegen: %(detail)s") % {
                    "detail": " ".join(exc.messages)
                }
            file.refresh_from_db()
    outcome = outcome_for(file, path=path)
    outcome.error = outcome.error or problem
    return outcome


def ingest_unreadable(*, path: str, error: OSError) -> Outcome:
    return Outcome(
        path=path,
        sha256=None,
        state=IngestState.FAILED,
        error=_("Die Datei lässt sich nicht lesen (%(detail)s).") % {"detail": error.strerror or error},
    )


@transaction.atomic
def paper_review_confirm(*, paper: Paper, user, publish: bool = False) -> Paper:
    """Staff have checked (and perhaps corrected) a recognised paper: it leaves the review queue.

    The caller has put the corrected values on ``paper``. A paper that was live stays live with the
    corrections; ``publish`` makes a draft live.
    """
    from django.utils import timezone

    paper.keep_reference_blank = True
    paper.needs_review = False
    paper.recognition = dict(paper.recognition) | {
        "reviewed": {"by": user.get_username(), "at": timezone.now().isoformat(timespec="seconds")}
    }
    paper.full_clean()
    paper.save()
    File.objects.filter(paper=paper, role=FileRole.MAIN).update(name=paper.name[:500], date=paper.date)
    revision = paper.save_revision(user=user, log_action=True)
    if publish or paper.live:
        revision.publish(user=user)
        paper.refresh_from_db()
    return paper
