"""Public pages. Every lookup goes through the access policy (``visible_to``); what a user may
not see is a 404, exactly like what does not exist, so non-public records cannot be probed."""

import tempfile
import zipfile

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import slugify

from motions.models import File
from sessions.models import Body, Meeting, Organization, Person
from web import exports, lists, page_cache, selectors

ZIP_SPOOL_BYTES = 32 * 1024 * 1024


def home(request):
    return render(request, "web/home.html", selectors.home_context(user=request.user))


def body_detail(request, slug):
    body = get_object_or_404(Body.objects.alive(), slug=slug)
    return render(request, "web/body_detail.html", selectors.body_context(body=body, user=request.user))


def paper_detail(request, pk, slug=None):
    paper = get_object_or_404(selectors.paper_detail_queryset(user=request.user), pk=pk)
    if request.path != paper.get_absolute_url():
        return redirect(paper.get_absolute_url(), permanent=True)
    article = page_cache.fragment(
        name="paper",
        obj=paper,
        user=request.user,
        render=lambda: render_to_string(
            "web/_paper_body.html", selectors.paper_context(paper=paper, user=request.user)
        ),
    )
    return render(request, "web/paper_detail.html", {"paper": paper, "article": article})


def _visible_meeting(request, pk):
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("organization__body", "location"), pk=pk
    )


def meeting_detail(request, pk, slug=None):
    meeting = _visible_meeting(request, pk)
    if request.path != meeting.get_absolute_url():
        return redirect(meeting.get_absolute_url(), permanent=True)
    article = page_cache.fragment(
        name="meeting",
        obj=meeting,
        user=request.user,
        render=lambda: render_to_string(
            "web/_meeting_body.html", selectors.meeting_context(meeting=meeting, user=request.user)
        ),
    )
    return render(request, "web/meeting_detail.html", {"meeting": meeting, "article": article})


def meeting_documents_zip(request, pk):
    """All documents of a meeting the user may see, as one ZIP (built in a spooled temp file)."""
    meeting = _visible_meeting(request, pk)
    files = list(selectors.meeting_public_files(meeting=meeting, user=request.user))
    if not files:
        raise Http404
    spool = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            stored = file.stored_for(request.user)  # the redacted public version unless the original is theirs
            if not stored:
                continue
            with stored.open("rb") as handle:
                archive.writestr(f"{file.pk}-{file.file_name or 'datei'}", handle.read())
    spool.seek(0)
    day = date_format(meeting.start, "Y-m-d")
    name = f"{slugify(meeting.organization.short_name or meeting.organization.name)}-{day}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")


def organization_detail(request, pk, slug=None):
    organization = get_object_or_404(Organization.objects.alive().select_related("body", "parent"), pk=pk)
    if request.path != organization.get_absolute_url():
        return redirect(organization.get_absolute_url(), permanent=True)
    context = selectors.organization_context(organization=organization, user=request.user)
    return render(request, "web/organization_detail.html", context)


def person_detail(request, pk, slug=None):
    person = get_object_or_404(Person.objects.alive().select_related("body"), pk=pk)
    if request.path != person.get_absolute_url():
        return redirect(person.get_absolute_url(), permanent=True)
    return render(request, "web/person_detail.html", selectors.person_context(person=person, user=request.user))


def paper_list(request):
    return render(request, "web/paper_list.html", lists.paper_list(request=request))


def paper_list_csv(request):
    base_url = f"{request.scheme}://{request.get_host()}"
    return exports.papers_csv(lists.paper_filter(request=request).qs, base_url=base_url)


def meeting_list(request):
    return render(request, "web/meeting_list.html", lists.meeting_list(request=request))


def meeting_list_csv(request):
    base_url = f"{request.scheme}://{request.get_host()}"
    return exports.meetings_csv(lists.meeting_filter(request=request).qs, base_url=base_url)


def organization_list(request):
    return render(request, "web/organization_list.html", lists.organization_list(request=request))


def person_list(request):
    return render(request, "web/person_list.html", lists.person_list(request=request))


def meeting_calendar(request, view="monat"):
    month = lists.parse_month(request.GET.get("monat"))
    if month is None:
        raise Http404
    organization = None
    if request.GET.get("gremium", "").isdigit():
        organization = get_object_or_404(Organization.objects.alive(), pk=request.GET["gremium"])
    context = lists.calendar_month(user=request.user, month=month, organization=organization)
    context.update(view=view, organization=organization)
    template = "web/calendar_month.html" if view == "monat" else "web/calendar_list.html"
    return render(request, template, context)


def file_detail(request, pk):
    file = get_object_or_404(
        File.objects.visible_to(request.user).select_related(
            "body", "paper", "meeting__organization", "agenda_item__meeting__organization"
        ),
        pk=pk,
    )
    file.text = file.text_for(request.user)
    return render(request, "web/file_detail.html", {"file": file, "pages": file.pages_for(request.user)})


def file_download(request, pk, name):
    file = get_object_or_404(File.objects.visible_to(request.user), pk=pk)
    stored = file.stored_for(request.user)
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=file.media_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{file.file_name or "datei"}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /suche/
Disallow: /anmelden/
Sitemap: {sitemap}
"""


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("web:sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
