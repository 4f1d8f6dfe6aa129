"""Follow something (signed in, verified e-mail) and unsubscribe from an alert without signing in."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members import services
from members.models import Follow, FollowKind
from members.tokens import unsubscribe_payload
from members.views.accounts import safe_next
from motions.models import Paper
from sessions.models import Body, Organization, Person

TARGETS = {
    FollowKind.PAPER: Paper,
    FollowKind.ORGANIZATION: Organization,
    FollowKind.PERSON: Person,
    FollowKind.BODY: Body,
}


@require_POST
def follow(request):
    back = safe_next(request, "members:account")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    kind = request.POST.get("kind", "")
    target = None
    if kind in TARGETS:
        pk = request.POST.get("pk", "")
        target = TARGETS[kind].objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    elif kind != FollowKind.SEARCH:
        messages.error(request, _("Unbekannte Art des Abos."))
        return redirect(back)
    try:
        created = services.follow_create(user=request.user, kind=kind, target=target, query=request.POST.get("q", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sie folgen jetzt: %(what)s") % {"what": created.target_label})
    return redirect(back)


@csrf_exempt  # the signed token is the authorisation; mail clients post here (RFC 8058 one-click)
def unsubscribe(request, token):
    """GET shows one button, POST ends the follow (or every follow). No login needed."""
    data = unsubscribe_payload(token)
    user = get_user_model().objects.filter(pk=data["u"]).first() if data else None
    if user is None:
        return render(request, "members/unsubscribe.html", {"valid": False}, status=400)
    follows = Follow.objects.filter(user=user)
    if data.get("f") is not None:
        follows = follows.filter(pk=data["f"])
    what = [str(f) for f in follows]
    if request.method == "POST":
        for item in follows:
            services.follow_delete(follow=item)
        return render(request, "members/unsubscribe.html", {"valid": True, "done": True, "what": what})
    return render(
        request,
        "members/unsubscribe.html",
        {"valid": True, "done": False, "what": what, "all": data.get("f") is None},
    )
