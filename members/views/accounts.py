"""Sign-up, e-mail verification, invitation, login, password reset with their limits, and the account page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import ratelimit, selectors, services
from members.forms import DeliveryForm, RegistrationForm
from members.tokens import verification_token_generator
from ris.client_address import client_address

REGISTER_LIMIT = 5  # sign-ups per address and hour
RESET_PER_ADDRESS = 10  # reset requests per client address and hour
RESET_PER_MAIL = 3  # reset mails per e-mail address and hour


class LoginView(auth_views.LoginView):
    """Failed logins are limited by django-axes (ris/login_limits.py), as on the admin login."""

    template_name = "members/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails are limited per client address (answered with 429) and per e-mail address
    (answered like any other request, so nobody learns whether the limit or the address exists)."""

    template_name = "members/password_reset_form.html"
    email_template_name = "members/email/password_reset.txt"
    html_email_template_name = "members/email/password_reset.html"
    subject_template_name = "members/email/password_reset_subject.txt"
    success_url = reverse_lazy("members:password_reset_done")
    extra_email_context = {"site_url": settings.SITE_URL, "site_name": settings.WAGTAIL_SITE_NAME}

    def post(self, request, *args, **kwargs):
        key = f"reset:addr:{client_address(request)}"
        if ratelimit.limit_reached(key, limit=RESET_PER_ADDRESS, window_seconds=3600):
            context = self.get_context_data(form=self.get_form_class()(), rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        ratelimit.limit_hit(f"reset:addr:{client_address(self.request)}")
        key = f"reset:mail:{form.cleaned_data['email'].strip().lower()}"
        if ratelimit.limit_reached(key, limit=RESET_PER_MAIL, window_seconds=3600):
            return redirect(self.get_success_url())
        ratelimit.limit_hit(key)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the member sets a password and is signed in."""

    template_name = "members/invitation.html"
    reset_url_token = "passwort-setzen"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("members:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.invitation_accept(user=form.user)
        messages.success(self.request, _("Willkommen! Ihr Passwort ist gesetzt, Sie sind angemeldet."))
        return response


def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        key = f"register:{client_address(request)}"
        if ratelimit.limit_reached(key, limit=REGISTER_LIMIT, window_seconds=3600):
            return render(request, "members/register.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            ratelimit.limit_hit(key)
            try:
                services.account_register(email=form.cleaned_data["email"], password=form.cleaned_data["password1"])
            except ValidationError:
                pass  # the same answer as for a new address: nobody learns who has an account
            return redirect("members:register_done")
    return render(request, "members/register.html", {"form": form})


def register_done(request):
    return render(request, "members/register_done.html")


def verify(request, uidb64, token):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not verification_token_generator.check_token(user, token):
        return render(request, "members/verify.html", {"valid": False}, status=400)
    services.account_verify(user=user)
    return render(request, "members/verify.html", {"valid": True})


@login_required
def account(request):
    acc = services.account_for(request.user)
    form = DeliveryForm(request.POST or None, initial={"delivery": acc.delivery})
    if request.method == "POST" and form.is_valid():
        services.account_set_delivery(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, _("Gespeichert."))
        return redirect("members:account")
    context = {"account": acc, "form": form, "follows": selectors.follows_of(user=request.user)}
    return render(request, "members/account.html", context)


@require_POST
@login_required
def request_verification(request):
    if services.account_request_verification(user=request.user):
        messages.success(
            request, _("Wir haben Ihnen einen Bestätigungslink an %(email)s geschickt.") % {"email": request.user.email}
        )
    return redirect("members:account")


def invite(request):
    """The invitation moved into the admin (members/admin_views.py); old links and bookmarks follow."""
    return redirect(reverse("members_invite"))


@require_POST
@login_required
def delete_follow(request, pk):
    follow = request.user.follows.filter(pk=pk).first()
    if follow is not None:
        services.follow_delete(follow=follow)
        messages.success(request, _("Abo beendet: %(what)s") % {"what": follow})
    return redirect(safe_next(request, "members:account"))


def safe_next(request, fallback: str) -> str:
    """The ``next`` form field when it points into this site, else the named fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(fallback)
