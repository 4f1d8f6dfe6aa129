"""The staff's meeting flows in the Wagtail admin (issue 6, flows 3 and 4).

Wired by ``proceedings.viewsets.MeetingViewSet``. Every view reads the request, calls a selector or
a service and renders; rule violations come back as ValidationError and are shown as German
messages on the same page, never as a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from proceedings import services
from proceedings.documents import minutes_draft
from proceedings.forms import ItemResultForm, meeting_factions
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
    pass


class MeetingEditView(FreigabeMessagesMixin, ExplicitSaveMixin, snippet_views.EditView):
    @property
    def header_buttons(self):
        return meeting_buttons(self.object)


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
            initial = {"result": item.result, "resolution_text": item.resolution_text}
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
                    services.agenda_item_result_record(item=form.item, user=request.user, **form.service_arguments())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    saved.append(form.item)
                    messages.success(request, gettext("Ergebnis für %(item)s gespeichert.") % {"item": label})
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
        if not self.meeting.minutes_text:
            self.meeting.minutes_text = minutes_draft(meeting=self.meeting)
        return super().get_context_data(
            meeting=self.meeting,
            minutes_files=self.meeting.files.filter(role="niederschrift", deleted=False),
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
        elif action in ("save", "publish"):
            self.run(
                services.meeting_minutes_draft,
                "",
                meeting=self.meeting,
                text=request.POST.get("minutes_text", ""),
                user=user,
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
