"""Documents of a meeting (invitations, minutes) and votes written out in running text.

Councils print the meeting a document belongs to in a handful of ways: "9. Sitzung des
Gemeinderates" under "Einladung", "Thema: 1. Sitzung des Stadtteilbeirates Büchenbach" in a
minutes' header, "1. Sitzung • Mittwoch, 22.01.2020" under the committee's name, "4. Sitzung vom
4. Februar 2021" as the running header of a verbatim transcript. The meeting's date is the date
next to "Sitzung", a weekday or "am"/"vom"; the document's own date (a letter date, "Datum:") is
another one and is left to ``ingest.recognition``.

Votes in minutes are sentences, not tables: "einstimmig angenommen", "Abstimmung 9:0 Stimmen",
"Gegenstimmen: 2, Enthaltungen: 2", "mit 30 Ja-Stimmen, 5 Nein-Stimmen und 2 Enthaltungen".
"""

from __future__ import annotations

import re

from sessions.models import Result

WEEKDAYS = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?"
ORG_WORDS = (
    r"(?:[\w-]*(?:rat|rates|rats|ausschuss|ausschusses|beirat|beirates|beirats|versammlung|vertretung|kommission|"
    r"konferenz|kreistag|kreistages|gremium|gremiums))"
)
# "9. Sitzung des Gemeinderates", "1. öffentliche Sitzung des Bauausschusses am …"
ORDINALS = {
    word: n
    for n, word in enumerate(
        "erste zweite dritte vierte fünfte sechste siebte achte neunte zehnte elfte zwölfte".split(), start=1
    )
}
# A body's name after "Sitzung des": "Betriebsausschusses Technische Betriebe", "Rates der Stadt".
_ORG_NAME = (
    r"(?:(?:[A-ZÄÖÜ]\w*-,?\s+)+(?:und|oder|sowie)\s+)?[A-ZÄÖÜ][\w-]*(?:\s+(?:für|und|der|des|[A-ZÄÖÜ0-9])[\w-]*){0,5}?"
)
SITTING_OF = re.compile(
    r"\b(?:(?P<number>\d{1,3})\.|(?P<ordinal>(?i:"
    + "|".join(ORDINALS)
    + r"))n?)\s*(?:\(?(?:öffentliche|nichtöffentliche|außerordentliche|ordentliche|konstituierende)\)?\s+)?"
    r"Sitzung\s+(?:des|der)\s+(?P<org>" + _ORG_NAME + ")"
    r"(?=\s*(?:$|[,.;:•(\-–]|\s(?:am|vom|in|im|der|zu|um|den|Mittwoch|Montag|Dienstag|Donnerstag|Freitag)\b)"
    r"|\s+[a-zäöüß])",
    re.M,
)
# "zur Sitzung des Betriebsausschusses Technische Betriebe": an invitation's meeting without a number.
SITTING_UNNUMBERED = re.compile(
    r"^\s*(?:(?:zur|zu\s+der|über\s+die|die|der)\s+)?(?P<title>(?:(?:öffentlichen?|nichtöffentlichen?|"
    r"gemeinsamen?|außerordentlichen?|ordentlichen?|konstituierenden?)\s+)?Sitzung\s+(?:des|der)\s+(?P<org>"
    + _ORG_NAME
    + r"))(?=\s*(?:$|[,.;:•(\-–]|\s(?:am|vom|in|im|zu|um|den)\b))",
    re.M,
)
# A notice's sentence: "Am Donnerstag, 15.09.2022 findet … eine öffentliche Sitzung des Gemeinderates statt."
SITTING_IN_SENTENCE = re.compile(
    r"\b(?:eine|einer|zur|zu\s+einer|[Dd]ie\s+nächste|[Nn]ächste)\s+(?P<title>(?:(?:öffentlichen?|nichtöffentlichen?|gemeinsamen?|"
    r"außerordentlichen?|ordentlichen?|nächsten)\s+)?Sitzung\s+(?:des|der)\s+(?P<org>" + _ORG_NAME + r"))"
    r"(?=\s*(?:$|[,.;:•(\-–]|\s(?:am|vom|in|im|zu|um|den|statt|findet|wird|tritt)\b))",
    re.M,
)
# A body's meeting in one word: "Gemeinderatssitzung", "Kreistagssitzung", "Gemeindeversammlung".
COMPOUND_SITTING = re.compile(
    r"\b(?P<org>[A-ZÄÖÜ][\w-]*?(?:rat|ausschuss|beirat|kreistag))(?:e?s)?sitzung\b"
    r"|\b(?:zur|der)\s+(?P<assembly>[A-ZÄÖÜ][\w-]*versammlung)\b"
)
# Minutes that carry their own number under the body's name: "Grosser Rat" / "Protokoll Nr. 61 vom …".
NUMBERED_MINUTES = re.compile(
    r"^\s*(?P<kind>Protokoll|Niederschrift|Sitzungsprotokoll|Verhandlungsschrift|Wortprotokoll|Beschlussprotokoll)"
    r"\s+(?:Nr\.?|Nummer)\s*(?P<number>\d{1,4})\b\s*(?P<rest>.*)$",
    re.I,
)
SITTING = re.compile(
    r"\b(?P<number>\d{1,3})\.\s*(?:(?:öffentliche|nichtöffentliche|außerordentliche|ordentliche|konstituierende)\s+)?"
    r"Sitzung\b",
)
ORG_LINE = re.compile(rf"^(?:[A-ZÄÖÜ][\w-]*\s+)?[A-ZÄÖÜ]?{ORG_WORDS}(?:\s+[A-ZÄÖÜ][\w-]+){{0,3}}$", re.I)
INVITATION = re.compile(
    r"^\s*(?:Einladung|Bekanntmachung|Tagesordnung|Öffentliche\s+Bekanntmachung|Kundmachung|Ladung|Traktandenliste)\b",
    re.I | re.M,
)
MINUTES = re.compile(
    r"\b(?:[\w-]*niederschrift|[\w-]*protokoll(?:auszug)?|Verhandlungsschrift|Sitzungsbericht)\b",
    re.I,
)
# An invitation that says so in its first sentence: "ich lade Sie hiermit zur nächsten Sitzung des … ein".
INVITING = re.compile(
    r"\b(?:lade|laden)\s+(?:Sie|Euch|Dich|ich\s+Sie|wir\s+Sie)?\s*(?:hiermit\s+|herzlich\s+)*zu[rm]?\s+[^\n]{0,40}Sitzung\b"
)
# A transcript's or minutes' opening line: "(Beginn: 15.41 Uhr - Ende: 16.45 Uhr)", "Beginn der Sitzung: 15.00 Uhr".
SESSION_TIMES = re.compile(r"Beginn(?:\s+der\s+Sitzung)?\s*:\s*\d{1,2}[.:]\d{2}\s*Uhr", re.I)
TOP_LINE = re.compile(
    r"^\s*(?:TOP\s*)?(?P<number>(?:[ÖN]\s?)?\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*[:.)]?\s+(?P<title>[A-ZÄÖÜ„\"].{3,150})$",
    re.M,
)


