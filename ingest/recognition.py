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

from ingest.recognition_meeting import (
    INVITATION,
    MINUTES,
    ORG_WORDS,
    agenda,
    meeting_date_text,
    meeting_of,
    meeting_role,
    text_votes,
)
from motions.models import PaperType
from motions.pdf_text import page_text_clean
from sessions.models import Result

HEADER_LINES = 40
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("januar", "jänner", "jan", "jän"),  # "Jänner" in Austria
            ("februar", "feber", "feb"),
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
# A paper's number, taken whole or not at all: "A/0012/2025/1" keeps its "/1", "6131/67/2022" is
# not cut to "6131/67" (nothing word-like or "/" may touch either end).
REFERENCE = re.compile(
    r"(?<![\w/.\-])(?:[A-ZÄÖÜ]{1,6}\s?[/-]\s?)?\d{1,6}(?:\s?/\s?\d{1,6}){1,3}(?![\w/])"
    r"|(?<![\w/.\-])[A-ZÄÖÜ]{1,5}-\d{2,5}/\d{2,4}(?![\w/])"
    # numbered within an electoral term: "20-26 / V 02232", "14-20 / B 02870"
    r"|(?<![\w/.\-])\d{2}-\d{2}\s?/\s?[A-Z]{1,2}\s?\d{3,6}(?![\w/])"
)
# Labels that name the document's own number. Not "Unser Zeichen", "Aktenzeichen", "GZ": a
# letter's file mark is the sender's filing, not a paper's number.
OWN_LABEL = re.compile(
    r"(?:^|(?<=\s))(?:Drucksachen?|Drucks\.|Vorlagen?|Beschlussvorlage|Informationsvorlage|Mitteilungsvorlage|"
    r"Sitzungsvorlagen?|DS|Antrag|Anfrage|Änderungsantrag)\s*(?:-\s*)?(?:Nr\.?|Nummer|-Nr\.?)?\s*[:\-–]?\s*(?P<ref>"
    + REFERENCE.pattern
    + ")",
    re.I | re.M,
)
# Words before a number that make it one the document cites: "mit Vorlage VI/191/2019 beschlossen".
CITING = re.compile(
    r"\b(?:zu[mr]?|auf|mit|gemäß|siehe|s\.|vgl\.?|laut|lt\.|aus|in|im|betr\.?|betreffend|bezüglich|durch|der|die|"
    r"des|dem|den|unter|nach|Bezug|hier)\s*$",
    re.I,
)
CITED_PAPER = re.compile(
    r"\b(?:der|die|des|dem|den|zur|zum|mit|laut)\s+[\w-]*(?:vorlage|sache|antrag|anfrage)\s*$", re.I
)
FILE_MARK = re.compile(r"\b(?:Unser|Ihr)\s+Zeichen|Aktenzeichen|\bAz\.|\bGZ\s*:|Geschäftszeichen", re.I)
AMENDS = re.compile(
    r"\b(?:Änderungsantrag|Ergänzungsantrag|zu[mr]?)\s+(?:\w+\s+){0,3}?(?:Antrag|Vorlage|Drucksache)\s*(?:Nr\.?\s*)?"
    r"(?P<ref>" + REFERENCE.pattern + ")",
    re.I,
)
ANSWERS_REF = re.compile(
    r"\b(?:auf|zu[mr]?|Beantwortung\s+(?:der|zur)?)\s*(?:die\s+|Ihre\s+)?(?:Kleine\s+|Große\s+)?Anfrage\s+"
    r"(?:[\w-]+\s+){0,4}?(?:Nr\.?\s*)?(?P<ref>" + REFERENCE.pattern + ")",
    re.I,
)
ANSWERS_LETTER = re.compile(r"\b(?:hier:\s*)?Ihre\s+Anfrage\s+vom\s+(?P<date>.+?)\s*$", re.I | re.M)
# The inquiry's number inside a letter's file mark: "Unser Zeichen: 40.2-F/0044/2025".
MARK_REFERENCE = re.compile(r"(?<=[-\s:])(?P<ref>[A-ZÄÖÜ]{1,5}/\d{2,6}/\d{2,4})(?![\w/])")
SUBJECT_LABEL = re.compile(
    r"^\s*(?:Betreff|Betr\.|Gegenstand|Thema|Titel|Antrag|Anfrage|Änderungsantrag|Stellungnahme\s+zu[mr]?)\s*:\s*"
    r"(?P<value>\S.*)$|^\s*(?:Betreff|Gegenstand|Thema)\s+(?P<value2>\S.*)$",
    re.I | re.M,
)
HIER = re.compile(r"^\s*hier\s*:\s*(?P<value>\S.*)$", re.I | re.M)
DATE_LABEL = re.compile(
    r"^[ \t]*(?:Datum|Stand|Erstellungsdatum)[ \t]*:?[ \t]*(?P<value>.+)$"
    r"|^[ \t]*vom[ \t]+(?P<alone>\d{1,2}\.[ \t]*\S+[ \t]*\d{2,4})[ \t]*$",  # "vom 5. März 2021" alone, not in a sentence
    re.I | re.M,
)
# A letter's place and date: "Erlangen, den 9. Januar 2020", "Stuttgart, 22.06.2018" (not a weekday).
PLACE_DATE = re.compile(
    r"(?:^|\s)(?![^,\n]*\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Sitzung)\b)"
    r"(?:[A-ZÄÖÜ][\w.()/ -]{1,40}?,\s*|[A-ZÄÖÜ][\w-]{2,30}\s+(?=\d{1,2}\.\d{1,2}\.\d{4}\s*$))"
    r"(?:den|am)?\s*(?P<value>\d{1,2}\.\s*(?:\d{1,2}\.\d{2,4}|[A-Za-zäÄ]+\.?\s+\d{4}))",
    re.M,
)
# Public or not, from status labels only ("Status: öffentlich", "Sitzungsart: nichtöffentlich",
# "- öffentlich -", a line that says only that); the word in running text decides nothing.
_STATUS = r"(?:^\s*(?:Status|Sitzungsart|Öffentlichkeit(?:sstatus)?|Vertraulichkeit)\s*:?\s*|^\s*-?\s*)"
NON_PUBLIC = re.compile(_STATUS + r"nicht[\s-]?öffentlich(?:e[rs]?)?(?:\s+Sitzung)?\s*-?\s*$", re.I | re.M)
PUBLIC = re.compile(_STATUS + r"öffentlich(?:e[rs]?)?(?:\s+Sitzung)?\s*-?\s*$", re.I | re.M)
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
    (
        PaperType.ANSWER,
        re.compile(r"\b(?:Antwort|Stellungnahme|Beantwortung)\b|Ihre?\s+(?:Anfrage|Antrag)\s+vom", re.I),
        0.8,
    ),
    (PaperType.MINUTES, MINUTES, 0.9),
    (PaperType.INVITATION, INVITATION, 0.9),
    (PaperType.RESOLUTION_PROPOSAL, re.compile(r"\bBeschlussvorlage\b", re.I), 0.9),
    (PaperType.INFORMATION, re.compile(r"\bInformationsvorlage\b", re.I), 0.9),
    (PaperType.NOTICE, re.compile(r"\bMitteilung(?:svorlage)?\b", re.I), 0.8),
    (PaperType.INQUIRY, re.compile(r"^(?:Betreff:\s*)?(?:Kleine\s+|Große\s+)?Anfrage\b", re.I | re.M), 0.75),
    (PaperType.MOTION, re.compile(r"^\s*Antrag\b(?!/)", re.I | re.M), 0.8),
    # Swiss and Austrian instruments: a Motion or Postulat asks for action, an Interpellation asks questions
    (
        PaperType.MOTION,
        re.compile(
            r"^\s*(?:(?:Interfraktionelle|Dringliche|Überparteiliche)\s+)?(?:Motion|Postulat|Richtlinienmotion)\b", re.M
        ),
        0.8,
    ),
    (
        PaperType.INQUIRY,
        re.compile(r"^\s*(?:(?:Interfraktionelle|Dringliche)\s+)?(?:Interpellation|Kleine\s+Anfrage)\b", re.M),
        0.8,
    ),
    (PaperType.RESOLUTION_PROPOSAL, re.compile(r"\bBeschlussvorschlag\b", re.I), 0.6),
    # SessionNet's and others' generic "Sitzungsvorlage": a Vorlage put to a vote unless it says otherwise
    (
        PaperType.RESOLUTION_PROPOSAL,
        re.compile(r"^\s*(?:Sitzungsvorlage|Verwaltungsvorlage|Beschlussantrag)\b(?!\s*(?:-?Nr|Nummer))", re.I | re.M),
        0.75,
    ),
    # a supplement handed out at the meeting, to a Vorlage put to a vote
    (PaperType.RESOLUTION_PROPOSAL, re.compile(r"^\s*Tischvorlage\b", re.I | re.M), 0.75),
    # a report to a committee that is only made known, not decided: "Bekanntgabe im Kommunalausschuss"
    (PaperType.INFORMATION, re.compile(r"\bBekanntgabe\b", re.I), 0.8),
]
CONSULTATION_LINE = re.compile(
    r"^(?P<org>[A-ZÄÖÜ][\w .,/-]+?)\s+zur?\s+(?P<role>Kenntnisnahme|Entscheidung|Beschlussfassung|Vorberatung|"
    r"Senatsberatung|Beratung)\s*$",
    re.M,
)
# A Beratungsfolge row printed as one line: "1. Stadtrat 28.02.2024 9 / /", "2 Bauausschuss 03.03.2023 8 1 /".
VOTE_ROW = re.compile(
    r"^[ \t]*\d+[ \t]?\.?[ \t]+(?P<org>[^\d\n]+?)[ \t]+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})[ \t]+"
    r"(?P<rest>(?:(?:\d{1,3}|/|-|–)[ \t]*){3}.*|.*(?:einstimmig|angenommen|abgelehnt|Kenntnis|vertagt|verwiesen).*)$",
    re.M,
)
# A Beratungsfolge row without votes, date first or committee first, its role after them: "10.05.2022
# Bauausschuss Vorberatung", "Ausschuss für Stadtentwicklung 28.03.2023 Vorberatung", "Ö Stadtrat 20.04.2023".
_ROLE_WORDS = (
    r"Vorberatung(?:\s+und\s+Empfehlung)?|Entscheidung|Kenntnisnahme|Beschlussfassung|Anhörung|Beratung|Empfehlung|"
    r"Beschlussempfehlung|Vorberatend|Beschließend|Zur\s+Kenntnis"
)
ROLE_ROW = re.compile(
    r"^\s*(?:[ÖN]\s+|\d{1,2}\.?\s+)?(?:(?P<d1>\d{1,2}\.\d{1,2}\.\d{2,4})\s+(?:[ÖN]\s+)?(?P<o1>[A-ZÄÖÜ][^\d\n]{2,80}?)"
    r"|(?P<o2>[A-ZÄÖÜ][^\d\n]{2,80}?)\s+(?P<d2>\d{1,2}\.\d{1,2}\.\d{2,4}))"
    r"(?:\s+(?:[ÖN]\s+)?(?P<role>" + _ROLE_WORDS + r")\b.*)?(?:\s+[ÖN])?\s*$",
    re.I,
)
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
# Lines that are never a subject: letterheads, senders and addresses, contact lines, running
# headers and footers, page numbers, classification labels, salutations.
NOT_A_TITLE = re.compile(
    r"^(?:STADT|GEMEINDE|LANDKREIS|HANSESTADT|Stadt|Gemeinde|Landkreis|Hansestadt|Landeshauptstadt|Kreisstadt|"
    r"Markt|Bezirksamt|Kreis|Der\s+(?:Ober)?[Bb]ürgermeister|Die\s+(?:Ober)?[Bb]ürgermeisterin|Der\s+Landrat|"
    r"Magistrat)\b(?:\s+[\w-]+){0,3}$"
    r"|^(?:Tagesordnungspunkt|öffentlich|nichtöffentlich|nicht\s+öffentlich|Seite\s+\d|Sehr geehrte|Herrn?\b|Frau\b|"
    r"Ihr Zeichen|Unser Zeichen|Telefon|Telefax|Tel\.|Fax|E-?Mail|Internet|Zimmer|Bearbeiter|Sachbearbeit|Auskunft|"
    r"Nr\.|Beratungsfolge|Status|Referat|Amt\b|Dezernat|Fachbereich|Abteilung|UID|IBAN|BIC|Bankverbindung|"
    r"Postfach|Anlage|Verteiler|Sprechzeiten|Öffnungszeiten|Rathaus|F\.d\.R)"
    r"|Seite\s+\d+(?:\s+von\s+\d+)?\s*$|^\d{5}\s+[A-ZÄÖÜ]|^[\w.-]+\.(?:de|at|ch|eu|com|org)\b|@|www\.|https?:"
    r"|[A-Za-zäöüß]+(?:straße|str\.|weg|platz|allee|gasse|ring)\s+\d+|^[A-Z]\d\s*-\s*(?:nicht)?öffentlich"
    r"|^\(?(?:Beginn|Ende)\b|^Es\s+gilt\s+das\s+gesprochene\s+Wort"
    # a speech's or letter's salutation: "meine sehr geehrten Damen und Herren", "Herr Vorsitzender,", "Liebe …,"
    r"|^(?:meine\s+)?(?:sehr\s+)?(?:geehrte|verehrte|werte|liebe)[rns]?\s|^(?:Herr|Frau)\s+(?:Vorsitzende|Präsident|Bürgermeister)\w*\s*,"
    r"|^Mit\s+freundlichen\s+Grüßen|^[\w-]+\s+(?:vom|am)\s*$|^Beratung\s+in\s+(?:nicht\s?)?öffentlicher\s+Sitzung"
    # an office's name alone on its line: "Bürgermeisteramt", "Stadtverwaltung", "Landratsamt"
    r"|^[\w-]*(?:amt|verwaltung|kanzlei|behörde|direktion)$",
    re.I,
)
# A letterhead's sender line, its parts set apart by bars or bullets: "STADT MANNHEIM | Der
# Oberbürgermeister | Postfach 10 30 51 | 68030 Mannheim".
SENDER_PARTS = re.compile(r"\s+[|•·]\s+")
# The words that name a document's type; the title block is where they count.
TYPE_WORD_LINES = 12


