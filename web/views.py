"""Public pages. Every lookup goes through the access policy (``visible_to``); what a user may
not see is a 404, exactly like what does not exist, so non-public records cannot be probed."""

import mimetypes
import tempfile
import zipfile

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.text import slugify
from wagtail.images import get_image_model

from motions.models import File
from sessions.models import Body, Meeting, Organization, Person
from web import appearance, contrast, exports, lists, page_cache, selectors

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
            with file.file.open("rb") as handle:
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
    return render(request, "web/file_detail.html", {"file": file, "pages": file.pages.all()})


def file_download(request, pk, name):
    file = get_object_or_404(File.objects.visible_to(request.user), pk=pk)
    if not file.file:
        raise Http404
    response = FileResponse(file.file.open("rb"), content_type=file.media_type or "application/octet-stream")
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


# --- the town's look: icon, colours, logo ----------------------------------------------------

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"
LOOK_CSS = """:root {{ --accent: {accent}; --accent-dark: {dark}; }}
"""


def favicon(request):
    """/favicon.ico: the installation's icon, or the default one (browsers ask for it on every
    site, whatever the page's ``<link rel="icon">`` says)."""
    look = appearance.look_for(request=request, body_id=None)
    if look.favicon_url:
        return redirect(look.favicon_url)
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def look_css(request, colour):
    """The accent colour as CSS variables; the colour is the address, so it is cached for good."""
    accent = f"#{colour}"
    response = HttpResponse(
        LOOK_CSS.format(accent=accent, dark=contrast.darker(accent)), content_type="text/css; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


def look_image(request, pk):
    """A logo or icon some look shows (any other image of the library stays unserved)."""
    if pk not in appearance.used_image_ids():
        raise Http404
    image = get_object_or_404(get_image_model(), pk=pk)
    name = image.file.name.lower()
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(image.file.open("rb"), content_type=media_type)
    response["X-Content-Type-Options"] = "nosniff"
    if name.endswith(".svg"):
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    patch_cache_control(response, public=True, max_age=3600)
    return response