# Where a document's heading ends and its items begin: dates after this are other meetings' ("Genehmigung des
# Protokolls der Sitzung vom 29.09.2022"), not this one's.
HEADING_ENDS = re.compile(
    r"^\s*(?:Tagesordnung|Traktanden|TOP\b|Top\s+Öffentliche|Öffentliche\s+Sitzung|Öffentlicher\s+Teil|Sitzungsverlauf|"
    r"Anwesend|Anwesenheit|Vorsitz|Mitglieder)",
    re.I,
)


MINUTES_DATE_LABEL = re.compile(r"^\s*(?:Datum|Tag)\s*:\s*(?:" + WEEKDAYS + r",?\s*)?(?:den\s+)?(?P<d>\d.*)$", re.I)


def meeting_date_text(lines: list[str], date_pattern: re.Pattern, *, minutes: bool = False) -> tuple[str | None, float]:
    """The text of the meeting's date: next to "Sitzung", after a weekday, after "am"/"vom". In the heading (up to
    the agenda or the attendance list) the first line that names a date this way wins; failing that, the best
    rule anywhere in the text."""
    end = next((i for i, line in enumerate(lines) if i >= 1 and HEADING_ENDS.match(line)), len(lines))
    if end < len(lines):
        heading = lines[:end]
        for index in range(end):
            for pattern, confidence in MEETING_DATE_RULES:
                if text := _date_at(pattern, heading, index, date_pattern):
                    return text, confidence
        if minutes:
            # minutes' heading block "Datum: 11. Januar 2012 / Ort: … / Zeit: 18:30 bis 20:15 Uhr" dates the meeting
            for line in lines[:end]:
                if (m := MINUTES_DATE_LABEL.match(line)) and date_pattern.match(m["d"].strip()):
                    return m["d"].strip(), 0.8
    for pattern, confidence in MEETING_DATE_RULES:
        for index in range(len(lines)):
            if text := _date_at(pattern, lines, index, date_pattern):
                return text, confidence
    return None, 0.0