@dataclass
class Field:
    value: object
    confidence: float


@dataclass
class Recognition:
    fields: dict[str, Field] = field(default_factory=dict)
    # Where values stand on the page ({field: {"page", "box"}}), for the review screen.
    positions: dict = field(default_factory=dict)

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

        found = {name: {"value": plain(f.value), "confidence": f.confidence} for name, f in self.fields.items()}
        return found | ({"positions": self.positions} if self.positions else {})


@dataclass
class Layout:
    """The first pages as recognition sees them: lines in visual order, and ruled tables."""

    text: str
    tables: list[list[list[str]]] = field(default_factory=list)
    # The whole text (every page), for votes in minutes and a meeting's TOP list.
    body: str = ""
    # Lines of page 1 printed larger than its body text: where the title block is.
    titles: tuple[str, ...] = ()
    # The first pages' lines with their place ((page, left, top, right, bottom, text), shares of the page).
    positions: tuple = ()
    # Lines repeated on several pages: running headers and footers.
    running: frozenset[str] = frozenset()


TABLE_HINT = re.compile(r"Gremium|Beratungsfolge|Abstimmung|\bja\b.*\bnein\b", re.I)


def first_pages_layout(
    data: bytes,
    *,
    text: str | None = None,
    has_rules: bool = True,
    body: str = "",
    titles: tuple[str, ...] = (),
    positions: tuple = (),
    running: frozenset[str] = frozenset(),
) -> Layout:
    """The first pages' rows (from the extraction, or pdfplumber's) and the ruled tables of page 1.

    pdfplumber lays a page out a second time, which costs about as much as extracting two pages;
    so it reads only the first page (where council papers print their Beratungsfolge), and only
    when that page has ruling lines and words of a vote table. The rows come from the extraction.
    """
    import pdfplumber

    wants_tables = has_rules and (text is None or bool(TABLE_HINT.search(text)))
    if text is not None and not wants_tables:
        return Layout(text=text, body=body, titles=titles, positions=positions, running=running)
    texts, tables = [], []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[1] if text is not None else [1, 2]) as pdf:
            for page in pdf.pages:
                if text is None:
                    texts.append(page.extract_text() or "")
                if page.page_number == 1 and wants_tables:
                    tables = [
                        [[page_text_clean(cell or "") for cell in row] for row in table]
                        for table in page.extract_tables()
                    ]
                page.flush_cache()
    except Exception:  # recognition is a bonus: a PDF pdfplumber cannot lay out still has its text
        pass
    if text is None:
        text = page_text_clean("\n".join(texts))
    return Layout(text=text, tables=tables, body=body, titles=titles, positions=positions, running=running)


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
    lines = [re.sub(r"[ \t\u00a0]{2,}", " ", line.strip()) for line in text.splitlines() if line.strip()]
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


