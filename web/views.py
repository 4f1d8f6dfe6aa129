"""Public pages. Every lookup goes through the access policy (``visible_to``); what a user may
not see is a 404, exactly like what does not exist, so non-public records cannot be probed."""

import mimetypes

from django.conf import settings
from django.core.files import File as DjangoFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.text import slugify
from wagtail.images import get_image_model

from motions.file_serving import file_response
from motions.models import File
from ris import page_cache
from sessions.models import Body, Meeting, Organization, Person
from web import appearance, contrast, exports, lists, meeting_binder, meeting_zip, selectors
from web.tasks import build_meeting_binder, build_meeting_zip

# The home page lists upcoming and recent meetings, which move with the clock as well as with
# writes (the content version covers those): its cached body lives one minute at most.
HOME_CACHE_SECONDS = 60


@page_cache.whole_response(name="home", seconds=HOME_CACHE_SECONDS)
def home(request):
    content = page_cache.fragment(
        name="home",
        obj=None,
        user=request.user,
        seconds=HOME_CACHE_SECONDS,
        render=lambda: render_to_string("web/_home_body.html", selectors.home_context(user=request.user)),
    )
    return render(request, "web/home.html", {"content": content})


def body_detail(request, slug):
    body = get_object_or_404(Body.objects.alive(), slug=slug)
    return render(request, "web/body_detail.html", selectors.body_context(body=body, user=request.user))


@page_cache.whole_response(name="paper")
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


@page_cache.whole_response(name="meeting")
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
    """All documents of a meeting the user may see, as one ZIP built once per version in the
    background (web/meeting_zip.py); until it is there, a page that says so and reloads."""
    meeting = _visible_meeting(request, pk)
    files = list(selectors.meeting_public_files(meeting=meeting, user=request.user))
    if not files:
        raise Http404
    # Each file as this reader gets it: the redacted public version unless the original is theirs.
    public_ids = sorted(f.pk for f in files if not f.shows_original(request.user))
    files = [f for f in files if meeting_zip.stored_entry(f, public_ids)]
    if not files:
        raise Http404
    digest = meeting_zip.archive_digest(files, public_ids)
    path = meeting_zip.archive_path(meeting.pk, digest)
    if not path.exists():
        # in-process without a broker
        build_meeting_zip.delay(meeting.pk, [f.pk for f in files], digest, public_ids)
    if not path.exists():
        response = render(request, "web/meeting_zip_pending.html", {"meeting": meeting}, status=202)
        response["Retry-After"] = "5"
        return response
    meeting_zip.mark_served(path)
    day = date_format(meeting.start, "Y-m-d")
    name = f"{slugify(meeting.organization.short_name or meeting.organization.name)}-{day}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")


def meeting_binder_pdf(request, pk):
    """The Sitzungsmappe as this reader may see it: the public version, or the members' version
    with the non-public part for entitled members and staff; built once per version in the
    background (web/meeting_binder.py), served through the one file response."""
    meeting = _visible_meeting(request, pk)
    items = list(selectors.meeting_items(meeting=meeting, user=request.user))
    files = list(selectors.meeting_public_files(meeting=meeting, user=request.user, items=items))
    if not items and not files:
        raise Http404
    public_ids = sorted(f.pk for f in files if not f.shows_original(request.user))
    files = [f for f in files if meeting_zip.stored_entry(f, public_ids)]
    sections = meeting_binder.binder_sections(meeting=meeting, items=items, files=files)
    digest = meeting_binder.binder_digest(meeting=meeting, sections=sections, public_ids=public_ids)
    path = meeting_binder.binder_path(meeting.pk, digest)
    if not path.exists():
        build_meeting_binder.delay(meeting.pk, [i.pk for i in items], [f.pk for f in files], digest, public_ids)
    if not path.exists():
        response = render(request, "web/meeting_binder_pending.html", {"meeting": meeting}, status=202)
        response["Retry-After"] = "5"
        return response
    meeting_zip.mark_served(path)
    day = date_format(meeting.start, "Y-m-d")
    name = f"sitzungsmappe-{slugify(meeting.organization.short_name or meeting.organization.name)}-{day}.pdf"
    return file_response(
        File(file_name=name, media_type="application/pdf"), as_attachment=False, stored=DjangoFile(path.open("rb"))
    )


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
    return exports.papers_csv(lists.paper_filter(request=request).qs, base_url=settings.SITE_URL)


def meeting_list(request):
    return render(request, "web/meeting_list.html", lists.meeting_list(request=request))


def meeting_list_csv(request):
    return exports.meetings_csv(lists.meeting_filter(request=request).qs, base_url=settings.SITE_URL)


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
    """The stored file: documents open in the browser, anything else is an attachment
    (motions/file_serving.py)."""
    file = get_object_or_404(File.objects.visible_to(request.user), pk=pk)
    stored = file.stored_for(request.user)
    if not stored:
        raise Http404
    return file_response(file, as_attachment=False, stored=stored)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


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