# The ways a meeting's date is written, best first: next to "Sitzung", after a label, after a weekday, "am"/"vom".
MEETING_DATE_RULES: list[tuple[re.Pattern, float]] = [
    (re.compile(r"Sitzung\s+(?:vom|am)\s*:?\s*(?:" + WEEKDAYS + r",?\s*)?(?:dem\s+|den\s+)?(?P<d>.+)", re.I), 0.9),
    (
        re.compile(
            r"(?:Sitzungstermin|Sitzungsdatum|Sitzungstag|Datum\s+der\s+Sitzung|Tag\s+der\s+Sitzung|Termin|"
            r"Besprechung\s+am|Sitzung\s+am)\s*:?\s*(?:" + WEEKDAYS + r",?\s*)?(?:dem\s+|den\s+)?(?P<d>.+)",
            re.I,
        ),
        0.9,
    ),
    (
        # "Protokoll Nr. 61 vom 16. August 2023", "Niederschrift vom 3. Mai 2021"
        re.compile(
            r"^\s*(?:Protokoll|Niederschrift|Sitzungsprotokoll|Verhandlungsschrift|Wortprotokoll|Beschlussprotokoll)"
            r"(?:\s+(?:Nr\.?|Nummer)\s*\d{1,4})?\s+(?:vom|am)\s+(?:" + WEEKDAYS + r",?\s*)?(?P<d>.+)",
            re.I,
        ),
        0.85,
    ),
    (re.compile(r"Sitzung\b.{0,12}?" + WEEKDAYS + r",?\s*(?:dem\s+|den\s+)?(?P<d>.+)"), 0.9),
    (re.compile(r"\b(?:[Aa]m|[Vv]om)\s+" + WEEKDAYS + r",?\s*(?:dem\s+|den\s+)?(?P<d>.+)"), 0.85),
    (re.compile(r"^\s*" + WEEKDAYS + r",?\s*(?:dem\s+|den\s+)?(?P<d>\d.+)"), 0.8),
    # "am 14.11.2023" on a line of its own under the heading
    (re.compile(r"^\s*(?:am|vom)\s+(?:dem\s+|den\s+)?(?P<d>\d{1,2}\.\s*\S+\s*\d{0,4}.*)$", re.I), 0.8),
    # "über die 5. Sitzung des Gemeinderates der Gemeinde Ahnsen am 23.11.2022 im …"
    (
        re.compile(
            r"\bSitzung\s+(?:des|der)\s+[^\n]{3,90}?\s(?:am|vom)\s+(?:"
            + WEEKDAYS
            + r",?\s*)?(?:dem\s+|den\s+)?(?P<d>\d.+)"
        ),
        0.85,
    ),
]


def _date_at(pattern: re.Pattern, lines: list[str], index: int, date_pattern: re.Pattern) -> str | None:
    """The date ``pattern`` reads on line ``index``, or across its end into the next line ("am Donnerstag, dem" |
    "30. September 2021, …", "dem 21. Dezember" | "2021, im Saal …")."""
    line = lines[index]
    if (m := pattern.search(line)) and date_pattern.match(m["d"].strip()):
        return m["d"].strip()
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if following and (whole := pattern.search(f"{line.rstrip()} {following}")):
        if whole.start() < len(line.rstrip()) and date_pattern.match(whole["d"].strip()):
            return whole["d"].strip()
    return None


def _genitive(org: str) -> str:
    """ "Stadtteilbeirat Büchenbach" → "Stadtteilbeirats Büchenbach", "Grosser Rat" → "Grossen Rats",
    as "… Sitzung des" needs."""
    words = org.split()
    noun = 0
    if len(words) >= 2 and re.fullmatch(r"[A-ZÄÖÜ]\w+er", words[0]) and re.search(ORG_WORDS + "$", words[1], re.I):
        words[0] = words[0][:-2] + "en"  # the adjective before the body's noun declines too
        noun = 1
    if words and re.search(r"(?:rat|ausschuss|beirat|kreistag|gremium)$", words[noun], re.I):
        words[noun] += "es" if words[noun].lower().endswith("ausschuss") else "s"
    return " ".join(words)