# A Beratungsfolge table's columns by their heading: the committee ("Gremium", or the table's own
# heading "Beratungsfolge" over the committees), the meeting's date ("Datum", "Termin",
# "Sitzungstermin") and a vote written out in words ("Abstimmung": "Einstimmig bei einer Enthaltung").
ORG_HEADINGS = ("gremium", "beratungsfolge", "beratungsgremium", "gremien")
DATE_HEADINGS = ("datum", "termin", "sitzungstermin", "sitzungsdatum")
WORDS_VOTE_HEADINGS = ("abstimmung", "abstimmungsergebnis", "ergebnis", "beratungsergebnis", "beschluss")
_ABSTENTIONS = re.compile(r"\bbei\s+(?P<n>\d{1,3}|einer|keiner|zwei|drei)\s+(?:Stimm)?Enthaltung(?:en)?\b", re.I)
_COUNT_WORDS = {"einer": 1, "keiner": 0, "zwei": 2, "drei": 3}
_AS_PROPOSED = re.compile(r"\b(?:lt\.|laut|gemäß|wie)\s+(?:Beschlussvorschlag|Beschlussempfehlung|vorgeschlagen)", re.I)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((index for index, cell in enumerate(header) if cell in names), None)


def _words_vote(entry: dict, cell: str) -> dict:
    """A vote a Beratungsfolge cell writes out: "Einstimmig bei einer Enthaltung lt. Beschlussvorschlag",
    "mehrheitlich", "7 : 2 : 1" — counts where it gives them, and its result."""
    cell = re.sub(r"\s+", " ", cell).strip()
    if not cell:
        return entry
    if m := re.search(r"\b(\d{1,3})\s*[:/]\s*(\d{1,3})(?:\s*[:/]\s*(\d{1,3}))?\b", cell):
        entry["yes"], entry["no"], entry["abstain"] = int(m[1]), int(m[2]), int(m[3] or 0)
    elif re.search(r"\beinstimmig\b", cell, re.I):
        entry["unanimous"], entry["no"] = True, 0
        abstentions = _ABSTENTIONS.search(cell)
        word = abstentions["n"].lower() if abstentions else "keiner"
        entry["abstain"] = int(word) if word.isdigit() else _COUNT_WORDS[word]
    result = _result_of(cell)
    if not result and (_AS_PROPOSED.search(cell) or re.search(r"\bmehrheitlich\b", cell, re.I)):
        result = Result.ADOPTED
    if not result and entry["yes"] is not None:
        result = Result.ADOPTED if entry["yes"] > (entry["no"] or 0) else Result.REJECTED
    entry["result"] = result or entry.get("result", "")
    return entry


