"""The documents generated from a meeting's records: the invitation (Einladung) with its agenda,
and the minutes (Niederschrift) drafted from the recorded attendance, results and votes.

Both PDFs are public exactly when their meeting is (``ris.access.file_q``), so the non-public
part (N) appears by number only; its content stays in the admin.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer

from proceedings.selectors import agenda_items
from ris.pdf_render import document, render_text_pdf
from sessions.models import Attendance, Meeting


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    return _("%(day)s, %(time)s Uhr") % {"day": date_format(start, "l, d.m.Y"), "time": date_format(start, "H:i")}


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}" color="blue">{escape(text)}</a>'


def render_invitation_pdf(*, meeting: Meeting) -> bytes:
    """The invitation: date, place and the agenda, each paper linked to its public page."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = document(
        buffer, title=_("Einladung: %(meeting)s") % {"meeting": meeting}, author=meeting.organization.body.name
    )
    story = [
        Paragraph(escape(_("Einladung")), styles["Title"]),
        Paragraph(escape(str(meeting)), styles["Heading2"]),
        Paragraph(escape(_("Termin: %(when)s") % {"when": _when(meeting)}), styles["BodyText"]),
    ]
    if meeting.location:
        story.append(Paragraph(escape(_("Ort: %(place)s") % {"place": meeting.location}), styles["BodyText"]))
    story.append(
        Paragraph(
            escape(_("Sitzung im Ratsinformationssystem: "))
            + _link(settings.SITE_URL + meeting.get_absolute_url(), settings.SITE_URL + meeting.get_absolute_url()),
            styles["BodyText"],
        )
    )
    items = agenda_items(meeting=meeting)
    for public, heading in ((True, _("Öffentlicher Teil")), (False, _("Nichtöffentlicher Teil"))):
        part = [item for item in items if item.public == public]
        if not part:
            continue
        story += [Spacer(1, 0.4 * cm), Paragraph(escape(heading), styles["Heading3"])]
        for item in part:
            if not public:
                line = escape(f"{item.number} – ") + escape(_("nichtöffentlicher Tagesordnungspunkt"))
            else:
                line = escape(f"{item.number} {item.name}")
                if item.paper is not None and item.paper.live:
                    url = settings.SITE_URL + item.paper.get_absolute_url()
                    line += " (" + _link(url, item.paper.reference or _("Vorlage")) + ")"
            story.append(Paragraph(line, styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()


def minutes_draft(*, meeting: Meeting) -> str:
    """Plain text of the minutes from what was recorded; staff edit it before it is published."""
    lines = [
        _("Niederschrift über die %(meeting)s") % {"meeting": meeting},
        _("Beginn: %(when)s") % {"when": _when(meeting)},
    ]
    if meeting.location:
        lines.append(_("Ort: %(place)s") % {"place": meeting.location})
    attendance = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__family_name", "person__name")
    )
    for status, label in Attendance.Status.choices:
        names = [a.person.name for a in attendance if a.status == status]
        if names:
            lines.append(f"{capfirst(label)}: {', '.join(names)}")
    for item in agenda_items(meeting=meeting):
        lines.append("")
        if not item.public:
            lines.append(f"{item.number} – " + _("nichtöffentlich beraten"))
            continue
        title = f"{item.number} {item.name}"
        if item.paper is not None and item.paper.reference:
            title += f" ({item.paper.reference})"
        lines.append(title)
        if item.result:
            lines.append(_("Ergebnis: %(result)s") % {"result": item.get_result_display()})
        for vote in item.votes.all():
            prefix = f"{vote.subject}: " if vote.subject else ""
            lines.append(_("Abstimmung: %(vote)s") % {"vote": prefix + str(vote)})
        if item.resolution_text:
            lines.append(_("Beschluss: %(text)s") % {"text": item.resolution_text})
    return "\n".join(lines)


def render_minutes_pdf(*, meeting: Meeting, text: str) -> bytes:
    return render_text_pdf(
        title=_("Niederschrift: %(meeting)s") % {"meeting": meeting},
        text=text,
        author=meeting.organization.body.name,
    )
