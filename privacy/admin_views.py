"""Admin views of the privacy app (wired in ``privacy.wagtail_hooks``): a paper's data-protection
check, and a file page on which staff mark words as not public.

Only staff of the record's body (``ris.access.is_staff_of``) reach them; everybody else gets a
404, like for any foreign record; staff without the right to change papers (files) are turned
away (PermissionDenied, which the admin answers with its dashboard and a message). Views read the
request and call ``privacy.services``.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motions.models import File, Paper
from privacy import checks, services
from privacy.models import FileRedaction, Finding, FindingStatus, PaperTextField, TextRedaction
from ris import access

PAGE_SCALE = 1.25


def _staff_paper(request, pk) -> Paper:
    paper = get_object_or_404(Paper.objects.alive(), pk=pk)
    if not access.is_staff_of(request.user, paper.body_id):
        raise Http404
    if not request.user.has_perm("motions.change_paper"):
        raise PermissionDenied
    return paper


def _staff_file(request, pk) -> File:
    file = get_object_or_404(File.objects.alive(), pk=pk)
    if not access.is_staff_of(request.user, file.body_id):
        raise Http404
    if not request.user.has_perm("motions.change_file"):
        raise PermissionDenied
    return file


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _paper_action(request, paper: Paper) -> None:
    action = request.POST.get("action", "")
    if action in ("redact", "dismiss"):
        finding = get_object_or_404(Finding, pk=request.POST.get("finding"), paper=paper)
        if action == "redact":
            services.finding_redact(finding=finding, user=request.user)
            messages.success(request, _("Die Stelle ist geschwärzt."))
        else:
            services.finding_dismiss(finding=finding, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Der Fund ist verworfen."))
    elif action == "passage":
        services.paper_text_redaction_add(
            paper=paper, field=request.POST.get("field", ""), text=request.POST.get("text", ""), user=request.user
        )
        messages.success(request, _("Die Stelle ist geschwärzt."))
    elif action == "unredact":
        redaction = get_object_or_404(TextRedaction, pk=request.POST.get("redaction"), paper=paper)
        services.paper_text_redaction_remove(redaction=redaction)
        messages.success(request, _("Die Schwärzung ist aufgehoben."))
    elif action == "confirm":
        services.publish_confirm(paper=paper, user=request.user, findings=checks.open_findings(paper=paper))
        messages.success(request, _("Die Veröffentlichung trotz offener Funde ist bestätigt und protokolliert."))


@require_http_methods(["GET", "POST"])
def paper_check(request, pk):
    paper = _staff_paper(request, pk)
    if request.method == "POST":
        try:
            _paper_action(request, paper)
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(reverse("privacy_admin:paper", args=[paper.pk]))
    open_findings = checks.paper_check(paper=paper)
    context = {
        "paper": paper,
        "open_findings": open_findings,
        "decided": Finding.objects.filter(paper=paper).exclude(status=FindingStatus.OPEN).select_related("decided_by"),
        "confirmed": services.publish_confirmed(paper=paper, findings=open_findings),
        "text_redactions": TextRedaction.objects.filter(paper=paper).order_by("field", "pk"),
        "fields": PaperTextField.choices,
        "files": File.objects.filter(paper=paper, deleted=False).prefetch_related("pages"),
        "edit_url": reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]),
    }
    return render(request, "privacy/paper_check.html", context)


@require_http_methods(["GET", "POST"])
def file_page(request, pk, page):
    file = _staff_file(request, pk)
    here = reverse("privacy_admin:file_page", args=[file.pk, page])
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unredact":
                redaction = get_object_or_404(FileRedaction, pk=request.POST.get("redaction"), file=file)
                services.file_redaction_remove(redaction=redaction)
                messages.success(request, _("Die Schwärzung ist aufgehoben."))
            else:
                words = services.file_page_words(file=file, page=page)
                chosen = {int(i) for i in request.POST.getlist("word") if i.isdigit()}
                lines = {int(i) for i in request.POST.getlist("line") if i.isdigit()}
                selected = [w for w in words if w.index in chosen or w.line in lines]
                services.file_redactions_add(
                    file=file, page=page, words=selected, user=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Die markierten Wörter sind aus der öffentlichen Fassung entfernt."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(here)
    try:
        words = services.file_page_words(file=file, page=page)
    except ValidationError as exc:
        _errors(request, exc)
        words = []
    lines: dict[int, list] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    redactions = list(file.redactions.filter(page=page))
    hidden = {(r.x0, r.y0, r.x1, r.y1) for r in redactions}
    context = {
        "file": file,
        "page": page,
        "pages": range(1, (file.page_count or 1) + 1),
        "lines": [[(w, (w.box.x0, w.box.y0, w.box.x1, w.box.y1) in hidden) for w in line] for line in lines.values()],
        "redactions": redactions,
        "paper": file.paper,
    }
    return render(request, "privacy/file_page.html", context)


def file_page_image(request, pk, page, version):
    """The page as an image, of the original or of the public version (for staff only)."""
    import pypdfium2

    file = _staff_file(request, pk)
    stored = file.public_file if version == "oeffentlich" else file.file
    if not stored:
        raise Http404
    with stored.open("rb") as handle:
        data = handle.read()
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise Http404 from exc
    try:
        if not 1 <= page <= len(document):
            raise Http404
        image = document[page - 1].render(scale=PAGE_SCALE).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def retention_report(request):
    """The retention runs as far as they concern the user's bodies; POST runs a dry run now."""
    from django.utils import timezone

    from privacy.models import RetentionRun
    from privacy.retention import retention_apply

    if request.user.is_superuser:
        bodies = None
    else:
        bodies = access.staff_body_ids(request.user)
        if not bodies:
            raise Http404
    if request.method == "POST":
        for body_id in [None] if bodies is None else sorted(bodies):
            retention_apply(today=timezone.localdate(), dry_run=True, body_id=body_id)
        messages.success(request, _("Der Probelauf ist fertig; er hat nichts verändert."))
        return redirect(reverse("privacy_admin:retention"))
    runs = []
    for run in RetentionRun.objects.all()[:20]:
        entries = [e for e in run.report if bodies is None or e.get("body_id") in bodies]
        runs.append({"run": run, "entries": entries})
    context = {
        "runs": runs,
        "rules_url": reverse("wagtailsnippets_privacy_retentionrule:list"),
        "header_title": _("Aufbewahrung"),
        "page_title": _("Aufbewahrung"),
    }
    return render(request, "privacy/retention_report.html", context)


def person_data(request, pk):
    """Art. 15 export of a person, for staff of the person's body, as a JSON download."""
    from privacy.subject_rights import as_json, export_filename, person_export
    from sessions.models import Person

    person = get_object_or_404(Person.objects.all(), pk=pk)
    if not access.is_staff_of(request.user, person.body_id):
        raise Http404
    response = HttpResponse(as_json(person_export(person=person)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(f"person-{person.pk}")}"'
    response["Cache-Control"] = "private, no-store"
    return response