def _consultations_from_tables(tables: list[list[list[str]]]) -> list[dict]:
    for table in tables:
        header = [re.sub(r"\s+", " ", cell).strip().lower().rstrip(".") for cell in table[0]] if table else []
        org_col = _column(header, ORG_HEADINGS)
        if org_col is None:
            continue
        date_col = _column(header, DATE_HEADINGS)
        vote_col = header.index("ja") if "ja" in header else None
        words_col = _column(header, WORDS_VOTE_HEADINGS) if vote_col is None else None
        rows = []
        for row in table[1:]:
            if org_col >= len(row) or not row[org_col]:
                continue
            date_text = row[date_col] if date_col is not None and date_col < len(row) else ""
            if words_col is not None:
                entry = _vote_entry(row[org_col], date_text, [])
                rows.append(_words_vote(entry, row[words_col] if words_col < len(row) else ""))
                continue
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
        row = ROLE_ROW.match(line)
        if row and (row["role"] or re.search(ORG_WORDS, row["o1"] or row["o2"], re.I)):
            org = re.sub(
                r"\s+(?:[ÖN]|öffentlich|nichtöffentlich|nicht\s+öffentlich)$", "", (row["o1"] or row["o2"]).strip()
            )
            role = (row["role"] or "").strip()
            if bracketed := re.search(r"\s*\((" + _ROLE_WORDS + r")\)\s*$", org, re.I):
                org, role = org[: bracketed.start()], role or bracketed[1]  # "Schulausschuss (Vorberatung)"
            if not re.match(r"(?:Gremium|Datum|Sitzung|Beratungsfolge|Termin)\b", org, re.I):
                found.append(_vote_entry(org, row["d1"] or row["d2"], []) | {"role": role, "result": ""})
                continue
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


_LETTER_REFERENCE = re.compile(r"^(?:Ihr|Ihre|Unser|Unsere)\s+(?:Anfrage|Schreiben|Antrag|Mail|E-Mail|Brief)\b", re.I)


def _subject_of_hier(lines: list[str], value: str, skip: set[str]) -> tuple[str, float]:
    """ "Betreff-Zeile" + "hier: …": the line above is the matter, "hier:" narrows it down
    (or, as in "hier: Ihre Anfrage vom …", only says which letter is answered)."""
    index = next((i for i, line in enumerate(lines) if re.match(r"^\s*hier\s*:", line, re.I)), 0)
    above = lines[index - 1] if index > 0 else ""
    if above and not _is_title(above, skip) and len(above) >= 4 and not NOT_A_TITLE.search(above):
        above = above if re.fullmatch(r"[\w ./-]{4,200}", above) and not DATE.search(above) else ""
    elif above and not _is_title(above, skip):
        above = ""
    if _LETTER_REFERENCE.match(value):
        return (above, 0.8) if above else (value, 0.5)
    return (f"{above} – {value}", 0.85) if above else (value, 0.85)


REPLY_TO = re.compile(
    r"^\s*(?:hier\s*:\s*)?Ihre?\s+(?:Anfrage|Antrag|Schreiben|Brief|E-?Mail|Nachricht)\s+vom\b"
    r"|^\s*(?:Schriftliche|Mündliche|Kleine|Große)\s+Anfrage\s+(?:gemäß|gem\.|nach)\s+§",
    re.I,
)


