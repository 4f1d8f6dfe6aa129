"""The Sitzungsmappe: one PDF per meeting with a cover page (the agenda with the page where each
item starts), the invitation and every document of the agenda items, bookmarked per TOP and
page-numbered (issue 20).

Built like the documents ZIP (web/meeting_zip.py): the view decides which items and files the
reader may see, a digest of them names one version, a Celery task (web/tasks.py, in-process without
a broker) builds it once into ``MEDIA_ROOT/mappen/``, and from then on it is a plain file. Readers
who see the non-public part (entitled members, staff) get another digest and so their own
members' version; a changed, added or removed file, item number or title gives a new version.
Redacted files go in as their public version unless the reader may see the original (privacy/).
Merging, the outline and the page-number overlay are pikepdf; the cover page is reportlab.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from motions.models import File, FileRole
from ris.pdf_render import document
from sessions.models import AgendaItem, Meeting
from web.meeting_zip import stored_entry

logger = logging.getLogger(__name__)

FOLDER = "mappen"
PDF = "application/pdf"


@dataclass
class Section:
    """One bookmark of the binder: the invitation or one agenda item, with its documents."""

    title: str
    files: list[File] = field(default_factory=list)
    number: str = ""
    public: bool = True


def binder_sections(*, meeting: Meeting, items: list[AgendaItem], files: list[File]) -> list[Section]:
    """Order ``files`` (the ones the reader may see) under the meeting's invitation and the agenda
    items in order: per item its papers' main files, then their attachments, then the item's own."""
    pdfs = [f for f in files if (f.media_type or PDF) == PDF]
    sections = []
    invitations = [f for f in pdfs if f.meeting_id == meeting.pk and f.role == FileRole.INVITATION]
    if invitations:
        sections.append(Section(title=_("Einladung"), files=invitations))
    for item in items:
        consultations = getattr(item, "shown_consultations", None)  # as the page prefetched them
        if consultations is None:
            consultations = item.consultations.all()
        paper_ids = [c.paper_id for c in consultations if not c.deleted]
        own = sorted(
            (f for f in pdfs if f.paper_id in paper_ids),
            key=lambda f: (paper_ids.index(f.paper_id), f.role != FileRole.MAIN, f.pk),
        )
        own += [f for f in pdfs if f.agenda_item_id == item.pk and f not in own]
        sections.append(
            Section(title=f"{item.number} {item.name}".strip(), files=own, number=item.number, public=item.public)
        )
    return sections


def binder_digest(*, meeting: Meeting, sections: list[Section], public_ids=()) -> str:
    """What makes a version: the meeting's heading, each item's number and title, each file's
    content and which stored version of it goes in."""
    public_ids = set(public_ids)
    location = str(meeting.location or "")
    parts = [f"{meeting.pk}:{meeting.title}:{meeting.start.isoformat()}:{location}"]
    for section in sections:
        parts.append(f"§{section.title}:{section.public}")
        for f in section.files:
            entry = stored_entry(f, public_ids)
            parts.append(
                f"{f.pk}:{f.sha256 or f.modified.isoformat()}:{f.name}:{entry.name}"
                + (f":{f.modified.isoformat()}" if f.pk in public_ids else "")
            )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def binder_path(meeting_id: int, digest: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / f"sitzungsmappe-{meeting_id}-{digest}.pdf"


def binder_load(*, meeting_id: int, item_ids: list[int], file_ids: list[int]):
    """The meeting, items and files named by ids, as the task finds them now."""
    meeting = Meeting.objects.select_related("organization__body", "location").get(pk=meeting_id)
    items = list(
        AgendaItem.objects.filter(pk__in=item_ids, meeting=meeting)
        .prefetch_related("consultations")
        .order_by("order", "pk")
    )
    files = list(File.objects.filter(pk__in=file_ids).order_by("pk"))
    return meeting, items, files


def binder_build(
    *, meeting_id: int, item_ids: list[int], file_ids: list[int], digest: str, public_ids=()
) -> Path | None:
    """Write this version of the binder unless it exists; None when the records changed meanwhile."""
    target = binder_path(meeting_id, digest)
    if target.exists():
        return target
    public_ids = set(public_ids)
    meeting, items, files = binder_load(meeting_id=meeting_id, item_ids=item_ids, file_ids=file_ids)
    files = [f for f in files if stored_entry(f, public_ids)]
    sections = binder_sections(meeting=meeting, items=items, files=files)
    if binder_digest(meeting=meeting, sections=sections, public_ids=public_ids) != digest:
        return None
    content = binder_render(meeting=meeting, sections=sections, public_ids=public_ids)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(partial, target)  # readers see the whole binder or none
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


def _open_documents(sections: list[Section], public_ids) -> dict[int, pikepdf.Pdf]:
    """Each file's stored PDF, opened; a file that is no readable PDF is left out (and logged)."""
    opened = {}
    for section in sections:
        for f in section.files:
            if f.pk in opened:
                continue
            try:
                with stored_entry(f, public_ids).open("rb") as source:
                    opened[f.pk] = pikepdf.open(io.BytesIO(source.read()))
            except (pikepdf.PdfError, OSError, ValueError) as error:
                logger.warning("Sitzungsmappe: file %s left out: %s", f.pk, error)
    return opened


