"""The staff's meeting flows in the Wagtail admin (issue 6, flows 3 and 4).

Wired by ``proceedings.viewsets.MeetingViewSet``. Every view reads the request, calls a selector or
a service and renders; rule violations come back as ValidationError and are shown as German
messages on the same page, never as a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from proceedings import services
from proceedings.documents import (
    InvitationVersionInfo,
    minutes_draft,
    minutes_public_text,
    render_invitation_pdf,
    render_minutes_pdf,
)
from proceedings.forms import ItemResultForm, meeting_factions
from proceedings.invitation_auto import invitation_auto_status
from proceedings.selectors import agenda_consultations, agenda_items, agenda_proposals, meeting_roll
from ris.admin_scope import ExplicitSaveMixin, StaffRecordMixin
from ris.admin_wording import FreigabeMessagesMixin
from sessions.models import AgendaItem, Attendance, Meeting, MeetingState


def meeting_buttons(meeting: Meeting) -> list:
    return [
        HeaderButton(
            _("Tagesordnung"),
            url=reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[meeting.pk]),
            icon_name="list-ol",
        ),
        HeaderButton(
            _("Einladung"),
            url=reverse("wagtailsnippets_council_sessions_meeting:invitation", args=[meeting.pk]),
            icon_name="mail",
        ),
        HeaderButton(
            _("Ergebnisse"),
            url=reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk]),
            icon_name="tasks",
        ),
        HeaderButton(
            _("Niederschrift"),
            url=reverse("wagtailsnippets_council_sessions_meeting:minutes", args=[meeting.pk]),
            icon_name="doc-full",
        ),
    ]


class MeetingCreateView(FreigabeMessagesMixin, ExplicitSaveMixin, snippet_views.CreateView):
    def get_initial_form_instance(self):
        """A new meeting starts at the body's usual place and time, on the first day the
        Ladungsfrist allows when invited today (when the user's bodies have one setting)."""
        from proceedings.selectors import meeting_defaults

        instance = super().get_initial_form_instance() or Meeting()
        location, start = meeting_defaults(user=self.request.user)
        instance.location = location
        if start is not None:
            instance.start = start
        return instance


class MeetingEditView(FreigabeMessagesMixin, ExplicitSaveMixin, snippet_views.EditView):
    @property
    def header_buttons(self):
        return meeting_buttons(self.object)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        pending = services.invitation_pending(meeting=self.object)
        if pending is not None and pending[1]:
            # Date, place or agenda changed after the invitation: say so where staff changed it.
            messages.warning(
                request,
                gettext("Seit der Einladung geändert (%(changes)s). Bitte unter „Einladung“ %(what)s veröffentlichen.")
                % {
                    "changes": "; ".join(c["members_text"] for c in pending[1]),
                    "what": gettext("den Nachtrag") if pending[0] == "nachtrag" else gettext("die geänderte Einladung"),
                },
            )
            auto = invitation_auto_status(meeting=self.object)
            if auto is not None:  # whether it goes out by itself, and if not, why
                (messages.info if auto["state"] == "waiting" else messages.warning)(request, auto["text"])
        return response


class MeetingDeleteView(snippet_views.DeleteView):
    """Deleting keeps the meeting as deleted (OParl deleted=true) and its history."""

    def delete_action(self):
        from motions.services import record_soft_delete

        record_soft_delete(obj=self.object, user=self.request.user)


class MeetingRecordView(StaffRecordMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Meeting
    permission = "council_sessions.change_meeting"
    header_icon = "calendar"

    @staticmethod
    def body_id_of(obj):
        return obj.organization.body_id

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.meeting = self.get_record()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.meeting)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_council_sessions_meeting:list"), "label": _("Sitzungen")},
            {
                "url": reverse("wagtailsnippets_council_sessions_meeting:edit", args=[self.meeting.pk]),
                "label": str(self.meeting),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_header_buttons(self):
        return meeting_buttons(self.meeting)

    def run(self, service, success: str, **kwargs) -> bool:
        """Call a service; show its German error message instead of failing."""
        try:
            service(**kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return False
        if success:
            messages.success(self.request, success)
        return True

    def back(self):
        return redirect(self.request.path)


# Items without a paper that most agendas have; offered as one-click choices beside a free title.
QUICK_TOPICS = {
    "mitteilungen": _("Mitteilungen"),
    "anfragen": _("Anfragen"),
    "verschiedenes": _("Verschiedenes"),
}


class AgendaBuilderView(MeetingRecordView):
    """Tagesordnung: proposals from the Beratungsfolge, order, Ö/N parts, numbering, invitation."""

    page_title = _("Tagesordnung")
    template_name = "wagtailadmin/ris/agenda_builder.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            items=agenda_items(meeting=self.meeting),
            proposals=agenda_proposals(meeting=self.meeting),
            invitations=self.meeting.files.filter(role="einladung", deleted=False),
            quick_topics=QUICK_TOPICS,
            **kwargs,
        )

    def _item(self):
        """The posted item of this meeting; an id of another meeting (or body) is a 404, and nothing changes."""
        raw = self.request.POST.get("item", "")
        item = AgendaItem.objects.filter(meeting=self.meeting, pk=raw, deleted=False).first() if raw.isdigit() else None
        if item is None:
            from ris.admin_scope import log_refused

            log_refused(self.request)
            raise Http404
        return item

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        user = request.user
        if action == "add":
            ids = request.POST.getlist("consultation")
            for consultation in (
                agenda_consultations(meeting=self.meeting, user=user, ids=ids)
                .select_related("paper")
                .order_by("paper__amends_id", "pk")
            ):
                self.run(
                    services.agenda_item_add_consultation,
                    "",
                    meeting=self.meeting,
                    consultation=consultation,
                    user=user,
                )
        elif action == "topic" or action in QUICK_TOPICS:
            name = str(QUICK_TOPICS[action]) if action in QUICK_TOPICS else request.POST.get("name", "")
            self.run(
                services.agenda_item_add_topic,
                gettext("„%(name)s“ wurde auf die Tagesordnung gesetzt.") % {"name": name.strip()},
                meeting=self.meeting,
                name=name,
                public=request.POST.get("public") == "1",
                user=user,
            )
        elif action in ("up", "down"):
            self.run(services.agenda_item_move, "", item=self._item(), offset=-1 if action == "up" else 1, user=user)
        elif action in ("public", "nonpublic"):
            self.run(services.agenda_item_set_public, "", item=self._item(), public=action == "public", user=user)
        elif action == "rename":
            item = self._item()
            self.run(
                services.agenda_item_rename,
                gettext("%(number)s heißt jetzt „%(name)s“.")
                % {"number": item.number, "name": request.POST.get("name", "").strip()},
                item=item,
                name=request.POST.get("name", ""),
                user=user,
            )
        elif action == "remove":
            item = self._item()
            self.run(
                services.agenda_item_remove,
                gettext("%(number)s „%(name)s“ wurde von der Tagesordnung genommen.")
                % {"number": item.number, "name": item.name},
                item=item,
                user=user,
            )
        elif action == "renumber":
            self.run(
                services.agenda_renumber,
                gettext("Die Tagesordnung wurde neu nummeriert."),
                meeting=self.meeting,
                user=user,
            )
        elif action in ("cancel", "reschedule"):
            state = MeetingState.CANCELLED if action == "cancel" else MeetingState.SCHEDULED
            self.run(
                services.meeting_state_set,
                gettext("Der Status der Sitzung ist jetzt „%(state)s“.") % {"state": state.label},
                meeting=self.meeting,
                state=state,
                user=user,
            )
        elif action == "invite":
            self.run(
                services.meeting_invite,
                gettext("Die Einladung wurde erzeugt und die Sitzung veröffentlicht."),
                meeting=self.meeting,
                user=user,
            )
        return self.back()


class ResultsView(MeetingRecordView):
    """Ergebnisse: attendance, then per item the result and the vote in one quick form."""

    page_title = _("Ergebnisse")
    template_name = "wagtailadmin/ris/results.html"

    def forms(self, data=None):
        """One form per agenda item; an item whose fields are in ``data`` gets a bound form."""
        items = agenda_items(meeting=self.meeting)
        factions = meeting_factions(self.meeting)
        roll = meeting_roll(meeting=self.meeting)
        present = [p for p in roll if p.attendance and p.attendance.status == Attendance.Status.PRESENT]
        result_forms = []
        for item in items:
            vote = next(iter(item.votes.all()), None)
            initial = {
                "result": item.result,
                "resolution_text": item.resolution_text,
                "statements": services.statements_text(item),
            }
            if vote is not None:
                initial.update(yes=vote.yes, no=vote.no, abstain=vote.abstain, unanimous=vote.unanimous)
            posted = data is not None and f"item-{item.pk}-result" in data
            form = ItemResultForm(
                data if posted else None, item=item, factions=factions, people=present, initial=initial
            )
            result_forms.append(form)
        return roll, result_forms

    def get_context_data(self, result_forms=None, **kwargs):
        roll, forms = self.forms()
        if result_forms is not None:
            forms = result_forms
        return super().get_context_data(
            meeting=self.meeting,
            roll=roll,
            result_forms=forms,
            statuses=Attendance.Status.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "attendance":
            statuses = {
                int(key.split("-", 1)[1]): value
                for key, value in request.POST.items()
                if key.startswith("attendance-") and key.split("-", 1)[1].isdigit()
            }
            self.run(
                services.meeting_attendance_record,
                gettext("Die Anwesenheit wurde gespeichert."),
                meeting=self.meeting,
                statuses=statuses,
                user=request.user,
            )
            return self.back()
        return self.save_results(request)

    def save_results(self, request):
        """The whole meeting's results in one POST: every item whose entries changed is recorded
        through the service on its own; an impossible vote stays as an error at its item with what
        was typed, and the other items are saved all the same."""
        _roll, forms = self.forms(data=request.POST)
        saved, refused = [], []
        for form in forms:
            if not form.is_bound or not form.has_changed():
                continue
            label = form.item.number or form.item.name
            if form.is_valid():
                try:
                    with transaction.atomic():
                        if form.result_changed():
                            services.agenda_item_result_record(
                                item=form.item, user=request.user, **form.service_arguments()
                            )
                        if form.statements_changed():
                            services.agenda_item_statements_set(
                                item=form.item, statements=form.cleaned_data["statements"], user=request.user
                            )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    saved.append(form.item)
                    if form.result_changed():
                        messages.success(request, gettext("Ergebnis für %(item)s gespeichert.") % {"item": label})
                    else:
                        messages.success(
                            request, gettext("Erklärungen zu Protokoll für %(item)s gespeichert.") % {"item": label}
                        )
                    continue
            refused.append(label)
        if not saved and not refused:
            messages.info(request, gettext("Keine Ergebnisse geändert."))
        if not refused:
            anchor = f"#item-{saved[0].pk}" if len(saved) == 1 else ""
            return redirect(f"{request.path}{anchor}")
        messages.error(
            request,
            gettext("Nicht gespeichert: %(items)s; bitte die markierten Angaben prüfen.")
            % {"items": ", ".join(str(label) for label in refused)},
        )
        return self.render_to_response(self.get_context_data(result_forms=forms))


class MinutesView(MeetingRecordView):
    """Niederschrift: drafted from the results, edited here, published as PDF."""

    page_title = _("Niederschrift")
    template_name = "wagtailadmin/ris/minutes.html"

    def get_context_data(self, **kwargs):
        from proceedings.models import DocumentKind

        if not self.meeting.minutes_text:
            self.meeting.minutes_text = minutes_draft(meeting=self.meeting)
        return super().get_context_data(
            meeting=self.meeting,
            minutes_files=self.meeting.files.filter(role="niederschrift", deleted=False),
            versions=self.meeting.document_versions.filter(
                kind__in=[DocumentKind.MINUTES, DocumentKind.MINUTES_CORRECTED]
            ).select_related("file", "members_file"),
            preview_url=reverse(
                "wagtailsnippets_council_sessions_meeting:document_preview", args=[self.meeting.pk, "niederschrift"]
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        user = request.user
        if action == "redraft":
            self.run(
                services.meeting_minutes_draft,
                gettext("Die Niederschrift wurde neu aus den Ergebnissen erzeugt."),
                meeting=self.meeting,
                user=user,
            )
        elif action in ("save", "publish", "preview"):
            self.run(
                services.meeting_minutes_draft,
                "",
                meeting=self.meeting,
                text=request.POST.get("minutes_text", ""),
                user=user,
            )
            if action == "preview":
                return redirect(
                    reverse(
                        "wagtailsnippets_council_sessions_meeting:document_preview",
                        args=[self.meeting.pk, "niederschrift"],
                    )
                )
            if action == "publish":
                self.run(
                    services.meeting_minutes_publish,
                    gettext("Die Niederschrift wurde als PDF veröffentlicht."),
                    meeting=self.meeting,
                    user=user,
                )
            else:
                messages.success(request, gettext("Der Entwurf der Niederschrift wurde gespeichert."))
        return self.back()


class InvitationView(MeetingRecordView):
    """Einladung: what will be sent (preview of both versions), the Ladungsfrist, what changed
    since the last version, and the versions published so far."""

    page_title = _("Einladung")
    template_name = "wagtailadmin/ris/invitation.html"

    def get_context_data(self, **kwargs):
        pending = services.invitation_pending(meeting=self.meeting)
        preview = "wagtailsnippets_council_sessions_meeting:document_preview"
        kwargs.setdefault("reason", "")
        return super().get_context_data(
            meeting=self.meeting,
            versions=services.invitation_versions(meeting=self.meeting).select_related("file", "members_file"),
            pending=pending,
            auto=invitation_auto_status(meeting=self.meeting),
            shortfall=services.summons_shortfall(meeting=self.meeting),
            preview_url=reverse(preview, args=[self.meeting.pk, "einladung"]),
            members_preview_url=reverse(preview, args=[self.meeting.pk, "einladung-mitglieder"]),
            has_nonpublic=self.meeting.agenda_items.filter(public=False, deleted=False).exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        reason = request.POST.get("reason", "")
        try:
            version = services.meeting_invitation_publish(meeting=self.meeting, user=request.user, reason=reason)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(reason=reason))
        messages.success(
            request,
            gettext(
                "%(kind)s veröffentlicht; die Sitzung ist veröffentlicht, Mitglieder und Folgende werden benachrichtigt."
            )
            % {"kind": version.get_kind_display()},
        )
        return self.back()


class DocumentPreviewView(MeetingRecordView):
    """The PDF as it would be published now, rendered without storing a file."""

    DOCUMENTS = ("einladung", "einladung-mitglieder", "niederschrift", "niederschrift-mitglieder")

    def get(self, request, *args, **kwargs):
        document = kwargs["document"]
        if document not in self.DOCUMENTS:
            raise Http404
        members = document.endswith("-mitglieder")
        if document.startswith("einladung"):
            pending = services.invitation_pending(meeting=self.meeting)
            info = InvitationVersionInfo()
            if pending is not None:
                first = services.invitation_versions(meeting=self.meeting).first()
                info = InvitationVersionInfo(
                    kind=pending[0], changes=pending[1], first_day=date_format(localtime(first.created), "d.m.Y")
                )
            content = render_invitation_pdf(meeting=self.meeting, members=members, info=info)
        else:
            text = self.meeting.minutes_text or minutes_draft(meeting=self.meeting)
            if not members:
                text = minutes_public_text(meeting=self.meeting, text=text)
                if text is None:
                    messages.error(request, services.MINUTES_MARK_MISSING)
                    return redirect(reverse("wagtailsnippets_council_sessions_meeting:minutes", args=[self.meeting.pk]))
            content = render_minutes_pdf(meeting=self.meeting, text=text, members=members)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="Vorschau_{document}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