def _subject_of_reply(lines: list[str], skip: set[str]) -> str | None:
    """A letter's matter without a label, on the line above "Ihr Antrag vom …" (the line it answers)."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        if index and REPLY_TO.match(line):
            above = re.sub(r"[\s;:,\\|]+$", "", lines[index - 1]).strip()
            if _is_title(above, skip) and not HIER.match(above):
                return above
    return None


STATEMENT_ON = re.compile(
    r"^(?:Stellungnahme|Antwort|Beantwortung)\s+(?:der\s+\w+\s+)?zu[mr]?\s+(?P<what>.*?)(?P<ref>"
    + REFERENCE.pattern
    + r")\s*(?P<rest>.*)$",
    re.I,
)


def _statement_subject(lines: list[str]) -> str | None:
    """ "Stellungnahme zur Beschlussvorlage 6131/67/2022 „Umweltspur“ …": the matter after the cited
    number, with its continuation on the next line."""
    for index, line in enumerate(lines):
        m = STATEMENT_ON.match(line)
        if not m or not m["rest"].strip():
            continue
        rest = m["rest"].strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            following
            and not NOT_A_TITLE.search(following)
            and (following[:1].islower() or re.search(r"\b(?:und|oder|der|die|des|zur|zum|für|mit)$", rest))
        ):
            rest = f"{rest} {following}"
        return rest.strip(" \"'„“”").replace('"', "").replace("“", "").replace("„", "")
    return None


# A letter's own heading naming its matter without a number: "Stellungnahme des Stadtteilbeirats
# Büchenbach zum Bebauungsplan Nr. 199", "Antrag zur Erweiterung der Sozialen Stadt …",
# "Empfehlung des Ausschusses betreffend …". The sender between "des/der" and "zu" is not the matter.
MATTER_HEADING = re.compile(
    r"^(?:(?:Erneute|Gemeinsame|Ergänzende)\s+)?(?:Stellungnahme|Antrag|Anfrage|Empfehlung|Resolution)\s+"
    r"(?:(?:des|der)\s+[^,:;]{3,80}?\s+)?(?:zu[mr]?|betreffend|betr\.|bezüglich|über\s+(?:die|den|das))\s*"
    r"(?P<what>[\"„“]?[A-ZÄÖÜ0-9\"„“].{3,200})$"
)


# A paper's heading that says what kind of paper it is and to whom or when, but not its matter: "Antrag zur
# Sitzung des Rates am 02.02.2023", "Anfrage gemäß § 24 GO", "Antwort auf die Anfrage der Fraktion X vom
# 03.03.2023", "Antrag" alone. The matter is the title line under it.
FORMAL_HEADING = re.compile(
    r"^(?:(?:Gemeinsamer|Interfraktioneller|Dringlichkeits|Prüf|Ergänzungs|Änderungs)\s*)?"
    r"(?:Antrag|Anfrage|Antwort|Beantwortung)\b(?!/)"
    r"(?:\s+(?:der|des|von)\s+(?:[\w/.-]+\s+){0,6}?[\w/.-]+?(?=\s+(?:zur|für|gemäß|gem\.|nach|auf|vom|im)\b|\s*$))?"
    r"(?:\s+(?:zur|für\s+die|zu\s+der)\s+(?:\w+\s+)?Sitzung\b.*"
    r"|\s+(?:gemäß|gem\.|nach|i\.\s?S\.\s?d\.)\s+§.*"
    r"|\s+(?:auf|zu[mr]?)\s+(?:die|der|den|Ihre)?\s*(?:Kleine\s+|Große\s+)?(?:Anfrage|Antrag)\b.*"
    r"|\s+vom\s+\d.*"
    r"|\s+im\s+(?:Rat|Stadtrat|Gemeinderat|Kreistag|Ausschuss)\b.*)?\s*$",
    re.I,
)


# A parliamentary instrument's heading, its movers and then its title after a colon, wrapped over lines:
# "Interfraktionelle Motion GLP, FDP (Kathrin Bertschy, …): Pilotprojekt Betreuungsgutscheine für die … im"
# | "Vorschulalter". The heading starts with the instrument's name.
INSTRUMENT_HEADING = re.compile(
    r"^(?:(?:Interfraktionelle|Dringliche|Überparteiliche|Gemeinsame[rs]?)\s+)?"
    r"(?:Motion|Postulat|Richtlinienmotion|Interpellation|Kleine\s+Anfrage|Anfrage|Antrag|Prüfantrag)\s+"
    r"(?:der\s+|des\s+|von\s+)?(?!Nr\b|Nummer\b)[A-ZÄÖÜ]"
)
_GOES_ON = re.compile(
    r"(?:[-,]|\b(?:und|oder|der|die|das|des|dem|den|zur|zum|für|mit|im|in|von|vom|an|auf|als|bei|aus|über|nach|gegen|zu))$"
)


def _instrument_title(lines: list[str]) -> str | None:
    """The title after the movers of a Motion, Postulat, Interpellation or Antrag heading."""
    for start, line in enumerate(lines[:6]):
        if not INSTRUMENT_HEADING.match(line.strip()):
            continue
        joined, end = line.strip(), start
        while ":" not in joined and end < start + 4 and end + 1 < len(lines):
            end += 1
            joined = f"{joined} {lines[end].strip()}"
        depth, colon = 0, None
        for at, ch in enumerate(joined):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if ch == ":" and depth <= 0:
                colon = at
                break
        if colon is None:
            return None
        title = joined[colon + 1 :].strip()
        while end + 1 < len(lines) and (not title or _GOES_ON.search(title)) and len(lines[end + 1]) <= 120:
            end += 1
            title = f"{title} {lines[end].strip()}".strip()
        title = title.strip(" \"'„“”")
        return title if 8 <= len(title) <= 250 else None
    return None


def _title_under_heading(lines: list[str], skip: set[str]) -> str | None:
    """The title line right under a formal heading ("Anfrage gemäß § 24 GO" | "Zustand der Schulgebäude"),
    with its wrapped continuation."""
    for index, line in enumerate(lines[:20]):
        if not FORMAL_HEADING.match(line.strip()) or REFERENCE.search(line):
            continue  # a heading that names the paper it is about ("zum Antrag A/0006/2019") is read elsewhere
        following = [candidate.strip() for candidate in lines[index + 1 : index + 4] if candidate.strip()]
        if not following or not _is_title(following[0], skip) or _type_word_only(following[0]):
            continue
        if following[0].endswith(".") and len(following[0].split()) > 4:
            continue  # a sentence of the text, not a title
        title = following[0]
        if (
            len(following) > 1
            and _is_title(following[1], skip)
            and (following[1][:1].islower() or _GOES_ON.search(title))
        ):
            title = f"{title} {following[1]}"
        return title.strip(" .:\"'„“”")
    return None


def _matter_heading(lines: list[str]) -> str | None:
    """The matter a letter's heading names ("Stellungnahme … zum Bebauungsplan Nr. 199"), with its
    wrapped continuation; a date or a place after a colon or semicolon is cut off."""
    for index, line in enumerate(lines):
        m = MATTER_HEADING.match(line.strip())
        if not m:
            continue
        what = m["what"].strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if (
            following
            and not NOT_A_TITLE.search(following)
            and (following[:1].islower() or re.search(r"\b(?:und|oder|der|die|des|zur|zum|für|mit|bzw\.)$", what))
        ):
            what = f"{what} {following}"
        what = re.split(r"\s*[;]\s*|:\s+(?=\D*\d{4}\s*$)", what)[0]
        return what.strip(" \"'„“”.").replace("“", "").replace("„", "") or None
    return None


def _is_letterhead(line: str) -> bool:
    """A sender line of parts set apart by bars, one of them a name, postbox, address or contact."""
    parts = SENDER_PARTS.split(line.strip())
    return len(parts) >= 2 and any(NOT_A_TITLE.search(part.strip()) for part in parts)


def _is_title(line: str, skip: set[str]) -> bool:
    if line in skip or LABEL_LINE.match(line) or NOT_A_TITLE.search(line) or ":" in line[:25]:
        return False
    if _is_letterhead(line):
        return False
    if REFERENCE.fullmatch(line) or DATE.fullmatch(line) or PLACE_DATE.search(line):
        return False
    return 12 <= len(line) <= 200 and sum(ch.isalpha() for ch in line) >= 0.6 * len(line.replace(" ", ""))


# The first section of a Vorlage's text: "Beschlussvorschlag:", "Sachverhalt:", "Inhalt der Mitteilung:".
SECTION_HEADING = re.compile(
    r"^(?:Beschlussvorschlag|Beschlussempfehlung|Beschlussentwurf|Sachverhalt|Sachdarstellung|Begründung|"
    r"Problembeschreibung(?:/Begründung)?|Inhalt\s+der\s+Mitteilung|Mitteilung|Erläuterung(?:en)?|Vorbemerkung)\s*:?\s*$",
    re.I,
)
_CHECKBOX = re.compile(r"[☐☒☑□■]")


def _title_above_section(lines: list[str], skip: set[str], consultation_dates: set[str]) -> str | None:
    """A Vorlage's title where it has no label: the lines between its Beratungsfolge (table, committees,
    dates, tick boxes) and its first section heading ("Beschlussvorschlag:")."""
    head = lines[:HEADER_LINES]
    start = next((i for i, line in enumerate(head) if line.lower().startswith("beratungsfolge")), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(head)) if SECTION_HEADING.match(head[i])), None)
    if end is None:
        return None
    block: list[str] = []
    for line in reversed(head[start + 1 : end]):
        day = parse_date(line)
        if (
            len(block) == 3
            or _CHECKBOX.search(line)
            or (day and day.isoformat() in consultation_dates)
            or _type_word_only(line)
            or not _is_title(line, skip)
        ):
            break
        block.insert(0, line)
    return " ".join(block).strip(" .:") or None


def _subject(lines: list[str], skip: set[str], titles: list[str]) -> tuple[str | None, float]:
    """The subject where no label names it: the line after a type heading, a large-print title, or the first heading."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        if re.match(r"^hier\s*:", line, re.I) and index > 0 and _is_title(lines[index - 1], skip):
            return lines[index - 1], 0.7
    big = [t for t in titles if _is_title(t, skip) and not _type_word_only(t)]
    if big:
        return big[0].rstrip(" .:"), 0.6
    candidates = [
        line
        for line in lines[:HEADER_LINES]
        if _is_title(line, skip) and not _type_word_only(line) and not line[:1].islower()
    ][:4]
    if not candidates:
        return None, 0.0
    best = candidates[0]
    for later in candidates[1:]:
        if later.startswith(best) and len(later) > len(best):
            best = later
    # a title wrapped over lines: "Entscheidung über die" | "Gewährung eines Zuschusses aus" | "Budgetmitteln …"
    at = lines.index(best)
    while at + 1 < len(lines) and len(best) < 200 and (_GOES_ON.search(best) or lines[at + 1][:1].islower()):
        following = lines[at + 1]
        if not _is_title(following, skip) or following.endswith(".") and len(following.split()) > 6:
            break
        best, at = f"{best} {following}", at + 1
    return best.rstrip(" .:;"), 0.5


