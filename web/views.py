"""Public pages. Every lookup goes through the access policy (``visible_to``); what a user may
not see is a 404, exactly like what does not exist, so non-public records cannot be probed."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from motions.models import File
from sessions.models import Body, Meeting, Organization, Person
from web import selectors


def home(request):
    return render(request, "web/home.html", selectors.home_context(user=request.user))


def body_detail(request, slug):
    body = get_object_or_404(Body.objects.alive(), slug=slug)
    return render(request, "web/body_detail.html", {"body": body})


def paper_detail(request, pk, slug=None):
    paper = get_object_or_404(selectors.paper_detail_queryset(user=request.user), pk=pk)
    if request.path != paper.get_absolute_url():
        return redirect(paper.get_absolute_url(), permanent=True)
    return render(request, "web/paper_detail.html", selectors.paper_context(paper=paper, user=request.user))


def meeting_detail(request, pk, slug=None):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("organization__body", "location"), pk=pk
    )
    if request.path != meeting.get_absolute_url():
        return redirect(meeting.get_absolute_url(), permanent=True)
    return render(request, "web/meeting_detail.html", selectors.meeting_context(meeting=meeting, user=request.user))


def organization_detail(request, pk, slug):
    organization = get_object_or_404(Organization.objects.alive().select_related("body"), pk=pk)
    return render(request, "web/organization_detail.html", {"organization": organization})


def person_detail(request, pk, slug):
    person = get_object_or_404(Person.objects.alive().select_related("body"), pk=pk)
    return render(request, "web/person_detail.html", {"person": person})


def file_detail(request, pk):
    file = get_object_or_404(File.objects.visible_to(request.user), pk=pk)
    pages = file.pages.all()
    return render(request, "web/file_detail.html", {"file": file, "pages": pages})


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