def _nominative(org: str) -> str:
    """ "Gemeinderates" → "Gemeinderat", "Bauausschusses" → "Bauausschuss": the name as the organization has it."""
    # the noun may follow hyphenated first parts: "Haupt- und Finanzausschusses", "Bau-, Planungs- und Umweltausschusses"
    return re.sub(
        r"^((?:(?:\w+-,?\s+)+(?:und|oder|sowie)\s+)?[\w-]*?(?:ausschuss|rat|beirat|kreistag|gremium))(?:es|s)(?=\s|$)",
        r"\1",
        org,
        flags=re.I,
    )


# The rest of a meeting's heading after its body's short name, up to the date or place: "… des Rates"
# + " der Gemeinde Nordstemmen am …", "… des Fachausschusses Finanzen" + ", Wirtschaftsförderung,
# Marketing und Feuerschutz am …". Only the body's name goes on (capitalised words, "der", "und",
# a list of names that ends in "und …"), never a place or a sentence.
_HEADING_STOP = re.compile(
    r"\s+(?:am|vom|um|im|in|den|zu|zur|ab|stattgefunden\w*)\b|\s*[(:;•–]|\s+-\s|\s*,\s*(?:(?:am|vom|den|dem)\b|"
    + WEEKDAYS
    + r"|\d)"
)
_NAME_TAIL = re.compile(
    r"(?:,\s*[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*)*(?:\s+(?:und|für|der|des)\s+[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*)+"
)


def _title_tail(text: str, end: int) -> str:
    """What of the heading's line after ``end`` still belongs to the body's name."""
    rest = text[end:].split("\n", 1)[0]
    if stop := _HEADING_STOP.search(rest):
        rest = rest[: stop.start()]
    rest = rest.rstrip(" ,.")
    if not rest or len(rest) > 120 or not _NAME_TAIL.fullmatch(rest) or ("," in rest and " und " not in rest):
        return ""
    return rest


def meeting_of(lines: list[str], body_lines: list[str]) -> dict:
    """Organization and number of the meeting a document belongs to, from its first lines (then the body)."""
    found = _meeting_of(lines, body_lines)
    if (org := found.get("organization")) and " " not in org:
        # "… Sitzung des Ortschaftsrates" under a letterhead "Ortschaftsrat" | "Knautnaundorf – Hartmannsdorf":
        # the body's full name is in the letterhead
        for index, line in enumerate(lines[:4]):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if (
                line.strip().lower() == org.lower()
                and _PLACE_NAME.fullmatch(following)
                and not MINUTES.search(following)
                and not INVITATION.match(following)
            ):
                found["organization"] = f"{org} {following}"
                found["title"] = f"{found.get('title', org)} {following}"
                break
    return found


# A place's name as a letterhead's second line: capitalised words, joined by dashes or "und".
_PLACE_NAME = re.compile(r"[A-ZÄÖÜ][\w.-]+(?:\s+(?:[–-]|und|an\s+der|am|im)?\s*[A-ZÄÖÜ][\w.-]+){0,5}")


def _meeting_of(lines: list[str], body_lines: list[str]) -> dict:
    head = "\n".join(lines)
    for text in (head, "\n".join(body_lines)):
        if m := SITTING_OF.search(text):
            org = re.sub(r"\s+", " ", m["org"]).strip()
            number = int(m["number"]) if m["number"] else ORDINALS[m["ordinal"].lower()]
            title = re.sub(r"\s+", " ", m.group(0)).strip()
            if m["ordinal"]:
                title = f"{number}. Sitzung des {org}"
            tail = _title_tail(text, m.end()) if text is head else ""
            title += tail
            return {"number": number, "organization": _nominative(_with_purpose(org, tail)), "title": title}
    for index, line in enumerate(lines):
        if m := NUMBERED_MINUTES.match(line):
            org = next(
                (c.strip() for c in reversed(lines[max(0, index - 3) : index]) if ORG_LINE.match(c.strip())), None
            )
            if org:
                rest = f" {m['rest'].strip()}" if m["rest"].strip() else ""
                title = f"{m['kind']} Nr. {m['number']} des {_genitive(org)}{rest}"
                return {"number": int(m["number"]), "organization": org, "title": title}
    for index, line in enumerate(lines):
        if m := SITTING.search(line):
            org = next(
                (
                    candidate
                    for candidate in reversed(lines[max(0, index - 3) : index])
                    if ORG_LINE.match(candidate.strip())
                ),
                None,
            )
            found = {"number": int(m["number"])}
            if org:
                found |= {"organization": org.strip(), "title": f"{m['number']}. Sitzung des {_genitive(org.strip())}"}
            return found
    if m := SITTING_UNNUMBERED.search(head):
        org = re.sub(r"\s+", " ", m["org"]).strip()
        if re.search(ORG_WORDS, org, re.I):
            tail = _title_tail(head, m.end("title"))
            title = re.sub(r"\s+", " ", m["title"]).strip() + tail
            return {"organization": _nominative(_with_purpose(org, tail)), "title": title}
    if m := SITTING_IN_SENTENCE.search(head):
        org = re.sub(r"\s+", " ", m["org"]).strip()
        if re.search(ORG_WORDS, org, re.I):
            return {"organization": _nominative(org), "title": re.sub(r"\s+", " ", m["title"]).strip()}
    if m := COMPOUND_SITTING.search(head):
        # "Protokoll der Gemeinderatssitzung vom …", "Einladung zur Gemeindeversammlung"
        org = m["org"] or m["assembly"]
        title = m.group(0).strip() if m["org"] else org
        return {"organization": org, "title": title}
    return {}


