"""Writes of the privacy app: redactions and the public versions built from them.

A file's public version is rebuilt from all its redactions whenever one is added or removed
(``file_public_version_build``); a paper's public texts likewise (``paper_public_texts_build``),
and again after every save of the paper (``privacy.signals``), because publishing a revision
writes the paper's fields back as they were when the revision was made.
"""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motions.models import File, Paper
from privacy import pdf_redact
from privacy.models import FileRedaction, PaperTextField, TextRedaction
from search.models import Kind
from search.signals import enqueue

REPLACEMENT = pdf_redact.REPLACEMENT
NOT_A_PDF = gettext_noop("Nur PDF-Dateien mit gespeichertem Inhalt können geschwärzt werden.")
NOTHING_SELECTED = gettext_noop("Bitte mindestens ein Wort auswählen.")
PASSAGE_NOT_FOUND = gettext_noop("Diese Stelle steht nicht im Abschnitt „%(field)s“.")
UNKNOWN_FIELD = gettext_noop("Unbekannter Abschnitt.")


def _token_pattern(token: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(token)}(?!\w)")


def redact_words(text: str, passages: list[str]) -> str:
    """``text`` with every word of ``passages`` replaced (also without its punctuation)."""
    tokens: set[str] = set()
    for passage in passages:
        for token in passage.split():
            tokens.add(token)
            core = token.strip(".,;:!?()[]„“\"'")
            if len(core) > 1:
                tokens.add(core)
    for token in sorted(tokens, key=len, reverse=True):
        text = _token_pattern(token).sub(REPLACEMENT, text)
    return text


def _check_pdf(file: File) -> None:
    if not file.file or "pdf" not in (file.media_type or "").lower():
        raise ValidationError(_(NOT_A_PDF))


