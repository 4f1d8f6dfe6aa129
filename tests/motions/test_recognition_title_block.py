"""The title block on the page, as a reader finds it: generated PDFs with real fonts, sizes and places.

Each test is one principle of issue 17's layout rules, on a small PDF drawn with reportlab and read
by the same ``pdf_analyse`` the ingest workers run: the largest print near the top is the title,
continuation lines of its size join it, a letterhead's sender line or an office's name never is,
a meeting document's subject names its meeting, minutes print their date as "vom 16. August 2023",
and an agenda's items stand beside "TOP: 1" while running footers are never items.
"""

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.ingestion import pdf_analyse

BODY = (
    "Die Verwaltung hat die Unterlagen geprüft und legt das Ergebnis hiermit vor. Die Beratung im "
    "Gremium ist für das kommende Quartal vorgesehen; Rückfragen beantwortet das zuständige Amt."
)


def _pdf(*pages: list[tuple]) -> bytes:
    """Pages of (text, size, left, top, bold) lines; ``top`` in points from the top of the page."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    height = A4[1]
    for lines in pages:
        for text, size, left, top, bold in lines:
            sheet.setFont("Helvetica-Bold" if bold else "Helvetica", size)
            sheet.drawString(left, height - top, text)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _body(top: float, count: int = 12) -> list[tuple]:
    words = BODY.split()
    return [(" ".join(words[i % 10 : i % 10 + 9]), 10, 70, top + 14 * i, False) for i in range(count)]


@pytest.mark.parametrize(
    "sender",
    [
        ("STADT MUSTERHAUSEN | Der Oberbürgermeister | Postfach 12 34 | 12345 Musterhausen", 9, 70, 60, False),
        ("Stadtverwaltung", 10, 70, 60, True),
    ],
    ids=["letterhead sender line", "office name"],
)
def test_a_letterhead_sender_line_or_an_office_name_is_never_the_subject(sender):
    data = _pdf(
        [
            sender,
            ("Stand: 4. März 2024", 10, 400, 90, False),
            ("Parkraumkonzept für die Innenstadt Nord", 10, 70, 130, True),
            *_body(170),
        ]
    )
    found = pdf_analyse(data).found
    assert found.value("subject") == "Parkraumkonzept für die Innenstadt Nord"


def test_a_title_over_two_lines_of_one_size_is_one_subject_and_a_byline_after_a_dash_is_not_part_of_it():
    data = _pdf(
        [
            ("Fraktion im Kreistag Musterkreis", 8, 70, 60, True),
            ("Radverkehrskonzept 2030", 20, 150, 300, False),
            ("für den Landkreis Musterkreis", 20, 130, 340, False),
            ("–", 20, 290, 380, False),
            ("Stellungnahme der Fraktionsvorsitzenden", 20, 100, 420, False),
            *_body(500),
        ]
    )
    found = pdf_analyse(data).found
    assert found.value("subject") == "Radverkehrskonzept 2030 für den Landkreis Musterkreis"


def test_the_largest_print_is_the_title_not_a_smaller_meeting_line_above_it():
    data = _pdf(
        [
            ("Sitzung des Kreistags Musterkreis am 3.5.2022:", 16, 100, 200, True),
            ("Schulentwicklungsplan der weiterführenden Schulen", 18, 80, 330, True),
            *_body(450),
        ]
    )
    found = pdf_analyse(data).found
    assert found.value("subject") == "Schulentwicklungsplan der weiterführenden Schulen"


def test_an_invitation_without_a_meeting_number_is_about_its_meeting():
    data = _pdf(
        [
            ("Einladung", 14, 70, 300, True),
            ("zur Sitzung des Umweltausschusses Nord", 11, 150, 316, True),
            ("am Dienstag, 5. März 2024, um 17:00 Uhr", 11, 170, 329, True),
            ("im Sitzungssaal des Rathauses", 11, 180, 342, True),
            *_body(400),
        ]
    )
    found = pdf_analyse(data).found
    assert found.value("subject") == "Sitzung des Umweltausschusses Nord"
    meeting = found.value("meeting")
    assert meeting["organization"] == "Umweltausschuss Nord"
    assert meeting["date"] == "2024-03-05"


def test_numbered_minutes_under_the_bodys_name_name_it_and_their_date_after_vom():
    data = _pdf(
        [
            ("Kleiner Rat", 14, 70, 56, True),
            ("Protokoll Nr. 12 vom 3. Mai 2023", 14, 70, 157, True),
            ("Vorsitz", 12, 70, 197, True),
            ("Anna Muster, Präsidentin", 12, 200, 197, False),
            ("Tagesordnung", 12, 70, 230, True),
            *_body(260),
        ]
    )
    meeting = pdf_analyse(data).found.value("meeting")
    assert meeting["role"] == "minutes"
    assert meeting["date"] == "2023-05-03"
    assert (meeting["number"], meeting["organization"]) == (12, "Kleiner Rat")
    assert pdf_analyse(data).found.value("subject") == "Protokoll Nr. 12 des Kleinen Rats vom 3. Mai 2023"


FOOTER = [
    ("Die Sitzungen des Rates finden jeweils im", 7, 70, 770, False),
    ("2. OG des Rathauses, Marktplatz 1, statt.", 7, 70, 778, False),
]


def test_an_agenda_with_top_numbers_alone_and_a_running_footer():
    data = _pdf(
        [
            ("Einladung", 14, 70, 300, True),
            ("zur Sitzung des Bauausschusses", 11, 150, 316, True),
            ("am Montag, 4. März 2024, um 16:00 Uhr", 11, 170, 329, True),
            ("Tagesordnung", 12, 250, 380, False),
            ("TOP: 1", 11, 70, 420, False),
            ("Neubau der Grundschule Süd", 11, 140, 432, True),
            ("TOP: 2", 11, 70, 480, False),
            ("Dezernat II", 11, 140, 480, False),
            ("Sanierung der Brücke über den Mühlbach und", 11, 140, 492, True),
            ("Sperrung der Uferstraße", 11, 140, 504, True),
            ("Beschlussvorlage V017/2024", 11, 140, 516, False),
            *FOOTER,
        ],
        [
            ("TOP: 3", 11, 70, 100, False),
            ("Anfragen und Mitteilungen", 11, 140, 100, True),
            *FOOTER,
        ],
    )
    agenda = pdf_analyse(data).found.value("meeting")["agenda"]
    assert agenda == [
        {"number": "1", "title": "Neubau der Grundschule Süd"},
        {"number": "2", "title": "Sanierung der Brücke über den Mühlbach und Sperrung der Uferstraße"},
        {"number": "3", "title": "Anfragen und Mitteilungen"},
    ]