_TYPE_WORD = re.compile(
    r"^(?:Einladung|Niederschrift|Protokoll|Wortprotokoll|Verhandlungsschrift|Tagesordnung|Beschlussvorlage|"
    r"Informationsvorlage|Mitteilungsvorlage|Vorlage|Antrag|Anfrage|Änderungsantrag|Antwort|Stellungnahme|"
    r"Beantwortung|Öffentliche\s+Bekanntmachung|Bekanntmachung|Tischvorlage|Ergänzung(?:svorlage)?|Bekanntgabe|"
    r"Sitzungsvorlage)\s*$",
    re.I,
)


# What may stand beside a number in a document's number line: "DS", "Drucksache", "Nr.", "Vorlagen-Nr.:".
_NUMBER_LABEL = re.compile(r"\b(?:DS|Drucksachen?|Drucks\.|Vorlagen?-?Nr\.?|Nr\.?|Nummer)(?!\w)|[:\-–]", re.I)


def _type_word_only(line: str) -> bool:
    """ "Einladung", "DS 53/2025 Beschlussvorlage", "Vorlage Nr. 12/2024": a type heading or a number
    line, not the subject."""
    line = line.strip()
    if _TYPE_WORD.match(line):
        return True
    if not REFERENCE.search(line):
        return False
    rest = _NUMBER_LABEL.sub(" ", REFERENCE.sub(" ", line)).strip()
    return not rest or bool(_TYPE_WORD.match(rest)) or all(_TYPE_WORD.match(word) for word in rest.split())


