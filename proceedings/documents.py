"""The documents generated from a meeting's records: the invitation (Einladung, and its Nachtrag or
geänderte Einladung) and the minutes (Niederschrift), as a Geschäftsordnung asks for them.

Each is rendered twice: the public version shows the non-public part (N) by number only; the
members' version shows it in full. Who gets which is the access policy's decision
(``proceedings.services`` stores the members' version as a file of a non-public agenda item).
Letterhead, signatories and text templates come from the body's ``MeetingSettings``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from proceedings.models import DocumentKind, MeetingSettings
from proceedings.selectors import agenda_items
from ris.pdf_render import clean_text, document, render_text_pdf
from sessions.models import Attendance, Meeting, Membership

# The line of the minutes' text below which everything is non-public (members' version only).
NONPUBLIC_MARK = "Nichtöffentlicher Teil"


def meeting_settings(body) -> MeetingSettings:
    """The body's settings, or unsaved defaults when staff have not set any."""
    found = MeetingSettings.objects.filter(body=body).first()
    return found or MeetingSettings(body=body)


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    return _("%(day)s, %(time)s Uhr") % {"day": date_format(start, "l, d.m.Y"), "time": date_format(start, "H:i")}


def _day(value) -> str:
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "d.m.Y")


def _time(value) -> str:
    return date_format(timezone.localtime(value), "H:i")


def meeting_chair(meeting: Meeting) -> str:
    """The meeting's chair as entered, else the organization's member with a "Vorsitz" role."""
    if meeting.chair:
        return meeting.chair
    day = timezone.localtime(meeting.start).date()
    chair = (
        Membership.objects.filter(organization_id=meeting.organization_id, deleted=False, role__icontains="vorsitz")
        .exclude(role__icontains="stellv")
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person")
        .first()
    )
    return chair.person.name if chair else ""


def _fill(template: str, meeting: Meeting) -> str:
    """A settings text with its placeholders filled; an unknown placeholder stays as written."""
    values = {
        "gremium": meeting.organization.name,
        "datum": _day(meeting.start),
        "uhrzeit": _time(meeting.start),
        "ort": str(meeting.location or ""),
    }
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}" color="blue">{escape(text)}</a>'


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(clean_text(text)).replace("\n", "<br/>"), style)


