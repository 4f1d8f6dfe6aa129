"""Where on the page a recognised value stands, so that the review screen can mark it.

The extraction keeps the box of every line of the first pages (``PdfText.head_lines``: page,
left, top, right, bottom as shares of the page from its top left). A value is found again among
those lines: the reference and the subject by their text (a subject over several lines gets one
box around them), the date by the ways councils print it ("09.01.2020", "9. Januar 2020").
"""

from __future__ import annotations

import datetime
import re

from ingest.recognition import MONTHS

MONTH_NAMES = {number: name for name, number in MONTHS.items() if len(name) > 4 and not name.endswith(".")}
MIN_SUBJECT_PART = 12


def _plain(text: str) -> str:
    return re.sub(r"[\s\"„“”'’]+", " ", text).strip().lower()


def _date_forms(day: datetime.date) -> list[str]:
    forms = [f"{day.day:02d}.{day.month:02d}.{day.year}", f"{day.day}.{day.month}.{day.year}"]
    forms += [f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}"]
    if name := MONTH_NAMES.get(day.month):
        forms += [f"{day.day}. {name} {day.year}", f"{day.day:02d}. {name} {day.year}"]
    return [_plain(form) for form in forms]


def _box(lines: list[tuple]) -> dict:
    page = lines[0][0]
    return {
        "page": page,
        "box": [
            min(line[1] for line in lines),
            min(line[2] for line in lines),
            max(line[3] for line in lines),
            max(line[4] for line in lines),
        ],
    }


def _subject_lines(lines: list[tuple], subject: str) -> list[tuple]:
    wanted = _plain(subject)
    for index, line in enumerate(lines):
        text = _plain(line[5])
        starts = (
            wanted[:40] in text
            or (len(text) >= MIN_SUBJECT_PART and wanted.startswith(text))
            # "Stellungnahme zur Vorlage 6131/67/2022 „Umweltspur“ Am …": the subject begins mid-line
            or any(text.endswith(wanted[:k]) for k in range(min(len(text), len(wanted)), MIN_SUBJECT_PART - 1, -1))
        )
        if not starts and not (len(text) >= MIN_SUBJECT_PART and text in wanted and wanted.find(text) < 40):
            continue
        found = [line]
        for later in lines[index + 1 : index + 4]:
            more = _plain(later[5])
            if later[0] != line[0] or len(more) < 3 or more not in wanted:
                break
            found.append(later)
        return found
    return []


def value_positions(fields: dict, lines: tuple | list) -> dict:
    """{field: {"page": n, "box": [left, top, right, bottom]}} for the values found on the page."""
    positions: dict[str, dict] = {}
    if not lines:
        return positions
    reference = fields.get("reference")
    if reference:
        wanted = _plain(reference)
        if hit := next((line for line in lines if wanted in _plain(line[5])), None):
            positions["reference"] = _box([hit])
    day = fields.get("date")
    if isinstance(day, datetime.date):
        forms = _date_forms(day)
        if hit := next((line for line in lines if any(form in _plain(line[5]) for form in forms)), None):
            positions["date"] = _box([hit])
    subject = fields.get("subject")
    if subject and (found := _subject_lines(list(lines), subject)):
        positions["subject"] = _box(found)
    return positions