def _cover(meeting: Meeting, sections: list[Section], starts: dict[int, int], members: bool) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = document(buffer, title=_("Sitzungsmappe: %(meeting)s") % {"meeting": meeting.title})
    start = timezone.localtime(meeting.start)
    when = date_format(start, "l, d.m.Y") + ", " + date_format(start, "H:i") + " " + _("Uhr")
    story = [
        Paragraph(_("Sitzungsmappe"), styles["Title"]),
        Paragraph(_escape(meeting.title), styles["Heading2"]),
        Paragraph(_escape(meeting.organization.body.name), styles["BodyText"]),
        Paragraph(_escape(when), styles["BodyText"]),
    ]
    if meeting.location:
        story.append(Paragraph(_escape(str(meeting.location)), styles["BodyText"]))
    version = (
        _("Fassung für Mitglieder, mit dem nichtöffentlichen Teil: vertraulich")
        if members
        else _("Öffentliche Fassung")
    )
    story += [Paragraph(version, styles["Italic"]), Spacer(1, 0.5 * cm), Paragraph(_("Inhalt"), styles["Heading2"])]
    rows = [[_("Nr."), _("Thema / Dokument"), _("Seite")]]
    for index, section in enumerate(sections):
        rows.append(
            [
                section.number,
                Paragraph(
                    _escape(section.title if not section.number else section.title[len(section.number) :].strip()),
                    styles["BodyText"],
                ),
                str(starts.get(index, "–")),
            ]
        )
        for f in section.files:
            rows.append(["", Paragraph("– " + _escape(f.name), styles["BodyText"]), ""])
        if not section.files and section.number:
            rows.append(["", Paragraph(_("– ohne Dokumente"), styles["Italic"]), ""])
    table = Table(rows, colWidths=[2 * cm, 12 * cm, 2 * cm], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))
    story.append(table)
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    from ris.pdf_render import _UNSUPPORTED

    return escape(_UNSUPPORTED.sub(" ", text))


def _page_numbers(sizes: list[tuple[float, float]]) -> pikepdf.Pdf:
    """One overlay page per binder page (in its size) with "Seite n von N" at the foot."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    total = len(sizes)
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.setPageSize((width, height))
        pdf.setFont("Helvetica", 8)
        pdf.drawRightString(width - 1.5 * cm, 0.8 * cm, _("Seite %(n)s von %(total)s") % {"n": number, "total": total})
        pdf.showPage()
    pdf.save()
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def binder_render(*, meeting: Meeting, sections: list[Section], public_ids=()) -> bytes:
    """The binder's bytes: cover, then each section's documents, with outline and page numbers."""
    documents = _open_documents(sections, set(public_ids))
    members = any(not s.public for s in sections)
    sections = [Section(s.title, [f for f in s.files if f.pk in documents], s.number, s.public) for s in sections]
    starts: dict[int, int] = {}
    cover = pikepdf.open(io.BytesIO(_cover(meeting, sections, starts, members)))
    for _attempt in range(3):  # the page numbers on the cover may lengthen it; settle them
        page = len(cover.pages) + 1
        starts = {}
        for index, section in enumerate(sections):
            starts[index] = page
            page += sum(len(documents[f.pk].pages) for f in section.files)
        again = pikepdf.open(io.BytesIO(_cover(meeting, sections, starts, members)))
        settled = len(again.pages) == len(cover.pages)
        cover = again
        if settled:
            break
    binder = pikepdf.new()
    binder.pages.extend(cover.pages)
    total_pages = len(cover.pages) + sum(len(d.pages) for d in documents.values() if d is not None)
    with binder.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(_("Deckblatt und Inhalt"), 0))
        for section in sections:
            # an item without documents points at the next page that exists
            entry = pikepdf.OutlineItem(section.title, min(len(binder.pages), total_pages - 1))
            for f in section.files:
                entry.children.append(pikepdf.OutlineItem(f.name, len(binder.pages)))
                binder.pages.extend(documents[f.pk].pages)
            outline.root.append(entry)
    sizes = [
        (float(p.mediabox[2]) - float(p.mediabox[0]), float(p.mediabox[3]) - float(p.mediabox[1])) for p in binder.pages
    ]
    numbers = _page_numbers(sizes)
    for page, overlay in zip(binder.pages, numbers.pages, strict=True):
        page.add_overlay(overlay)
    binder.docinfo["/Title"] = _("Sitzungsmappe: %(meeting)s") % {"meeting": meeting.title}
    out = io.BytesIO()
    binder.save(out, deterministic_id=True)
    return out.getvalue()