def _letterhead(conf: MeetingSettings, meeting: Meeting, day: str, styles) -> list:
    """Name and address on the left, the coat of arms on the right, the document's date below."""
    name = conf.letterhead_name or meeting.organization.body.name
    left = [_para(name, styles["Heading2"])]
    if conf.letterhead_address:
        left.append(_para(conf.letterhead_address, styles["BodyText"]))
    right = ""
    if conf.letterhead_logo:
        try:
            with conf.letterhead_logo.open("rb") as handle:
                data = io.BytesIO(handle.read())
            right = Image(data, width=2.2 * cm, height=2.2 * cm, kind="proportional")
        except (OSError, ValueError):
            right = ""  # a missing or unreadable logo must not stop the invitation
    table = Table([[left, right]], colWidths=[13 * cm, 3.5 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    return [table, Paragraph(escape(_("Datum: %(day)s") % {"day": day}), styles["BodyText"]), Spacer(1, 0.4 * cm)]


def _signatures(pairs: list[tuple[str, str]], styles) -> list:
    """One column per signatory: a line, the name, the function."""
    cells = [[_para(f"\n\n______________________\n{name}\n{function}", styles["BodyText"]) for name, function in pairs]]
    table = Table(cells, colWidths=[16.5 * cm / max(len(pairs), 1)] * len(pairs))
    return [Spacer(1, 0.6 * cm), KeepTogether([table])]


def _item_documents(item, members: bool) -> list:
    """The documents of an agenda item: its own files and its paper's (public ones only for the public)."""
    files = list(item.files.filter(deleted=False).exclude(role__in=["einladung", "niederschrift"]))
    if item.paper is not None:
        files += list(item.paper.files.filter(deleted=False))
    if not members:
        files = [f for f in files if item.public and (f.paper is None or (f.paper.public and f.paper.live))]
    return files


@dataclass
class InvitationVersionInfo:
    """What a Nachtrag or geänderte Einladung says beyond the agenda."""

    kind: str = DocumentKind.INVITATION
    number: int = 1
    changes: list = field(default_factory=list)
    reason: str = ""
    first_day: str = ""


INVITATION_TITLES = {
    DocumentKind.INVITATION: gettext_lazy("Einladung"),
    DocumentKind.SUPPLEMENT: gettext_lazy("Nachtrag zur Einladung"),
    DocumentKind.AMENDED: gettext_lazy("Geänderte Einladung"),
}


def render_invitation_pdf(
    *, meeting: Meeting, members: bool = False, info: InvitationVersionInfo | None = None
) -> bytes:
    """The invitation: letterhead, date, time, place, organization, chair, agenda with its documents
    (the non-public part in full only in the members' version), signature."""
    info = info or InvitationVersionInfo()
    conf = meeting_settings(meeting.organization.body)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    title = str(INVITATION_TITLES[info.kind])
    doc = document(buffer, title=f"{title}: {meeting}", author=meeting.organization.body.name)
    story = _letterhead(conf, meeting, _day(timezone.now()), styles)
    story += [Paragraph(escape(title), styles["Title"])]
    if members:
        story.append(Paragraph(escape(_("Fassung für die Mitglieder (mit nichtöffentlichem Teil)")), styles["Italic"]))
    story.append(Paragraph(escape(str(meeting)), styles["Heading2"]))
    start = timezone.localtime(meeting.start)
    chair = meeting_chair(meeting)
    facts = [
        (_("Gremium"), meeting.organization.name),
        (_("Datum"), date_format(start, "l, d.m.Y")),
        (_("Uhrzeit"), _("%(time)s Uhr") % {"time": date_format(start, "H:i")}),
        (_("Ort"), str(meeting.location or _("wird noch bekannt gegeben"))),
        (_("Vorsitz"), chair or "–"),
    ]
    story += [_para(f"{label}: {value}", styles["BodyText"]) for label, value in facts]
    url = settings.SITE_URL + meeting.get_absolute_url()
    story.append(Paragraph(escape(_("Sitzung im Ratsinformationssystem: ")) + _link(url, url), styles["BodyText"]))
    if info.kind != DocumentKind.INVITATION:
        story += [Spacer(1, 0.3 * cm)]
        story.append(
            _para(_("Änderungen gegenüber der Einladung vom %(day)s:") % {"day": info.first_day}, styles["Heading3"])
        )
        for change in info.changes:
            story.append(_para("– " + (change["members_text"] if members else change["text"]), styles["BodyText"]))
    if info.reason:
        story.append(
            _para(_("Verkürzte Ladungsfrist, Begründung: %(reason)s") % {"reason": info.reason}, styles["BodyText"])
        )
    if conf.invitation_intro:
        story += [Spacer(1, 0.3 * cm), _para(_fill(conf.invitation_intro, meeting), styles["BodyText"])]
    items = agenda_items(meeting=meeting)
    for public, heading in ((True, _("Öffentlicher Teil")), (False, _("Nichtöffentlicher Teil"))):
        part = [item for item in items if item.public == public]
        if not part:
            continue
        story += [Spacer(1, 0.4 * cm), Paragraph(escape(heading), styles["Heading3"])]
        for item in part:
            if not public and not members:
                story.append(
                    Paragraph(
                        escape(f"{item.number} – ") + escape(_("nichtöffentlicher Tagesordnungspunkt")),
                        styles["BodyText"],
                    )
                )
                continue
            line = escape(clean_text(f"{item.number} {item.name}"))
            if item.paper is not None and item.paper.reference:
                if item.paper.live and item.paper.public:
                    url = settings.SITE_URL + item.paper.get_absolute_url()
                    line += " (" + _link(url, item.paper.reference) + ")"
                else:
                    line += escape(f" ({item.paper.reference})")
            story.append(Paragraph(line, styles["BodyText"]))
            for file in _item_documents(item, members):
                story.append(
                    Paragraph(
                        "&nbsp;&nbsp;&nbsp;"
                        + escape(_("Unterlage: "))
                        + _link(settings.SITE_URL + file.get_absolute_url(), clean_text(file.name)),
                        styles["BodyText"],
                    )
                )
    if conf.invitation_closing:
        story += [Spacer(1, 0.3 * cm), _para(_fill(conf.invitation_closing, meeting), styles["BodyText"])]
    signatory = conf.invitation_signatory or chair or "–"
    story += _signatures([(signatory, conf.invitation_signatory_function or _("Vorsitzende/r"))], styles)
    doc.build(story)
    return buffer.getvalue()


# --- Minutes -----------------------------------------------------------------------------------------


def minutes_draft(*, meeting: Meeting) -> str:
    """Plain text of the minutes from what was recorded; staff edit it before it is published.

    Everything below the line ``NONPUBLIC_MARK`` is the non-public part: it appears only in the
    members' version of the PDF.
    """
    conf = meeting_settings(meeting.organization.body)
    lines = [
        _("Niederschrift über die %(meeting)s") % {"meeting": meeting},
        _("Beginn: %(when)s") % {"when": _when(meeting)},
    ]
    if meeting.end:
        lines.append(_("Ende: %(time)s Uhr") % {"time": _time(meeting.end)})
    else:
        lines.append(_("Ende: ___ Uhr"))
    lines.append(_("Ort: %(place)s") % {"place": meeting.location or "–"})
    lines.append(_("Vorsitz: %(name)s") % {"name": meeting_chair(meeting) or "–"})
    lines.append(_("Schriftführung: %(name)s") % {"name": meeting.recorder or "–"})
    attendance = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__family_name", "person__name")
    )
    for status, label in Attendance.Status.choices:
        names = [a.person.name for a in attendance if a.status == status]
        if names:
            lines.append(f"{capfirst(label)}: {', '.join(names)}")
    guests = [g.strip() for g in meeting.guests.splitlines() if g.strip()]
    if guests:
        lines.append(_("Gäste: %(names)s") % {"names": ", ".join(guests)})
    if conf.minutes_intro:
        lines += ["", _fill(conf.minutes_intro, meeting)]
    items = agenda_items(meeting=meeting)
    for public in (True, False):
        part = [item for item in items if item.public == public]
        if not public and part:
            lines += ["", NONPUBLIC_MARK]
        for item in part:
            lines.append("")
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
            statements = list(item.record_statements.all())
            if not statements:
                lines.append(_("Erklärungen zu Protokoll: keine"))
            for statement in statements:
                lines.append(
                    _("Erklärung zu Protokoll von %(name)s: %(text)s")
                    % {"name": statement.speaker, "text": " ".join(statement.text.split())}
                )
    return "\n".join(lines)


def minutes_public_text(*, meeting: Meeting, text: str) -> str | None:
    """The minutes' text without the non-public part: everything above ``NONPUBLIC_MARK``, then
    the non-public items by number only. None when the meeting has a non-public part but the
    text lost its mark (publishing is then refused: nothing non-public may slip through)."""
    nonpublic = [item for item in agenda_items(meeting=meeting) if not item.public]
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == NONPUBLIC_MARK]
    if not nonpublic:
        return text if not marks else "\n".join(lines[: marks[0]])
    if not marks:
        return None
    public = lines[: marks[0]] + ["", NONPUBLIC_MARK, ""]
    public += [f"{item.number} – " + _("nichtöffentlich beraten") for item in nonpublic]
    return "\n".join(public)


