"""Recognising a paper's metadata on its first pages, as a reader would.

Input is what the layout analysis gives for the first pages (``first_pages_layout``): the lines in
visual order (pdfplumber keeps a label and its value on one line: "Datum  8. März 2021") and the
ruled tables (the Beratungsfolge with its votes). Output is a ``Recognition``: for every field
the value and a confidence between 0 and 1, which the admin's review queue shows. The rules are
those of German council documents: labelled fields ("Betreff:", "Vorlage Nr.") are trusted most,
positions (the first heading, the first date) less, guesses least.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

from motions.models import PaperType
from sessions.models import Result

HEADER_LINES = 40
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("januar", "jan"),
            ("februar", "feb"),
            ("märz", "maerz", "mär", "mrz"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("dezember", "dez"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(rf"\b(\d{{1,2}})\.(?:(\d{{1,2}})\.(\d{{4}}|\d{{2}})\b|\s*({_MONTH_WORDS})\.?\s+(\d{{4}}))", re.I)
REFERENCE = re.compile(r"\b(?:[A-ZÄÖÜ]{1,5}|\d{1,3})\s?/\s?\d{2,5}\s?/\s?\d{2,5}\b|\b[A-ZÄÖÜ]{1,5}-\d{2,5}/\d{2,4}\b")
REFERENCE_LABEL = re.compile(
    r"(?:Vorlage|Drucksache|Drucks\.|Antrag|Anfrage|DS)(?:n)?[ -]*(?:Nr\.?|Nummer|-Nr\.?)?\s*[:\-–]?\s*(?P<ref>"
    + REFERENCE.pattern
    + r"|\b\d{2,4}/\d{2,5}\b)",  # with a label, two parts are enough: "Drucksache Nr. 2023/0815"
    re.I,
)
AMENDS = re.compile(r"\bzu[mr]?\s+(?:Änderungs)?Antrag\s+(?:Nr\.?\s*)?(?P<ref>" + REFERENCE.pattern + ")", re.I)
ANSWERS_REF = re.compile(
    r"\b(?:auf|zu[mr]?)\s+(?:die\s+|Ihre\s+)?(?:Kleine\s+|Große\s+)?Anfrage\s+(?:Nr\.?\s*)?(?P<ref>"
    + REFERENCE.pattern
    + ")",
    re.I,
)
ANSWERS_LETTER = re.compile(r"\b(?:hier:\s*)?Ihre\s+Anfrage\s+vom\s+(?P<date>.+?)\s*$", re.I | re.M)
SUBJECT_LABEL = re.compile(r"^\s*(?:Betreff|Betr\.|Gegenstand|Thema)\s*:?\s*(?P<value>\S.*)$", re.I | re.M)
DATE_LABEL = re.compile(r"^\s*(?:Datum|Stand|vom)\s*:?\s*(?P<value>.+)$", re.I | re.M)
NON_PUBLIC = re.compile(r"\bnicht[\s-]?öffentlich", re.I)
PUBLIC = re.compile(r"(?:^|Status\s*:?\s*)öffentlich\b", re.I | re.M)
ORIGINATOR = re.compile(
    r"^(?:Änderungs)?(?:Antrag|Anfrage)\s+(?:der|des|von)\s+(?P<name>.+?)(?:\s+zu[mr]?\s.*)?$", re.I | re.M
)
INQUIRER = re.compile(
    r"\bAnfrage\s+(?:des\s+|der\s+)?(?:BM|Ratsherrn?|Ratsfrau|Stadtrat|Stadträtin|Stadtverordnete[rn]?|Herrn?|Frau)\s+"
    r"(?P<name>[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?)"
)
SIGNED = re.compile(r"^\s*gez\.\s*(?P<name>[A-ZÄÖÜ][\w.\- ]{1,60}?)\s*$", re.M)
FACTION = re.compile(r"\b(?P<name>[\w-]*Fraktion(?:\s+(?:der|von)\s+[\w-]+|\s+[A-ZÄÖÜ][\w/-]+)?)")
TYPE_RULES: list[tuple[str, re.Pattern, float]] = [
    (PaperType.AMENDMENT, re.compile(r"\bÄnderungsantrag\b", re.I), 0.9),
    (PaperType.ANSWER, re.compile(r"\b(?:Antwort|Stellungnahme|Beantwortung)\b|Ihre\s+Anfrage\s+vom", re.I), 0.8),
    (PaperType.MINUTES, re.compile(r"\b(?:Niederschrift|Protokoll)\b", re.I), 0.85),
    (PaperType.INVITATION, re.compile(r"^\s*Einladung\b", re.I | re.M), 0.85),
    (PaperType.RESOLUTION_PROPOSAL, re.compile(r"\bBeschlussvorlage\b", re.I), 0.9),
    (PaperType.INFORMATION, re.compile(r"\bInformationsvorlage\b", re.I), 0.9),
    (PaperType.NOTICE, re.compile(r"\bMitteilung(?:svorlage)?\b", re.I), 0.8),
    (PaperType.INQUIRY, re.compile(r"^(?:Betreff:\s*)?(?:Kleine\s+|Große\s+)?Anfrage\b", re.I | re.M), 0.75),
    (PaperType.MOTION, re.compile(r"^\s*Antrag\b(?!/)", re.I | re.M), 0.8),
    (PaperType.RESOLUTION_PROPOSAL, re.compile(r"\bBeschlussvorschlag\b", re.I), 0.6),
]
CONSULTATION_LINE = re.compile(
    r"^(?P<org>[A-ZÄÖÜ][\w .,/-]+?)\s+zur?\s+(?P<role>Kenntnisnahme|Entscheidung|Beschlussfassung|Vorberatung|"
    r"Senatsberatung|Beratung)\s*$",
    re.M,
)
VOTE_ROW = re.compile(r"^\s*\d+\s?\.?\s+(?P<org>\D+?)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})\s+(?P<rest>.*)$", re.M)
RESULT_WORDS = [
    (re.compile(r"zur\s+Kenntnis", re.I), Result.NOTED),
    (re.compile(r"ohne\s+Votum", re.I), Result.NO_VOTE),
    (re.compile(r"abgelehnt", re.I), Result.REJECTED),
    (re.compile(r"mit\s+Änderung", re.I), Result.ADOPTED_AMENDED),
    (re.compile(r"vertagt", re.I), Result.POSTPONED),
    (re.compile(r"verwiesen", re.I), Result.REFERRED),
    (re.compile(r"zurückgezogen", re.I), Result.WITHDRAWN),
    (re.compile(r"einstimmig|bestätigt|beschlossen|angenommen|zugestimmt", re.I), Result.ADOPTED),
]
LABEL_LINE = re.compile(r"^[\w/ .-]{2,40}:\s*$")
NOT_A_TITLE = re.compile(
    r"^(?:STADT|GEMEINDE|LANDKREIS|HANSESTADT)\b|^(?:Tagesordnungspunkt|öffentlich|nichtöffentlich|Seite\s+\d|"
    r"Sehr geehrte|Herrn?\b|Frau\b|Ihr Zeichen|Unser Zeichen|Telefon|Telefax|Nr\.|Beratungsfolge|Status)",
    re.I,
)


@dataclass
class Field:
    value: object
    confidence: float


@dataclass
class Recognition:
    fields: dict[str, Field] = field(default_factory=dict)

    def set(self, name: str, value, confidence: float) -> None:
        if value in (None, "", []):
            return
        current = self.fields.get(name)
        if current is None or confidence > current.confidence:
            self.fields[name] = Field(value, round(confidence, 2))

    def value(self, name: str, default=None):
        found = self.fields.get(name)
        return found.value if found else default

    def confidence(self, name: str) -> float:
        found = self.fields.get(name)
        return found.confidence if found else 0.0

    def as_json(self) -> dict:
        def plain(v):
            return v.isoformat() if isinstance(v, datetime.date) else v

        return {name: {"value": plain(f.value), "confidence": f.confidence} for name, f in self.fields.items()}


@dataclass
class Layout:
    """The first pages as recognition sees them: lines in visual order, and ruled tables."""

    text: str
    tables: list[list[list[str]]] = field(default_factory=list)


TABLE_HINT = re.compile(r"Gremium|Beratungsfolge|Abstimmung|\bja\b.*\bnein\b", re.I)


def first_pages_layout(data: bytes, *, text: str | None = None, has_rules: bool = True) -> Layout:
    """The first pages' rows (from the extraction, or pdfplumber's) and the ruled tables of page 1.

    pdfplumber lays a page out a second time, which costs about as much as extracting two pages;
    so it reads only the first page (where council papers print their Beratungsfolge), and only
    when that page has ruling lines and words of a vote table. The rows come from the extraction.
    """
    import pdfplumber

    wants_tables = has_rules and (text is None or bool(TABLE_HINT.search(text)))
    if text is not None and not wants_tables:
        return Layout(text=text)
    texts, tables = [], []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[1] if text is not None else [1, 2]) as pdf:
            for page in pdf.pages:
                if text is None:
                    texts.append(page.extract_text() or "")
                if page.page_number == 1 and wants_tables:
                    tables = [
                        [[(cell or "").strip() for cell in row] for row in table] for table in page.extract_tables()
                    ]
                page.flush_cache()
    except Exception:  # recognition is a bonus: a PDF pdfplumber cannot lay out still has its text
        pass
    return Layout(text=text if text is not None else "\n".join(texts), tables=tables)


def parse_date(text: str) -> datetime.date | None:
    match = DATE.search(text)
    if not match:
        return None
    day, month, year, month_word, year_word = match.groups()
    try:
        if month_word:
            return datetime.date(int(year_word), MONTHS[month_word.lower().rstrip(".")], int(day))
        year_number = int(year) + (2000 if len(year) == 2 and int(year) < 70 else 1900 if len(year) == 2 else 0)
        return datetime.date(year_number, int(month), int(day))
    except (ValueError, KeyError):
        return None


def _normalise_reference(ref: str) -> str:
    return re.sub(r"\s+", "", ref)


def _merged_lines(text: str) -> list[str]:
    """Lines, with a heading broken before its reference joined again ("… zum Antrag" + "A/0006/2019")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    merged: list[str] = []
    for line in lines:
        if merged and REFERENCE.match(line) and re.search(r"\b(?:Antrag|Anfrage|Vorlage)\s*$", merged[-1]):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return merged