def _with_purpose(org: str, tail: str) -> str:
    """ "Ausschuss" + " für Umwelt und Verkehr": a body named by its purpose keeps it, or every committee
    would be one "Ausschuss"; a body named by its place keeps its short name ("Rat", not "Rat der Gemeinde …")."""
    return f"{org}{tail}" if re.match(r"\s+für\s", tail) else org


def meeting_role(lines: list[str], text: str) -> str | None:
    """ "invitation" or "minutes", from the title block (the first lines), not from words of the body."""
    title = "\n".join(lines[:15])
    first_minutes = MINUTES.search(title)
    first_invitation = INVITATION.search(title)
    if first_minutes and (not first_invitation or first_minutes.start() < first_invitation.start()):
        return "minutes"
    if first_invitation:
        return "invitation"
    if INVITING.search("\n".join(lines[:30])):
        return "invitation"
    if SESSION_TIMES.search(text[:3000]):
        return "minutes"
    return None


def running_lines(pages: list[str]) -> frozenset[str]:
    """Lines printed on more than one page (running headers and footers: "1. OG des Stadthauses …")."""
    seen: dict[str, int] = {}
    for page in pages:
        for line in {re.sub(r"\s+", " ", line).strip() for line in page.splitlines()}:
            if len(line) >= 8:
                seen[line] = seen.get(line, 0) + 1
    return frozenset(line for line, count in seen.items() if count >= 2)


# "TOP: 1" alone in a column of its own, the item's title to its right.
TOP_ALONE = re.compile(r"^\s*TOP\s*:?\s*(?P<number>(?:[ÖN]\s?)?\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*$", re.I)
# Lines beside an item's title that are not the title: the department, the paper's number, the mover.
ITEM_LABEL = re.compile(
    r"^(?:Dezernat|Fachbereich|Referat|Amt|Abteilung|Geschäftsbereich)\b"
    r"|^(?:Beschlussvorlage|Informationsvorlage|Vorlage|Drucksache|Antrag|Anfrage)\s+(?:Nr\.?\s*)?[A-Z]{0,4}\s?[\d][\w/.-]*$"
    r"|^(?:Antragsteller|Berichterstatt|Seite\s+\d)",
    re.I,
)


def _agenda_from_positions(positions, running: frozenset[str]) -> list[dict]:
    """Items whose number stands alone ("TOP: 1") with the title beside it, paired by their place on the page."""
    numbers = sorted((line for line in positions if TOP_ALONE.match(line[5])), key=lambda line: (line[0], line[2]))
    items = []
    for line in numbers:
        page, _left, top, right = line[0], line[1], line[2], line[3]
        later = [n[2] for n in numbers if n[0] == page and n[2] > top + 0.005]
        end = min(later) if later else 1.0
        beside = sorted(
            (
                other
                for other in positions
                if other[0] == page
                and other[1] >= right
                and top - 0.01 <= other[2] < end - 0.005
                and re.sub(r"\s+", " ", other[5]).strip() not in running
            ),
            key=lambda other: other[2],
        )
        title = ""
        for other in beside:
            text = re.sub(r"\s+", " ", other[5]).strip()
            if ITEM_LABEL.match(text) or TOP_ALONE.match(text) or not any(ch.isalpha() for ch in text):
                if title:
                    break
                continue
            if title and not (title.endswith("-") or text[:1].islower() or re.search(r"\b(?:und|oder|für)$", title)):
                break
            title = f"{title} {text}".strip() if title else text
        if title:
            items.append({"number": TOP_ALONE.match(line[5])["number"].replace(" ", ""), "title": title[:300]})
    return items