def render_minutes_pdf(
    *, meeting: Meeting, text: str, members: bool = False, corrected_at=None, correction_note: str = ""
) -> bytes:
    """The Niederschrift: letterhead, the (edited) text, the closing text, the signature block of
    chair and Schriftführung; a corrected version says "Berichtigt am …"."""
    conf = meeting_settings(meeting.organization.body)
    styles = getSampleStyleSheet()
    head = []
    if members:
        head.append(_("Fassung für die Mitglieder (mit nichtöffentlichem Teil)"))
    if corrected_at is not None:
        head.append(
            _("Berichtigt am %(day)s") % {"day": _day(corrected_at)}
            + (f": {correction_note}" if correction_note else "")
        )
    closing = _fill(conf.minutes_closing, meeting) if conf.minutes_closing else ""
    signatures = [
        (meeting_chair(meeting) or "–", conf.minutes_chair_function or _("Vorsitzende/r")),
        (meeting.recorder or "–", conf.minutes_recorder_function or _("Schriftführer/in")),
    ]
    return render_text_pdf(
        title=_("Niederschrift: %(meeting)s") % {"meeting": meeting},
        text="\n\n".join(filter(None, ["\n".join(head), text, closing])),
        author=meeting.organization.body.name,
        before=_letterhead(conf, meeting, _day(timezone.now()), styles),
        after=_signatures(signatures, styles),
    )