def _int_or_zero(cell: str) -> int | None:
    cell = cell.strip()
    if cell in ("", "/", "-", "–", "—", "0"):
        return 0
    return int(cell) if cell.isdigit() else None


def _result_of(text: str) -> str:
    for pattern, result in RESULT_WORDS:
        if pattern.search(text):
            return result
    return ""


def _vote_entry(org: str, date_text: str, cells: list[str]) -> dict:
    joined = " ".join(cells)
    entry = {"organization": re.sub(r"\s+", " ", org).strip(), "date": None, "yes": None, "no": None, "abstain": None}
    day = parse_date(date_text)
    entry["date"] = day.isoformat() if day else None
    entry["unanimous"] = bool(re.search(r"einstimmig", joined, re.I))
    numbers = [_int_or_zero(c) for c in cells[:3]]
    if not entry["unanimous"] and len(numbers) == 3 and all(n is not None for n in numbers):
        entry["yes"], entry["no"], entry["abstain"] = numbers
    result = _result_of(joined)
    if not result and entry["yes"] is not None:
        result = Result.ADOPTED if entry["yes"] > (entry["no"] or 0) else Result.REJECTED
    entry["result"] = result
    return entry


def _consultations_from_tables(tables: list[list[list[str]]]) -> list[dict]:
    for table in tables:
        header = [cell.lower().rstrip(".") for cell in table[0]] if table else []
        if "gremium" not in header:
            continue
        org_col = header.index("gremium")
        date_col = header.index("datum") if "datum" in header else None
        vote_col = header.index("ja") if "ja" in header else None
        rows = []
        for row in table[1:]:
            if org_col >= len(row) or not row[org_col]:
                continue
            date_text = row[date_col] if date_col is not None and date_col < len(row) else ""
            cells = row[vote_col:] if vote_col is not None else row[org_col + 1 :]
            rows.append(_vote_entry(row[org_col], date_text, cells))
        if rows:
            return rows
    return []