def agenda(text: str, *, positions=(), running: frozenset[str] = frozenset()) -> list[dict]:
    """The TOP list: numbered items with their titles, in order, each number once.

    Running headers and footers are never items; where the numbers stand alone in a column of
    their own ("TOP: 1"), the title is the line beside each, found by its place on the page.
    """
    items, seen = [], set()
    for item in _agenda_from_positions(positions, running):
        if item["number"] not in seen:
            seen.add(item["number"])
            items.append(item | {"placed": True})
    start = re.search(r"^.*Tagesordnung.*$", text, re.M | re.I)
    for m in TOP_LINE.finditer(text, start.end() if start else 0):
        number = m["number"].replace(" ", "")
        if number in seen or len(items) >= 80 or re.match(r"Sitzung\b", m["title"]):
            continue
        if re.sub(r"\s+", " ", m.group(0)).strip() in running:
            continue
        seen.add(number)
        items.append({"number": number, "title": m["title"].strip()})
    placed = sum(1 for item in items if item.get("placed"))
    if 0 < placed < len(items):
        # numbers found beside their titles and numbers found in the text: one list, in the numbers' order
        items.sort(key=lambda item: (item["number"][:1] == "N", _number_key(item["number"]) or (0,)))
    return [{"number": item["number"], "title": item["title"]} for item in items]


