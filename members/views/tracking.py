"""Beschlusskontrolle: the public (and, for members and staff, wider) list of resolution tracking."""

from django.shortcuts import render
from django.utils import timezone

from members import selectors
from members.models import TrackingStatus
from sessions.models import Body


def tracking_list(request):
    status = request.GET.get("stand", "")
    overdue = request.GET.get("ueberfaellig") == "1"
    body = Body.objects.alive().filter(slug=request.GET.get("koerperschaft", "")).first()
    trackings = selectors.tracking_list(user=request.user, status=status, overdue=overdue, body=body)
    context = {
        "trackings": trackings,
        "statuses": TrackingStatus.choices,
        "status": status,
        "overdue": overdue,
        "body": body,
        "bodies": Body.objects.alive(),
        "today": timezone.localdate(),
    }
    return render(request, "members/tracking_list.html", context)
