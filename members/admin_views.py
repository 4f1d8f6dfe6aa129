"""Member invitations inside the admin (issue 20): "Mitglied einladen" is staff work, so it is an
admin page in the admin's layout (wired in ``members/wagtail_hooks.py``); the old address
``/konto/einladen/`` forwards to it."""

from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from members import services
from members.forms import InviteForm
from ris import access
from sessions.models import Person


class InviteView(WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Mitglied einladen")
    header_icon = "mail"
    template_name = "members/admin/invite.html"
    form_class = InviteForm

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or access.staff_body_ids(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        """Only persons of the user's bodies who have no account yet or have not accepted."""
        not_accepted = Q(account__user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        persons = (
            Person.objects.alive()
            .filter(Q(account__isnull=True) | not_accepted)
            .select_related("body")
            .order_by("name")
        )
        if not self.request.user.is_superuser:
            persons = persons.filter(body_id__in=access.staff_body_ids(self.request.user))
        return {**super().get_form_kwargs(), "persons": persons}

    def form_valid(self, form):
        person, email = form.cleaned_data["person"], form.cleaned_data["email"]
        try:
            services.member_invite(invited_by=self.request.user, person=person, email=email)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Einladung an %(email)s verschickt.") % {"email": email})
        return redirect(reverse("members_invite"))
