"""The account holder's rights on the public site: download everything held on the account, and
delete the account (with its password as confirmation)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from privacy.subject_rights import account_delete, account_export, as_json, export_filename


@login_required
def account_data(request):
    response = HttpResponse(as_json(account_export(user=request.user)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{export_filename("meine-daten")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_remove(request):
    error = ""
    if request.method == "POST":
        if not request.user.check_password(request.POST.get("password", "")):
            error = _("Das Passwort stimmt nicht.")
        else:
            try:
                account_delete(user=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                logout(request)
                messages.success(request, _("Ihr Konto und alle Abos, Benachrichtigungen und Suchen sind gelöscht."))
                return redirect("web:home")
    return render(request, "privacy/account_delete.html", {"error": error}, status=400 if error else 200)
