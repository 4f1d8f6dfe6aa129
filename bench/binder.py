"""Sitzungsmappe benchmark, on throwaway data inside a transaction that is rolled back, with the
files in a temporary MEDIA_ROOT.

A meeting with 20 agenda items, each with a paper of two documents of 10 pages (400 pages): the
whole binder (``binder_render``: cover with page numbers, merge, outline, page-number overlay)
against two same-run baselines: merging the same 40 PDFs with pikepdf alone (open, append, save)
and building the meeting's documents ZIP (``archive_build``), the other per-version background
artefact of a meeting. Also the size of the binder against the sum of its documents.
"""

import io
import tempfile
import time

from django.db import transaction
from django.test import override_settings

from bench._common import Rollback, timed

ITEMS = 20
PAGES = 10


def _world():
    from motions.models import FileRole
    from motions.services import file_create
    from proceedings import services
    from ris.pdf_render import render_text_pdf
    from sessions.models import Body, Meeting, Organization

    body = Body.objects.create(name="Bench-Stadt Mappe", slug=f"bench-mappe-{time.time_ns()}")
    council = Organization.objects.create(body=body, name="Stadtrat")
    from django.utils import timezone

    meeting = Meeting.objects.create(organization=council, start=timezone.now(), live=True)
    page_text = "\n\n".join(f"Absatz {n}: Der Stadtrat beschließt die Maßnahme wie beantragt." for n in range(30))
    files = []
    from motions.models import Consultation, Paper

    for n in range(ITEMS):
        paper = Paper.objects.create(body=body, reference=f"BM/{n:04}/2026", name=f"Vorlage {n}", live=True)
        step = Consultation.objects.create(paper=paper, organization=council, order=0)
        services.agenda_item_add_consultation(meeting=meeting, consultation=step)
        for role in (FileRole.MAIN, FileRole.ATTACHMENT):
            text = "\f".join([page_text] * PAGES)
            content = render_text_pdf(title=f"{paper.reference} {role}", text=text.replace("\f", "\n\n" * 40))
            files.append(
                file_create(
                    body=body,
                    name=f"{paper.reference} {role}",
                    content=content,
                    file_name=f"{n}-{role}.pdf",
                    paper=paper,
                    role=role,
                    extract=False,
                )
            )
    return meeting, files


def _baseline_merge(files) -> bytes:
    import pikepdf

    out = pikepdf.new()
    for f in files:
        with f.file.open("rb") as source:
            out.pages.extend(pikepdf.open(io.BytesIO(source.read())).pages)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def main():
    import pikepdf

    from web import meeting_binder, meeting_zip

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                meeting, files = _world()
                items = list(meeting.agenda_items.prefetch_related("consultations").order_by("order"))
                sections = meeting_binder.binder_sections(meeting=meeting, items=items, files=files)
                pages = len(pikepdf.open(io.BytesIO(_baseline_merge(files))).pages)
                binder = meeting_binder.binder_render(meeting=meeting, sections=sections)
                t_binder = timed(lambda: meeting_binder.binder_render(meeting=meeting, sections=sections), repeat=3)
                t_merge = timed(lambda: _baseline_merge(files), repeat=3)

                # archive_build checks its digest; a fresh name each time, so every run builds
                digest = meeting_zip.archive_digest(sorted(files, key=lambda f: f.pk))
                t_zip = timed(
                    lambda: (
                        meeting_zip.archive_path(meeting.pk, digest).unlink(missing_ok=True),
                        meeting_zip.archive_build(meeting_id=meeting.pk, file_ids=[f.pk for f in files], digest=digest),
                    ),
                    repeat=3,
                )
                documents = sum(f.size or 0 for f in files)
                print(f"   {ITEMS} items, {len(files)} documents, {pages} pages")
                print(f"   Sitzungsmappe (cover, merge, outline, page numbers): {t_binder:.2f} s")
                print(f"   baseline pikepdf merge alone: {t_merge:.2f} s  -> ratio {t_binder / t_merge:.2f}x")
                print(f"   baseline documents ZIP (archive_build): {t_zip:.2f} s  -> ratio {t_binder / t_zip:.2f}x")
                print(
                    f"   size: binder {len(binder) / 1e6:.2f} MB, documents {documents / 1e6:.2f} MB"
                    f" -> {len(binder) / max(documents, 1):.2f}x"
                )
                raise Rollback
        except Rollback:
            pass