def file_page_words(*, file: File, page: int) -> list[pdf_redact.Word]:
    """The words of one page of the original, for marking."""
    _check_pdf(file)
    with file.file.open("rb") as handle:
        data = handle.read()
    try:
        return pdf_redact.page_words(data, page)
    except pdf_redact.RedactionError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def file_redactions_add(
    *, file: File, page: int, words: list[pdf_redact.Word], user, reason: str = ""
) -> list[FileRedaction]:
    """Mark these words of a page as not public and rebuild the public version.

    Raises: ValidationError when nothing is selected or the PDF cannot be redacted.
    """
    _check_pdf(file)
    if not words:
        raise ValidationError(_(NOTHING_SELECTED))
    created = []
    for word in words:
        redaction = FileRedaction(
            file=file,
            page=page,
            x0=word.box.x0,
            y0=word.box.y0,
            x1=word.box.x1,
            y1=word.box.y1,
            text=word.text[:1000],
            reason=reason[:255],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        redaction.full_clean()
        redaction.save()
        created.append(redaction)
    file_public_version_build(file=file)
    return created


@transaction.atomic
def file_redaction_remove(*, redaction: FileRedaction) -> None:
    file = redaction.file
    redaction.delete()
    file_public_version_build(file=file)


def file_public_version_build(*, file: File) -> None:
    """Write the file's public version from its redactions (or clear it when there are none).

    Raises: ValidationError when the PDF cannot be redacted; the caller's transaction then rolls
    back the redaction that asked for it, and the file stays as it was.
    """
    redactions = list(file.redactions.all())
    pages = list(file.pages.all())
    if not redactions:
        if file.public_file:
            file.public_file.delete(save=False)
        file.public_version, file.public_text = False, ""
        for page in pages:
            page.public_text = None
    else:
        boxes: dict[int, list[pdf_redact.Box]] = {}
        for r in redactions:
            boxes.setdefault(r.page, []).append(pdf_redact.Box(r.x0, r.y0, r.x1, r.y1))
        with file.file.open("rb") as handle:
            data = handle.read()
        try:
            public, _rasterised = pdf_redact.redact(data, boxes)
        except pdf_redact.RedactionError as exc:
            raise ValidationError(str(exc)) from exc
        if file.public_file:
            file.public_file.delete(save=False)
        file.public_file.save(file.file_name or f"datei-{file.pk}.pdf", ContentFile(public), save=False)
        by_page: dict[int, list[str]] = {}
        for r in redactions:
            by_page.setdefault(r.page, []).append(r.text)
        everything = [r.text for r in redactions]
        for page in pages:
            page.public_text = redact_words(page.text, by_page.get(page.number, []) or []) if page.text else ""
            # A word redacted on one page is not left standing where the page text differs from the layout.
            page.public_text = redact_words(page.public_text, everything)
        file.public_version = True
        file.public_text = redact_words(file.text, everything)
    from motions.models import FilePage

    FilePage.objects.bulk_update(pages, ["public_text"])
    file.save(update_fields=["public_version", "public_file", "public_text", "modified"])
    enqueue(Kind.FILE, file.pk)


def _field_text(paper: Paper, field: str) -> str:
    return " ".join(html.unescape(strip_tags(getattr(paper, field) or "")).split())


@transaction.atomic
def paper_text_redaction_add(*, paper: Paper, field: str, text: str, user, reason: str = "") -> TextRedaction:
    """Mark a passage of a paper's text section as not public and rebuild its public texts.

    Raises: ValidationError when the section is unknown or does not contain the passage.
    """
    if field not in PaperTextField.values:
        raise ValidationError(_(UNKNOWN_FIELD))
    passage = " ".join(text.split())
    if not passage or passage not in _field_text(paper, field):
        raise ValidationError(_(PASSAGE_NOT_FOUND) % {"field": PaperTextField(field).label})
    redaction = TextRedaction(
        paper=paper,
        field=field,
        text=passage[:1000],
        reason=reason[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    redaction.full_clean()
    redaction.save()
    paper_public_texts_build(paper=paper)
    return redaction


@transaction.atomic
def paper_text_redaction_remove(*, redaction: TextRedaction) -> None:
    paper = redaction.paper
    redaction.delete()
    paper_public_texts_build(paper=paper)


def redact_html(markup: str, passages: list[str]) -> str:
    """Rich text with the passages replaced; where a passage runs across tags the section is
    given as plain paragraphs (its markup is lost, its words are not left standing)."""
    result = markup
    for passage in passages:
        for form in {passage, html.escape(passage, quote=False)}:
            result = result.replace(form, REPLACEMENT)
    plain = " ".join(html.unescape(strip_tags(result)).split())
    if any(p in plain for p in passages):
        paragraphs = [p for p in re.split(r"\n\s*\n|</p>", markup) if strip_tags(p).strip()]
        redacted = [redact_words(html.unescape(strip_tags(p)), passages) for p in paragraphs]
        result = "".join(f"<p>{html.escape(p.strip())}</p>" for p in redacted)
    return result


def paper_public_texts_build(*, paper: Paper) -> dict[str, str]:
    """Write ``Paper.public_texts`` from the paper's text redactions; returns it."""
    passages: dict[str, list[str]] = {}
    for r in TextRedaction.objects.filter(paper=paper).order_by("pk"):
        passages.setdefault(r.field, []).append(r.text)
    texts = {field: redact_html(getattr(paper, field) or "", found) for field, found in passages.items()}
    if texts != (paper.public_texts or {}):
        Paper.objects.filter(pk=paper.pk).update(public_texts=texts)
        paper.public_texts = texts
        enqueue(Kind.PAPER, paper.pk)
    return texts


# --- findings -----------------------------------------------------------------------------------

DISMISS_NEEDS_REASON = gettext_noop("Bitte einen Grund angeben, warum diese Stelle veröffentlicht werden darf.")
SUBJECT_NOT_REDACTED = gettext_noop(
    "Der Betreff wird nicht geschwärzt: Bitte den Betreff im Formular der Vorlage ändern oder den Fund verwerfen."
)
FINDING_NOT_ON_PAGE = gettext_noop(
    "Diese Stelle wurde auf der Seite nicht gefunden; bitte die Wörter auf der Seite markieren."
)
CONFIRM_ACTION = "privacy.publish_confirmed"
PUBLISHED_OPEN_ACTION = "privacy.published_with_open_findings"
REDACT_ACTION = "privacy.redact"
DISMISS_ACTION = "privacy.dismiss"


def _strip(token: str) -> str:
    return token.strip(".,;:!?()[]„“\"'")


def words_of_passage(words: list[pdf_redact.Word], passage: str) -> list[pdf_redact.Word]:
    """The page words that spell ``passage`` in order (every place it stands on the page)."""
    tokens = [_strip(t) for t in passage.split() if _strip(t)]
    chosen: list[pdf_redact.Word] = []
    texts = [_strip(w.text) for w in words]
    for start in range(len(words) - len(tokens) + 1):
        if tokens and texts[start : start + len(tokens)] == tokens:
            chosen += words[start : start + len(tokens)]
    return chosen


@transaction.atomic
def finding_redact(*, finding, user) -> None:
    """Redact the finding where it stands (a text section's passage or a file page's words)."""
    from wagtail.log_actions import log

    from privacy.models import FindingStatus

    if finding.field == "name":
        raise ValidationError(_(SUBJECT_NOT_REDACTED))
    if finding.file_id:
        words = words_of_passage(file_page_words(file=finding.file, page=finding.page), finding.text)
        if not words:
            raise ValidationError(_(FINDING_NOT_ON_PAGE))
        file_redactions_add(file=finding.file, page=finding.page, words=words, user=user, reason=finding.category)
    else:
        paper_text_redaction_add(
            paper=finding.paper, field=finding.field, text=finding.text, user=user, reason=finding.category
        )
    _decide(finding=finding, status=FindingStatus.REDACTED, user=user, reason="")
    log(instance=finding.paper, action=REDACT_ACTION, user=user, data={"category": finding.category})


@transaction.atomic
def finding_dismiss(*, finding, user, reason: str) -> None:
    """Keep the finding public, for a stated reason (e.g. "Person hat der Veröffentlichung zugestimmt")."""
    from wagtail.log_actions import log

    from privacy.models import FindingStatus

    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_(DISMISS_NEEDS_REASON))
    _decide(finding=finding, status=FindingStatus.DISMISSED, user=user, reason=reason[:500])
    log(instance=finding.paper, action=DISMISS_ACTION, user=user, data={"category": finding.category, "reason": reason})


def _decide(*, finding, status: str, user, reason: str) -> None:
    from django.utils import timezone

    finding.status, finding.reason = status, reason
    finding.decided_by = user if getattr(user, "is_authenticated", False) else None
    finding.decided_at = timezone.now()
    finding.full_clean()
    finding.save()


def publish_confirm(*, paper: Paper, user, findings: list) -> None:
    """Record in the audit log that ``user`` publishes although these findings are open."""
    from wagtail.log_actions import log

    log(
        instance=paper,
        action=CONFIRM_ACTION,
        user=user,
        data={"findings": sorted(f.pk for f in findings), "count": len(findings)},
    )


def publish_confirmed(*, paper: Paper, findings: list) -> bool:
    """Whether the latest confirmation for this paper covers every one of ``findings``."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.for_instance(paper).filter(action=CONFIRM_ACTION).order_by("-timestamp", "-pk").first()
    )
    if entry is None:
        return not findings
    return {f.pk for f in findings} <= set(entry.data.get("findings", []))
