"""CSV downloads of the paper and meeting lists, with the same filters as the pages.

The rows are the list's queryset (``web.lists``), so the access policy and every filter apply
exactly as on the page. Rows stream from the database in chunks; a cell that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR at its start) is prefixed with an
apostrophe.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ris.control_chars import clean

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    text = "" if value is None else clean(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _stream(header, rows):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)  # BOM and semicolons: what German spreadsheets open
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])


def _response(filename, header, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_stream(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def papers_csv(queryset, *, base_url: str) -> StreamingHttpResponse:
    header = [_("Drucksache"), _("Art"), _("Datum"), _("Betreff"), _("Körperschaft"), _("Stand"), _("Adresse")]
    rows = (
        [
            paper.reference,
            paper.get_paper_type_display(),
            paper.date.isoformat() if paper.date else "",
            paper.name,
            paper.body.name,
            paper.get_state_display(),
            base_url + paper.get_absolute_url(),
        ]
        for paper in queryset.iterator(chunk_size=CHUNK)
    )
    return _response(f"vorlagen-{timezone.localdate().isoformat()}.csv", header, rows)


def meetings_csv(queryset, *, base_url: str) -> StreamingHttpResponse:
    header = [_("Beginn"), _("Sitzung"), _("Gremium"), _("Körperschaft"), _("Ort"), _("Status"), _("Adresse")]
    rows = (
        [
            timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
            meeting.title,
            meeting.organization.name,
            meeting.organization.body.name,
            str(meeting.location or ""),
            meeting.get_state_display(),
            base_url + meeting.get_absolute_url(),
        ]
        for meeting in queryset.iterator(chunk_size=CHUNK)
    )
    return _response(f"sitzungen-{timezone.localdate().isoformat()}.csv", header, rows)
