"""Admin view of a file's own text extraction: "extract again" (``motions.extraction``).

It only reads the request, picks the file through the same body scope as the admin listings
(``ris.access.staff_body_ids``) and queues the extraction. Wired in ``motions/viewsets.FileViewSet``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motions.extraction import file_extraction_queue
from motions.models import File
from ris import access


@require_http_methods(["GET", "POST"])
def file_extract_again(request, pk):
    if not request.user.has_perm("motions.change_file"):
        raise PermissionDenied
    file = get_object_or_404(access.admin_queryset(request.user, File, File.objects.filter(deleted=False)), pk=pk)
    if request.method == "POST":
        file_extraction_queue(file=file)
        messages.success(request, _("Der Text von „%(name)s“ wird neu erkannt.") % {"name": file.name})
        return redirect(reverse("wagtailsnippets_motions_file:list"))
    return TemplateResponse(
        request,
        "motions/admin/file_extract_again.html",
        {"file": file, "header_title": _("Text erneut erkennen"), "page_title": _("Text erneut erkennen")},
    )
