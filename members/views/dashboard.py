"""Meine Vorgänge: the member's dashboard (and, for citizens, what they follow)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from members import selectors


@login_required
def dashboard(request):
    person = selectors.person_of(request.user)
    if person is None:
        context = {
            "person": None,
            "follows": selectors.follows_of(user=request.user),
            "alerts": selectors.latest_changes(user=request.user),
        }
    else:
        context = selectors.dashboard_context(user=request.user, person=person)
    return render(request, "members/dashboard.html", context)