_COUNT = r"(\d{1,3}|keine|kein|eine|null)"
VOTE_SENTENCES: list[tuple[re.Pattern, str]] = [
    (
        re.compile(
            r"Abstimmung(?:sergebnis)?\s*:?\s*(?P<yes>\d{1,3})\s*:\s*(?P<no>\d{1,3})(?:\s*:\s*(?P<abstain>\d{1,3}))?",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            rf"(?P<yes>\d{{1,3}})\s*(?:Ja-?Stimmen?|Ja|Dafür|Für-?Stimmen)\s*[,;/]?\s*(?:und\s+|bei\s+)?(?P<no>{_COUNT})\s*"
            rf"(?:Nein-?Stimmen?|Nein|Gegenstimmen?|Dagegen)(?:\s*[,;/]?\s*(?:und\s+|bei\s+)?(?P<abstain>{_COUNT})\s*"
            r"(?:Stimm)?[Ee]nthaltung(?:en)?)?",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            rf"\b(?:Ja(?:-?Stimmen)?|Dafür|Zustimmung(?:en)?|Für)\s*:?\s*(?P<yes>\d{{1,3}})\s*[,;/]?\s*"
            rf"(?:Nein(?:-?Stimmen)?|Dagegen|Gegenstimmen?|Ablehnung(?:en)?)\s*:?\s*(?P<no>{_COUNT})"
            rf"(?:\s*[,;/]?\s*(?:Stimm)?[Ee]nthaltung(?:en)?\s*:?\s*(?P<abstain>{_COUNT}))?",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            rf"Gegenstimmen?\s*:\s*(?P<no>{_COUNT})[,;]?\s*(?:Stimm)?[Ee]nthaltung(?:en)?\s*:\s*(?P<abstain>{_COUNT})",
            re.I,
        ),
        "",
    ),
    (
        # The chair's question round of a verbatim transcript: "Gibt es Gegenstimmen? - Das ist die AfD.
        # Enthaltungen? - Keine. Dann ist der Antrag so beschlossen."
        re.compile(
            r"Gegenstimmen\?[\s\S]{0,200}?Enthaltungen\?[\s\S]{0,200}?\b(?:Dann|Damit|So)\s+(?:ist|sind)\b[^.?!]{0,120}?"
            r"(?P<result>einstimmig\s+beschlossen|beschlossen|abgelehnt|angenommen|zugestimmt|erledigt)",
            re.I,
        ),
        "",
    ),
    (
        # "mit 8 Stimmen angenommen", "spricht sich mit 8 Stimmen einstimmig für die Projekte aus"
        re.compile(
            r"\bmit\s+(?P<yes>\d{1,3})\s+(?:Ja-?)?Stimmen\s+(?:(?P<how>einstimmig)\s+)?"
            r"(?P<result>angenommen|beschlossen|abgelehnt|zugestimmt|befürwortet|empfohlen|für\b|dafür)",
            re.I,
        ),
        "",
    ),
    (
        re.compile(
            r"\b(?P<how>einstimmig|mehrheitlich|mit\s+(?:großer\s+)?Mehrheit|mit\s+Stimmenmehrheit)\b[^.\n]{0,80}?"
            r"(?P<result>angenommen|beschlossen|abgelehnt|zugestimmt|genehmigt|befürwortet|abgesetzt|gutgeheißen|gutgeheissen|"
            r"gewählt|wiedergewählt|bestätigt|"
            r"zur\s+Kenntnis\s+genommen|empfohlen|vertagt|dafür|dagegen|folgenden\s+(?:Antrag|Beschluss))",
            re.I,
        ),
        "",
    ),
    (
        # the body decides something unanimously: "fragt einstimmig an", "beantragt einstimmig",
        # "spricht sich einstimmig für … aus", "empfiehlt weiterhin einstimmig"
        re.compile(
            r"\b(?:beantragt|beantragen|empfiehlt|empfehlen|fordert|fordern|bittet|bitten|fragt|fragen|"
            r"beschließt|beschließen|spricht|sprechen|stimmt|stimmen|wählt|wählen|wählte|wählten)\b(?:\s+(?!und\b)[\w-]+){0,4}?\s+"
            r"(?P<how>einstimmig)\b",
            re.I,
        ),
        "",
    ),
    (
        # a labelled result in words: "Abstimmungsergebnis: einstimmig", "Beschluss: mehrheitlich"
        re.compile(
            r"\b(?:Abstimmung(?:sergebnis)?|Abstimmungsverhalten|Ergebnis|Beschluss(?:fassung)?)\s*:\s*"
            r"(?P<how>einstimmig|mehrheitlich)\b(?:\s+(?P<result>abgelehnt|angenommen|beschlossen|zugestimmt|"
            r"gutgeheißen|gutgeheissen|genehmigt|zur\s+Kenntnis\s+genommen|vertagt))?",
            re.I,
        ),
        "",
    ),
    (
        # Swiss and Austrian minutes: "mit 25 : 10 Stimmen bei 2 Enthaltungen gutgeheissen"
        re.compile(
            rf"\bmit\s+(?P<yes>\d{{1,3}})\s*(?::|\bzu\b|\bgegen\b)\s*(?P<no>\d{{1,3}})\s+Stimmen(?:\s+bei\s+(?P<abstain>{_COUNT})\s+"
            r"(?:Stimm)?[Ee]nthaltung(?:en)?)?(?P<tail>[^.\n]{0,40})",
            re.I,
        ),
        "",
    ),
    (
        # "Beschluss (einstimmig):", "Abstimmung (mehrheitlich)"
        re.compile(
            r"\b(?:Beschluss(?:fassung)?|Abstimmung(?:sergebnis)?|Ergebnis)\s*\(\s*(?P<how>einstimmig|mehrheitlich)\s*\)",
            re.I,
        ),
        "",
    ),
    (
        # a count in brackets, yes : no : abstentions, as in "empfiehlt mehrheitlich (5:2:0) die Annahme"
        re.compile(r"\((?P<yes>\d{1,3})\s*:\s*(?P<no>\d{1,3})\s*:\s*(?P<abstain>\d{1,3})\)"),
        "",
    ),
    (
        # a decision told as a noun: "– Einstimmige Zustimmung", "mehrheitliche Ablehnung", "einstimmige Annahme"
        re.compile(
            r"\b(?P<how>einstimmig|mehrheitlich)e[nr]?\s+(?P<result>Zustimmung|Annahme|Ablehnung|Befürwortung|Empfehlung)\b",
            re.I,
        ),
        "",
    ),
    (
        # "Der Ausschuss lehnt den Antrag einstimmig ab"
        re.compile(r"\b(?:lehnt|lehnen)\b(?:\s+(?!und\b)[\w-]+){0,4}?\s+(?P<how>einstimmig|mehrheitlich)\s+ab\b", re.I),
        "abgelehnt",
    ),
]


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.lower()
    return {"keine": 0, "kein": 0, "null": 0, "eine": 1}.get(text, int(text) if text.isdigit() else None)


def _result(text: str) -> str:
    text = text.lower()
    if "abgelehnt" in text or "ablehnung" in text:
        return Result.REJECTED
    if "kenntnis" in text:
        return Result.NOTED
    if "vertagt" in text:
        return Result.POSTPONED
    return Result.ADOPTED


MONTHS = "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
NOT_A_HEADING = re.compile(
    rf"^(?:{MONTHS}|Sitzung|Ja-?Stimmen|Nein-?Stimmen|Stimmen|Gegenstimmen|Enthaltungen|Mitglieder|Seite|Uhr)\b", re.I
)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", number))


