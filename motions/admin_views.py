"""The staff's paper flows in the Wagtail admin (issue 6, flows 1, 2 and 5).

Wired by ``motions.viewsets.PaperViewSet``: the paper form proposes the reference number,
amendments and answers are created from their motion or inquiry, and "Löschen" marks a paper
deleted instead of removing it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from motions import numbering, services
from motions.models import Paper, PaperType
from ris import access
from ris.admin_scope import ExplicitSaveMixin, StaffRecordMixin
from ris.admin_wording import FreigabeMessagesMixin
from sessions.models import Body

# Choice fields whose options are records of a body: staff choose among their bodies' records.
BODY_SCOPED_CHOICES = (
    "originator_persons",
    "originator_organizations",
    "lead_unit",
    "responsible_person",
    "clerk",
    "amends",
    "answers",
    "related_papers",
)
SELF_LINK = _("Eine Vorlage kann nicht auf sich selbst verweisen.")
ORIGINATOR_OTHER_BODY = _("%(record)s gehört nicht zu %(body)s.")
CONSULTATION_OTHER_BODY = _("Das Gremium %(organization)s gehört nicht zu %(body)s.")
PROPOSAL_LABEL = _("Vorschlag: %(reference)s (leer lassen, um ihn zu übernehmen)")


def _proposal(body_id, paper_type) -> str | None:
    body = Body.objects.filter(pk=body_id).first() if body_id else None
    if body is None or not paper_type:
        return None
    return numbering.reference_preview(body=body, paper_type=paper_type)


def _organizations_of_bodies(form_class, bodies):
    """The Beratungsfolge row form, offering only the organizations of ``bodies``."""

    class ConsultationRowForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields.get("organization")
            if field is not None:
                current = self.initial.get("organization") or 0
                field.queryset = field.queryset.filter(Q(body__in=bodies, deleted=False) | Q(pk=current))

    return ConsultationRowForm


class PaperAdminForm(WagtailAdminModelForm):
    """The paper form: proposes the next reference number and keeps the Beratungsfolge in the paper's body."""

    class Media:
        js = ["motions/js/reference_preview.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            self._narrow_to_bodies(access.staff_body_ids(user))
        reference = self.fields.get("reference")
        if reference is not None and not self.instance.reference:
            body_id = self.data.get("body") or self.initial.get("body") or self.instance.body_id
            paper_type = self.data.get("paper_type") or self.initial.get("paper_type") or self.instance.paper_type
            proposal = _proposal(body_id, paper_type)
            reference.widget.attrs["data-reference-preview"] = reverse(
                "wagtailsnippets_motions_paper:reference_preview"
            )
            reference.widget.attrs["data-proposal-label"] = str(PROPOSAL_LABEL)
            if proposal:
                reference.widget.attrs["placeholder"] = PROPOSAL_LABEL % {"reference": proposal}
        if "correction_note" in self.fields and not (self.instance.pk and self.instance.live):
            # A Berichtigung corrects what the public has seen: a draft has nothing to correct yet.
            del self.fields["correction_note"]

    def _narrow_to_bodies(self, bodies):
        """Offer only the user's bodies and their records (what the paper already links stays
        choosable, so an old cross-body link does not block saving)."""
        if "body" in self.fields:
            self.fields["body"].queryset = Body.objects.alive().filter(pk__in=bodies)
        for name in BODY_SCOPED_CHOICES:
            field = self.fields.get(name)
            if field is None:
                continue
            current = self.initial.get(name)
            current = [getattr(c, "pk", c) for c in current] if isinstance(current, list | tuple) else [current]
            allowed = Q(body__in=bodies, deleted=False) | Q(pk__in=[pk for pk in current if pk])
            field.queryset = field.queryset.filter(allowed)
        formset = getattr(self, "formsets", {}).get("consultations")
        if formset is not None:  # its forms are built lazily, the empty row's template on each access
            formset.form = _organizations_of_bodies(formset.form, bodies)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            for name in ("amends", "answers"):
                if getattr(cleaned.get(name), "pk", None) == self.instance.pk:
                    self.add_error(name, SELF_LINK)
            if any(paper.pk == self.instance.pk for paper in cleaned.get("related_papers") or ()):
                self.add_error("related_papers", SELF_LINK)
        body = cleaned.get("body")
        for name in ("originator_persons", "originator_organizations"):
            linked = set(getattr(self.instance, name).values_list("pk", flat=True)) if self.instance.pk else set()
            for record in cleaned.get(name) or ():
                if body is not None and record.body_id != body.pk and record.pk not in linked:
                    self.add_error(name, ORIGINATOR_OTHER_BODY % {"record": record, "body": body})
        for name in ("lead_unit", "responsible_person", "clerk"):
            record = cleaned.get(name)
            if body is None or record is None or record.body_id == body.pk:
                continue
            if record.pk != getattr(self.instance, f"{name}_id", None):
                self.add_error(name, ORIGINATOR_OTHER_BODY % {"record": record, "body": body})
        return cleaned

    def is_valid(self):
        # The inline Beratungsfolge is validated after the paper's own clean(); check it here.
        if not super().is_valid():
            return False
        body = self.cleaned_data.get("body")
        formset = getattr(self, "formsets", {}).get("consultations")
        valid = True
        for form in formset.forms if formset is not None and body is not None else []:
            organization = form.cleaned_data.get("organization")
            if organization is None or form.cleaned_data.get("DELETE") or organization.body_id == body.pk:
                continue
            message = CONSULTATION_OTHER_BODY % {"organization": organization, "body": body}
            form.add_error("organization", message)
            self.add_error(None, message)
            valid = False
        return valid


def reference_preview_view(request):
    """JSON for the form's script: the number the next paper of this body and type would get."""
    body_id = request.GET.get("body") or None
    if body_id and not str(body_id).isdigit():
        body_id = None
    if body_id and not access.is_staff_of(request.user, int(body_id)):
        body_id = None
    proposal = _proposal(body_id, request.GET.get("paper_type"))
    label = PROPOSAL_LABEL % {"reference": proposal} if proposal else ""
    return JsonResponse({"reference": proposal or "", "label": str(label)})


class PaperCreateView(FreigabeMessagesMixin, ExplicitSaveMixin, snippet_views.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        for name in ("body", "paper_type"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        bodies = access.staff_body_ids(self.request.user)
        if "body" not in initial and len(bodies) == 1:
            initial["body"] = next(iter(bodies))
        return initial


class PaperEditView(FreigabeMessagesMixin, ExplicitSaveMixin, snippet_views.EditView):
    @property
    def header_buttons(self):
        buttons = []
        if self.object.paper_type in services.AMENDABLE_TYPES:
            buttons.append(
                HeaderButton(
                    _("Änderungsantrag anlegen"),
                    url=reverse("wagtailsnippets_motions_paper:derive", args=[self.object.pk, "aenderungsantrag"]),
                    icon_name="doc-full",
                )
            )
        if self.object.paper_type == PaperType.INQUIRY:
            buttons.append(
                HeaderButton(
                    _("Antwort anlegen"),
                    url=reverse("wagtailsnippets_motions_paper:derive", args=[self.object.pk, "antwort"]),
                    icon_name="doc-full",
                )
            )
        return buttons


class PaperDeleteView(snippet_views.DeleteView):
    """Deleting keeps the record as deleted (OParl deleted=true) and its history."""

    def delete_action(self):
        services.record_soft_delete(obj=self.object, user=self.request.user)


DERIVATIONS = {
    "aenderungsantrag": (_("Änderungsantrag anlegen"), services.paper_amendment_create, "motion"),
    "antwort": (_("Antwort anlegen"), services.paper_answer_create, "inquiry"),
}


class PaperDeriveView(StaffRecordMixin, WagtailAdminTemplateMixin, TemplateView):
    """ "Änderungsantrag anlegen" / "Antwort anlegen": a confirmation page, then the linked draft."""

    model = Paper
    permission = "motions.add_paper"
    template_name = "wagtailadmin/ris/paper_derive.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in DERIVATIONS:
            from django.http import Http404

            raise Http404
        self.label, self.service, self.argument = DERIVATIONS[kwargs["kind"]]
        self.source = None
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.label

    def get_page_subtitle(self):
        return str(self.source or "")

    def get_context_data(self, **kwargs):
        self.source = self.source or self.get_record()
        return super().get_context_data(source=self.source, label=self.label, **kwargs)

    def post(self, request, *args, **kwargs):
        self.source = self.get_record()
        try:
            created = self.service(**{self.argument: self.source, "user": request.user})
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        messages.success(request, _gettext("„%(paper)s“ wurde als Entwurf angelegt.") % {"paper": created})
        return redirect("wagtailsnippets_motions_paper:edit", created.pk)
