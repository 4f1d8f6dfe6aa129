"""Admin views of the ingestion: the review queue of recognised papers.

They only read the request, pick the paper through the same body scope as the admin listings
(``ris.access.staff_body_ids``) and call a service. Wired in ``ingest/wagtail_hooks.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
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


def _confidence_rows(paper: Paper) -> list[dict]:
    rows = []
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
            }
        )
    return rows


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
    main = paper.files.filter(role=FileRole.MAIN, deleted=False).first() or paper.files.filter(deleted=False).first()
    first_page = main.pages.filter(number=1).values_list("text", flat=True).first() if main else None
    recognition = paper.recognition
    return TemplateResponse(
        request,
        "motions/admin/review_paper.html",
        {
            "paper": paper,
            "form": form,
            "rows": _confidence_rows(paper),
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