def _vote_rows(text: str) -> list[dict]:
    """Vote table rows that came out as one line each: "1. Stadtrat 28.02.2024 9 / /"."""
    return [
        _vote_entry(m["org"], m["date"], m["rest"].split())
        for m in VOTE_ROW.finditer(text)
        if "gremium" not in m["org"].lower() and len(m["org"].strip()) > 3
    ]


def _consultations_from_text(lines: list[str]) -> list[dict]:
    if rows := _vote_rows("\n".join(lines)):
        return rows
    start = next((i for i, line in enumerate(lines) if line.lower().startswith("beratungsfolge")), None)
    if start is None:
        return []
    found: list[dict] = []
    for line in lines[start + 1 : start + 12]:
        if m := CONSULTATION_LINE.match(line):
            found.append(_vote_entry(m["org"], "", []) | {"role": m["role"], "result": ""})
        elif found and re.match(r"^(?:Beschlussvorschlag|Sachverhalt|Begründung|Anlage)", line):
            break
        elif found:
            # the date and "18. Sitzung des Hauptausschusses zur Kenntnis genommen" follow their Gremium
            target = next((r for r in found if r["organization"].split()[0] in line), found[-1])
            if (day := parse_date(line)) and not target["date"]:
                target["date"] = day.isoformat()
            target["result"] = target["result"] or _result_of(line)
    return found