# A heading's number alone on its line, the title on the next: "1.)" / "Arbeiterkammerpräsident …".
NUMBER_LINE = re.compile(
    r"^[ \t]*(?:TOP[ \t]*)?(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})(?P<mark>\.?\)?)[ \t]*\n+[ \t]*"
    r"(?P<title>[A-ZÄÖÜ„\"][^\n]{3,150})$",
    re.M,
)
QUESTION_WORDS = re.compile(
    r"^(?:Wie|Was|Warum|Weshalb|Welche[rsmn]?|Wann|Wo|Wer|Gibt|Ist|Sind|Kann|Können|Werden|Wird)\b"
)


def _ascending_chain(candidates: list[tuple]) -> list[tuple]:
    """The longest run of candidates whose numbers (key, the last element) strictly ascend."""
    tails: list[int] = []
    back: list[int | None] = [None] * len(candidates)
    for index, candidate in enumerate(candidates):
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if candidates[tails[mid]][-1] < candidate[-1]:
                low = mid + 1
            else:
                high = mid
        back[index] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    chain: list[int] = []
    cursor = tails[-1] if tails else None
    while cursor is not None:
        chain.append(cursor)
        cursor = back[cursor]
    return [candidates[i] for i in reversed(chain)]


def item_headings(text: str) -> list[tuple[int, str, str]]:
    """The agenda items' headings in minutes: (offset, number, title), in the order of the text.

    A heading is a numbered line ("3. Grün am Rudeltplatz", "TOP 2.1.2 Antrag der …", or "1.)" on
    a line of its own above the title), not a date ("27. Oktober"), a count ("33 Ja-Stimmen"), a
    question or a line ending mid-sentence. One document writes all its headings alike and treats
    its items in ascending order: of each way of writing them, the longest ascending run of numbers
    is taken, and the way with the longest run wins; numbered lists inside an item (the questions
    of an inquiry) fall out.
    """
    forms: dict[tuple, list[tuple]] = {}
    for pattern, own_line in ((TOP_LINE, False), (NUMBER_LINE, True)):
        for m in pattern.finditer(text):
            title = m["title"].strip()
            key = _number_key(m["number"])
            if (
                not key
                or key[0] > 60
                or NOT_A_HEADING.match(title)
                or QUESTION_WORDS.match(title)
                or title.endswith(("-", ","))
                or "?" in title
            ):
                continue
            if own_line:
                mark = m["mark"]
                if not mark:  # a bare number on its own line is a page number
                    continue
            else:
                if "\n" in m.group(0).strip():
                    continue
                mark = m.group(0).strip().split(m["number"], 1)[1][:2]
            form = (own_line, ")" in mark)
            forms.setdefault(form, []).append((m.start(), m["number"].replace(" ", ""), title, key))
    best: list[tuple] = []
    for candidates in forms.values():
        chain = _ascending_chain(sorted(candidates))
        if len(chain) > len(best):
            best = chain
    return [heading[:3] for heading in best]


def text_votes(text: str, *, limit: int = 200) -> list[dict]:
    """Every vote written out in the text, in order, each with the sentence it came from and, where
    the minutes number their items, the item it was taken under (``"item"``: number and title)."""
    headings = item_headings(text)
    votes = []
    for at, vote in _votes_at(text)[:limit]:
        before = [h for h in headings if h[0] < at]
        if before:
            vote["item"] = {"number": before[-1][1], "title": before[-1][2][:300]}
        votes.append(vote)
    return votes


def _votes_at(text: str) -> list[tuple[int, dict]]:
    found: list[tuple[int, dict]] = []
    taken: list[tuple[int, int]] = []
    for pattern, default in VOTE_SENTENCES:
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in taken):
                continue
            groups = m.groupdict()
            vote = {
                "yes": _number(groups.get("yes")),
                "no": _number(groups.get("no")),
                "abstain": _number(groups.get("abstain")),
                "unanimous": bool(groups.get("how") and groups["how"].lower() == "einstimmig"),
                "text": re.sub(r"\s+", " ", m.group(0)).strip()[:200],
            }
            if vote["yes"] is not None and vote["no"] is not None:
                vote["result"] = Result.ADOPTED if vote["yes"] > vote["no"] else Result.REJECTED
                if re.search(r"nicht\s+erheblich|abgelehnt|verworfen|nicht\s+eingetreten", groups.get("tail") or ""):
                    # "Forderung 1 wird mit 107:2 Stimmen nicht erheblich erklärt": the majority said no
                    vote["result"] = Result.REJECTED
            else:
                vote["result"] = _result(groups.get("result") or default or "angenommen")
            found.append((m.start(), vote))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda pair: pair[0])