def _paper_type(lines: list[str], role: str | None, text: str) -> tuple[str, float]:
    """The type from the title block: the type word that comes first in the first lines wins."""
    region = lines[:TYPE_WORD_LINES]
    best = None
    for rank, (paper_type, pattern, confidence) in enumerate(TYPE_RULES):
        for index, line in enumerate(region):
            if pattern.search(line):
                if best is None or (index, rank) < best[0]:
                    best = ((index, rank), paper_type, confidence)
                break
    meeting_type = {"minutes": PaperType.MINUTES, "invitation": PaperType.INVITATION}.get(role or "")
    if best is not None and best[2] >= 0.75:
        if meeting_type and best[1] not in (PaperType.MINUTES, PaperType.INVITATION):
            # "Protokoll" or "Einladung" above the paper word: the meeting's document
            title_role_line = next(
                (i for i, line in enumerate(region) if MINUTES.search(line) or INVITATION.match(line)), 99
            )
            if title_role_line < best[0][0]:
                return meeting_type, 0.9
        return best[1], best[2]
    if meeting_type:
        return meeting_type, 0.9 if MINUTES.search("\n".join(region)) or INVITATION.search("\n".join(region)) else 0.7
    for paper_type, pattern, confidence in TYPE_RULES:
        if pattern.search("\n".join(lines[:HEADER_LINES])):
            return paper_type, confidence * 0.75
    return PaperType.OTHER, 0.2


def _own_reference(lines: list[str], related: set[str], limit: int = HEADER_LINES) -> tuple[str | None, float]:
    """The document's own number: after its label, or standing alone at the top; never a cited one."""
    for index, line in enumerate(lines[:limit]):
        if FILE_MARK.search(line):
            continue
        before_line = lines[index - 1] if index else ""
        for m in OWN_LABEL.finditer(line):
            ref = _normalise_reference(m["ref"])
            if ref in related or CITING.search(line[: m.start()] or before_line):
                continue
            if CITED_PAPER.search(line[: m.start()]):
                continue  # "Der Beschlussvorlage DS – 00226/14 wird zugestimmt": a paper the text names
            if re.match(r"(?:Antrag|Anfrage|Änderungsantrag)\s+(?!Nr|Nummer|-Nr|:)", m.group(0).strip(), re.I):
                continue  # "Antrag 132/2022 zu …" in a sentence names a motion; its own number has a label
            return ref, 0.95
    for line in lines[:8]:
        if FILE_MARK.search(line):
            continue
        if REFERENCE.fullmatch(line.strip()) or re.fullmatch(
            r"(?:Vorlage|Drucksache)\s*[-–]\s*(" + REFERENCE.pattern + ")", line.strip()
        ):
            ref = _normalise_reference(REFERENCE.search(line)[0])
            if ref not in related:
                return ref, 0.6
    return None, 0.0


def _links(header: str, lines: list[str], own: str | None, paper_type: str) -> list[dict]:
    """Every paper number the first pages cite, with how the document relates to it."""
    links: dict[str, str] = {}
    for m in AMENDS.finditer(header):
        links.setdefault(_normalise_reference(m["ref"]), "amends")
    for m in ANSWERS_REF.finditer(header):
        links.setdefault(_normalise_reference(m["ref"]), "answers" if paper_type == PaperType.ANSWER else "cites")
    if paper_type == PaperType.ANSWER:
        for line in lines[:HEADER_LINES]:
            if FILE_MARK.search(line) and (m := MARK_REFERENCE.search(line)):
                links.setdefault(_normalise_reference(m["ref"]), "answers")
    for m in REFERENCE.finditer(header):
        ref = _normalise_reference(m.group(0))
        if ref.count("/") < 2 and not re.search(
            r"(?:Vorlage|Drucksache|Antrag|Anfrage|Nr\.?)\s*[:\-–]?\s*$",
            header[max(0, m.start() - 30) : m.start()],
            re.I,
        ):
            continue  # "132/2022" alone may be anything; with a label it is a paper
        links.setdefault(ref, "cites")
    if own:
        links.pop(own, None)
        if paper_type == PaperType.AMENDMENT and own.count("/") >= 3:
            links.setdefault(own.rsplit("/", 1)[0], "amends")  # "A/0012/2025/1" amends "A/0012/2025"
    return [{"reference": ref, "relation": relation} for ref, relation in links.items()]


def _table_rows(tables: list[list[list[str]]]) -> set[str]:
    """A ruled table's rows as the text's lines print them (cells joined, spaces collapsed)."""
    return {re.sub(r"\s+", " ", " ".join(row)).strip() for table in tables for row in table}


def _in_consultation_row(line: str, day: datetime.date, consultations: list[dict]) -> bool:
    """The line is a Beratungsfolge row: it holds a consultation's date and its committee's name
    ("Beratung und Beschlussfas-Rat 24.06.2025"), so the date is that meeting's, not the document's."""
    return any(
        row.get("date") == day.isoformat() and row["organization"].split()[0] in line
        for row in consultations
        if row.get("organization")
    )


def _document_date(
    header: str, lines: list[str], skip_dates: set[str], consultations: list[dict] | tuple = (), body: str = ""
) -> tuple[datetime.date | None, float]:
    for m in DATE_LABEL.finditer(header):
        if day := parse_date(m["value"] or m["alone"]):
            return day, 0.9
    for line in lines[:HEADER_LINES]:
        if (m := PLACE_DATE.search(line)) and (day := parse_date(m["value"])):
            if _in_consultation_row(line, day, consultations):
                continue
            return day, 0.9
    for line in lines[:3]:
        if DATE.fullmatch(line.strip()) and (day := parse_date(line)):
            return day, 0.75
    if signed := _signed_at_end(body):
        return signed, 0.7
    for line in lines[:HEADER_LINES]:
        day = parse_date(line)
        if day and day.isoformat() not in skip_dates:
            return day, 0.4
    return None, 0.0


