"""Admin views of the ingestion: the review queue of recognised papers.

They only read the request, pick the paper through the same body scope as the admin listings
(``ris.access.staff_body_ids``) and call a service. Wired in ``ingest/wagtail_hooks.py``.
"""

from __future__ import annotations

import shutil
import subprocess

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ingest.ingestion import CONFIDENT, paper_review_confirm
from motions.forms import PaperReviewForm
from motions.models import FileRole, Paper
from ris import access

REVIEW_FIELDS = [
    ("reference", _("Drucksachennummer")),
    ("paper_type", _("Art")),
    ("date", _("Datum")),
    ("subject", _("Betreff")),
    ("public", _("öffentlich")),
]
FIELD_FOR = {"subject": "name"}


# The page image of the review screen: poppler's pdftoppm, one page, bounded in size and time.
PAGE_IMAGE_WIDTH = 900
PAGE_IMAGE_SECONDS = 20
# A mark is drawn a little outside its line, so that the line's letters stay readable.
MARK_PADDING = 0.004


def _mark(position: dict | None) -> dict | None:
    """A recognised value's box as CSS percentages of the page image."""
    if not position or len(position.get("box") or []) != 4:
        return None
    pad = MARK_PADDING
    left, top, right, bottom = (
        max(0.0, min(float(v) + d, 1.0)) for v, d in zip(position["box"], (-pad, -pad, pad, pad), strict=True)
    )
    return {
        "page": int(position.get("page") or 1),
        "left": round(left * 100, 2),
        "top": round(top * 100, 2),
        "width": round(max(right - left, 0.005) * 100, 2),
        "height": round(max(bottom - top, 0.005) * 100, 2),
    }


def _confidence_rows(paper: Paper) -> list[dict]:
    rows = []
    positions = paper.recognition.get("positions") or {}
    for key, label in REVIEW_FIELDS:
        entry = paper.recognition.get(key) or {}
        confidence = entry.get("confidence")
        rows.append(
            {
                "field": FIELD_FOR.get(key, key),
                "label": label,
                "value": entry.get("value"),
                "percent": round(confidence * 100) if confidence is not None else None,
                "doubtful": confidence is None or confidence < CONFIDENT,
                "mark": _mark(positions.get(key)),
            }
        )
    return rows


def _main_file(paper: Paper):
    return paper.files.filter(role=FileRole.MAIN, deleted=False).first() or paper.files.filter(deleted=False).first()


def page_image_available() -> bool:
    return shutil.which("pdftoppm") is not None


def review_page_image(request, pk, number):
    """Page ``number`` of the paper's main file as a PNG, for the review screen's marks."""
    if not request.user.has_perm("motions.change_paper"):
        raise PermissionDenied
    paper = get_object_or_404(access.admin_queryset(request.user, Paper, Paper.objects.filter(deleted=False)), pk=pk)
    file = _main_file(paper)
    executable = shutil.which("pdftoppm")
    if (
        file is None
        or executable is None
        or file.media_type != "application/pdf"
        or not 1 <= number <= max(file.page_count or 1, 1)
    ):
        raise Http404(_("Für diese Seite gibt es kein Bild."))
    with file.file.open("rb") as stream:
        data = stream.read()
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, the PDF on stdin
            [
                executable,
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                "-scale-to",
                str(PAGE_IMAGE_WIDTH),
                "-",
            ],
            input=data,
            capture_output=True,
            timeout=PAGE_IMAGE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Http404(_("Das Seitenbild ließ sich nicht rechtzeitig erzeugen.")) from exc
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise Http404(_("Für diese Seite gibt es kein Bild."))
    response = HttpResponse(done.stdout, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def review_index(request):
    if not request.user.has_perm("motions.change_paper"):
        raise PermissionDenied
    papers = access.admin_queryset(
        request.user, Paper, Paper.objects.filter(needs_review=True, deleted=False)
    ).select_related("body")
    entries = []
    for paper in papers.order_by("body__name", "-pk")[:200]:
        confidences = [
            v.get("confidence", 0)
            for k, v in paper.recognition.items()
            if isinstance(v, dict) and "confidence" in v and k in dict(REVIEW_FIELDS)
        ]
        entries.append({"paper": paper, "lowest": round(min(confidences) * 100) if confidences else None})
    return TemplateResponse(
        request,
        "motions/admin/review_index.html",
        {
            "entries": entries,
            "header_title": _("Erkannte Vorlagen prüfen"),
            "page_title": _("Erkannte Vorlagen prüfen"),
        },
    )


@require_http_methods(["GET", "POST"])
def review_paper(request, pk):
    if not request.user.has_perm("motions.change_paper"):
        raise PermissionDenied
    paper = get_object_or_404(access.admin_queryset(request.user, Paper, Paper.objects.filter(deleted=False)), pk=pk)
    form = PaperReviewForm(request.POST or None, instance=paper)
    if request.method == "POST" and form.is_valid():
        try:
            paper_review_confirm(paper=form.save(commit=False), user=request.user, publish="publish" in request.POST)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("„%(paper)s“ ist geprüft.") % {"paper": paper})
            return redirect(reverse("motions_review:index"))
    main = _main_file(paper)
    first_page = main.pages.filter(number=1).values_list("text", flat=True).first() if main else None
    recognition = paper.recognition
    rows = _confidence_rows(paper)
    marked_pages = sorted({row["mark"]["page"] for row in rows if row["mark"]}) or [1]
    return TemplateResponse(
        request,
        "motions/admin/review_paper.html",
        {
            "paper": paper,
            "form": form,
            "rows": rows,
            "pages": [
                {"number": number, "marks": [row for row in rows if row["mark"] and row["mark"]["page"] == number]}
                for number in marked_pages
            ]
            if main is not None and main.media_type == "application/pdf" and page_image_available()
            else [],
            "consultations": (recognition.get("consultations") or {}).get("value") or [],
            "originators": (recognition.get("originators") or {}).get("value") or [],
            "amends": (recognition.get("amends") or {}).get("value"),
            "answers": (recognition.get("answers") or {}).get("value"),
            "file": main,
            "first_page": first_page,
            "header_title": _("Vorlage prüfen"),
            "page_title": _("Vorlage prüfen"),
        },
    )