def _subject(lines: list[str], skip: set[str]) -> tuple[str | None, float]:
    for index, line in enumerate(lines[:HEADER_LINES]):
        if re.match(r"^hier\s*:", line, re.I) and index > 0:
            return lines[index - 1], 0.7
    candidates = []
    for line in lines[:HEADER_LINES]:
        if line in skip or LABEL_LINE.match(line) or NOT_A_TITLE.match(line) or ":" in line[:25]:
            continue
        if REFERENCE.fullmatch(line) or DATE.fullmatch(line) or len(line) < 12 or len(line) > 200:
            continue
        candidates.append(line)
        if len(candidates) == 4:
            break
    if not candidates:
        return None, 0.0
    best = candidates[0]
    for later in candidates[1:]:
        if later.startswith(best) and len(later) > len(best):
            best = later
    return best.rstrip(" .:"), 0.55


def _originators(text: str) -> tuple[list[str], float]:
    names: list[str] = []
    confidence = 0.0
    for match in ORIGINATOR.finditer(text[:3000]):
        name = re.sub(r"^(Oberbürgermeister|Bürgermeister)s\b", r"\1", match["name"].strip())
        names.append(name)
        confidence = 0.8
    for match in INQUIRER.finditer(text[:3000]):
        names.append(match["name"].strip())
        confidence = max(confidence, 0.75)
    for match in SIGNED.finditer(text):
        names.append(match["name"].strip())
        confidence = max(confidence, 0.6)
    unique = list(dict.fromkeys(n for n in names if n))
    return unique, confidence


def recognise(layout: Layout) -> Recognition:
    """Everything a reader sees on the first pages, each with how sure we are."""
    found = Recognition()
    lines = _merged_lines(layout.text)
    header = "\n".join(lines[:HEADER_LINES])

    if m := AMENDS.search(header):
        found.set("amends", _normalise_reference(m["ref"]), 0.9)
    if m := ANSWERS_REF.search(header):
        found.set("answers", _normalise_reference(m["ref"]), 0.9)
    elif m := ANSWERS_LETTER.search(header):
        found.set("answers", f"Anfrage vom {m['date']}", 0.6)
    related = {found.value("amends"), found.value("answers")}

    if m := REFERENCE_LABEL.search(header):
        ref = _normalise_reference(m["ref"])
        if ref not in related:
            found.set("reference", ref, 0.95)
    for m in REFERENCE.finditer("\n".join(lines[:8])):
        ref = _normalise_reference(m.group(0))
        if ref not in related:
            found.set("reference", ref, 0.6)
            break

    for region, factor in (("\n".join(lines[:12]), 1.0), (header, 0.75)):
        for paper_type, pattern, confidence in TYPE_RULES:
            if pattern.search(region):
                found.set("paper_type", paper_type, confidence * factor)
                break
        if found.value("paper_type"):
            break
    else:
        found.set("paper_type", PaperType.OTHER, 0.2)

    consultations = _consultations_from_tables(layout.tables)
    consultation_confidence = 0.85
    if not consultations:
        consultations, consultation_confidence = _consultations_from_text(lines[:HEADER_LINES]), 0.6
    found.set("consultations", consultations, consultation_confidence)
    table_text = {" ".join(row) for table in layout.tables for row in table} | {
        line for line in lines if VOTE_ROW.match(line)
    }

    if m := SUBJECT_LABEL.search(header):
        found.set("subject", m["value"].strip(), 0.95)
    else:
        subject, confidence = _subject(lines, table_text)
        found.set("subject", subject, confidence)

    for m in DATE_LABEL.finditer(header):
        if day := parse_date(m["value"]):
            found.set("date", day, 0.9)
            break
    if not found.value("date"):
        in_consultation = {r["date"] for r in consultations if r.get("date")}
        for line in lines[:HEADER_LINES]:
            day = parse_date(line)
            if day and day.isoformat() not in in_consultation and line not in table_text:
                found.set("date", day, 0.4)
                break

    if NON_PUBLIC.search(header):
        found.set("public", False, 0.95)
    elif PUBLIC.search(header):
        found.set("public", True, 0.95)
    else:
        found.set("public", True, 0.5)

    originators, confidence = _originators("\n".join(lines))
    found.set("originators", originators, confidence)
    factions = [m["name"] for m in FACTION.finditer(header) if len(m["name"]) > len("Fraktion")]
    if found.value("paper_type") in (PaperType.MOTION, PaperType.AMENDMENT, PaperType.INQUIRY) and factions:
        found.set("originators", list(dict.fromkeys(originators + factions[:1])), max(confidence, 0.6))
    return found