def _signed_at_end(body: str) -> datetime.date | None:
    """The place and date a letter, motion or minutes are signed with at their end ("Bern, 20. Mai 2010",
    "Leipzig, 19.01.2012" above the signatures)."""
    # only the text's end is read: splitting 60 pages to look at their last lines is wasted work per document
    tail = [line.strip() for line in body.rstrip().rsplit("\n", 400)[-400:] if line.strip()][-40:]
    for line in reversed(tail):
        if (m := PLACE_DATE.search(line)) and (day := parse_date(m["value"])) and len(line) <= 60:
            return day
    return None


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
    body = layout.body or layout.text

    role = meeting_role(lines, body)
    paper_type, type_confidence = _paper_type(lines, role, body)
    found.set("paper_type", paper_type, type_confidence)

    if m := ANSWERS_LETTER.search(header):
        found.set("answers", f"Anfrage vom {m['date']}", 0.6)
    # minutes and invitations carry a number of their own in their heading, if at all; further down, "der
    # Beschlussvorlage DS – 00226/14" is an item's paper
    limit = TYPE_WORD_LINES if role else HEADER_LINES
    own_first, _confidence = _own_reference(lines, set(), limit)
    links = _links(header, lines, own_first, paper_type)
    related = {link["reference"] for link in links if link["relation"] in ("amends", "answers")}
    own, own_confidence = _own_reference(lines, related, limit)
    found.set("reference", own, own_confidence)
    links = [link for link in links if link["reference"] != own]
    found.set("links", links, 0.8)
    for relation in ("amends", "answers"):
        if target := next((link["reference"] for link in links if link["relation"] == relation), None):
            found.set(relation, target, 0.9)

    consultations = _consultations_from_tables(layout.tables)
    consultation_confidence = 0.85
    if not consultations:
        consultations, consultation_confidence = _consultations_from_text(lines[:HEADER_LINES]), 0.6
    found.set("consultations", consultations, consultation_confidence)
    table_text = {" ".join(row) for table in layout.tables for row in table} | {
        line for line in lines if VOTE_ROW.match(line)
    }
    in_consultation = {r["date"] for r in consultations if r.get("date")}

    meeting = {}
    if role is not None:
        meeting = meeting_of(lines[:HEADER_LINES], body.splitlines()[:400]) | {"role": role}
        day_text, day_confidence = meeting_date_text(
            lines[:HEADER_LINES] + body.splitlines()[:60], DATE, minutes=role == "minutes"
        )
        day = parse_date(day_text) if day_text else None
        meeting["date"] = day.isoformat() if day else None
        if time_match := re.search(r"\b([01]?\d|2[0-3])[.:]([0-5]\d)\s*Uhr", header):
            meeting["time"] = f"{int(time_match[1]):02d}:{time_match[2]}"
        if role == "invitation":
            meeting["agenda"] = agenda(body, positions=layout.positions, running=layout.running)[:60]
        confidence = min(day_confidence, 0.9) if meeting.get("organization") else min(day_confidence, 0.6)
        found.set("meeting", meeting, confidence)

    title_block = "\n".join(lines[:15])
    label = SUBJECT_LABEL.search(title_block if role else header)
    if label:
        found.set("subject", (label["value"] or label["value2"]).strip(), 0.9)
    elif statement := _statement_subject(lines[:HEADER_LINES]):
        found.set("subject", statement, 0.8)
    elif not role and (instrument := _instrument_title(lines)):
        found.set("subject", instrument, 0.8)
    elif not role and (under := _title_under_heading(lines, table_text)):
        found.set("subject", under, 0.8)
    elif not role and (matter := _matter_heading(lines[:HEADER_LINES])):
        found.set("subject", matter, 0.8)
    elif not role and (reply := _subject_of_reply(lines, table_text)):
        found.set("subject", reply, 0.75)
    elif m := HIER.search(header):
        found.set("subject", *_subject_of_hier(lines, m["value"].strip(), table_text))
    elif meeting.get("title"):
        found.set("subject", meeting["title"], 0.85)
    elif title := _title_above_section(lines, _table_rows(layout.tables) | table_text, in_consultation):
        found.set("subject", title, 0.75)
    else:
        subject, confidence = _subject(lines, table_text, list(layout.titles))
        found.set("subject", subject, confidence)

    day, confidence = _document_date(header, lines, in_consultation, consultations, body)
    if role == "minutes" and meeting.get("date") and confidence < 0.7:
        # minutes without a date of their own are dated by their meeting
        day, confidence = datetime.date.fromisoformat(meeting["date"]), 0.8
    elif role == "minutes" and day and meeting.get("date") == day.isoformat():
        # the heading's "Datum:" was the meeting's; minutes signed at their end carry that date as their own
        if (signed := _signed_at_end(body)) and signed > day:
            day, confidence = signed, 0.7
    found.set("date", day, confidence)

    if NON_PUBLIC.search(header):
        found.set("public", False, 0.9)
    elif PUBLIC.search(header):
        found.set("public", True, 0.9)
    else:
        found.set("public", True, 0.5)

    votes = text_votes(body) if role == "minutes" or paper_type == PaperType.MINUTES else []
    found.set("votes", votes, 0.7)

    originators, confidence = _originators("\n".join(lines))
    found.set("originators", originators, confidence)
    factions = [m["name"] for m in FACTION.finditer(header) if len(m["name"]) > len("Fraktion")]
    if found.value("paper_type") in (PaperType.MOTION, PaperType.AMENDMENT, PaperType.INQUIRY) and factions:
        found.set("originators", list(dict.fromkeys(originators + factions[:1])), max(confidence, 0.6))
    return found
