"""Finding likely personal data in German council text: pure Python, no database.

``find(text, known_names=…, known_addresses=…)`` returns ``Finding``s of six categories:
e-mail addresses, phone numbers, IBANs (only those whose ISO 13616 checksum holds), dates of
birth (a date next to "geb.", "geboren", "Geburtsdatum"), street addresses with a house number
(with the postcode and town that follow them), and names of persons introduced by a form of
address or a role ("Herr/Frau …", "Antragsteller: …", a signature after "Mit freundlichen
Grüßen").

Names and addresses the system already knows as public (council members, staff, the town hall's
address; passed in by ``privacy.selectors``) are not findings: a council member's name in a
motion is the point of the motion, a petitioner's is personal data. The check is meant to list
what a clerk should look at before publishing, so it leans to recall: a false finding costs one
click ("dismiss"), a missed one a data breach. The figures on the hand-marked letters in
``tests/privacy/corpus`` are printed by ``python -m bench privacy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = "email"
PHONE = "phone"
IBAN = "iban"
BIRTHDATE = "birthdate"
ADDRESS = "address"
NAME = "name"
CATEGORIES = (EMAIL, PHONE, IBAN, BIRTHDATE, ADDRESS, NAME)


@dataclass(frozen=True)
class Finding:
    category: str
    text: str
    start: int
    end: int


_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# A German number: country code or a trunk "0" with the area code (also "(0 34 73)"), then
# subscriber digits with the separators people write (spaces, "/", "-"). Dots and commas are no
# separators, so dates, amounts and "1.234" never match; a leading "/" or letter (VII/0680/24)
# rules out reference numbers.
_PHONE = re.compile(
    r"(?<![\w/.,-])"
    r"(?:(?:\+|00)\s?49[\s/-]?(?:\(0\)[\s/-]?)?[1-9]\d{1,4}"
    r"|\(0\s?\d(?:\s?\d){1,5}\)"
    r"|0\s?[1-9]\d{1,4}|0[1-9](?:\s\d{2}){1,2})"
    r"(?:(?:\s?[/-]\s?|\s)?\d){3,12}"
    r"(?![\w])"
)
_NOT_PHONE_BEFORE = re.compile(
    r"\b(?:Az\.?|Aktenzeichen|Drucksache|Vorlage|Nr\.|Nummer|Kto\.?|Konto|BLZ|Flurstück|Flur|Gemarkung|PLZ)\s*:?\s*$",
    re.I,
)

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_IBAN_LENGTHS = {"DE": 22, "AT": 20, "CH": 21, "NL": 18, "BE": 16, "FR": 27, "LU": 20, "PL": 28, "DK": 18}

_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_DATE = rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.\s?(?:{_MONTHS})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_BIRTHDATE = re.compile(
    rf"(?:\bgeb\.|\bgeboren|\bGeburtsdatum|\bGeburtstag|\bgeb\.-Datum|\*)"
    rf"(?:\s+(?:des|der)\s+\w+)?\s*(?:am|:|,)?\s*(?:am\s+)?({_DATE})",
    re.I,
)

_STREET_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|steig|pfad|chaussee|markt|berg|hof|"
    r"graben|wall|tor|brücke|park|siedlung|winkel|stieg|grund|aue|feld|garten|zeile|kamp|twiete)"
)
_CAP = r"[A-ZÄÖÜ][a-zäöüß]+"
_HOUSE = r"\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/]\s?\d{1,4}\s?[a-z]?)?(?![\d,.]\d)(?!\s?(?:€|EUR|%|m²|qm|Prozent|Jahre|Uhr)\b)"
_STREET = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?:{_CAP}-)*{_CAP}{_STREET_SUFFIX}"  # Lindenstraße, Hans-Sachs-Weg, Marktplatz
    rf"|{_CAP}(?:e|er|es)\s+(?:Straße|Str\.|Weg|Gasse|Allee|Ring|Markt|Platz|Damm|Ufer)"  # Hohe Straße, Breiter Weg
    rf"|(?:Straße|Platz|Allee)\s+(?:des|der|am|zum|zur)\s+{_CAP}(?:\s+{_CAP})?"  # Straße der Einheit
    rf"|(?:Am|An\s+der|An\s+den|Auf\s+dem|Auf\s+der|Im|In\s+der|In\s+den|Zum|Zur|Hinter\s+der|Hinter\s+dem|Unter\s+den"
    rf"|Vor\s+dem|Über\s+den|Über\s+dem|Bei\s+der|Beim)"
    rf"\s+{_CAP}(?:\s+{_CAP})?"  # Am Stadtpark, In der Aue
    rf")[ \t]+({_HOUSE})"
)
_PLACE = re.compile(r"\s*(?:,|\n)?\s*(?:D-)?\d{5}\s+[A-ZÄÖÜ][\wäöüß.-]+(?:\s(?:an der|am|im|bei|\()\s?[\wäöüß.)]+)?")

# Words that follow "Herr/Frau" but are no name: offices, titles, greetings.
_ROLE_WORDS = {
    "oberbürgermeister",
    "oberbürgermeisterin",
    "bürgermeister",
    "bürgermeisterin",
    "stadtrat",
    "stadträtin",
    "ratsherr",
    "ratsfrau",
    "ratsmitglied",
    "vorsitzende",
    "vorsitzender",
    "beigeordnete",
    "beigeordneter",
    "dezernent",
    "dezernentin",
    "amtsleiter",
    "amtsleiterin",
    "kollege",
    "kollegin",
    "präsident",
    "präsidentin",
    "landrat",
    "landrätin",
    "senator",
    "senatorin",
    "kreistagsabgeordnete",
    "kreistagsabgeordneter",
    "abgeordnete",
    "abgeordneter",
    "stadtverordnete",
    "stadtverordneter",
    "sachbearbeiter",
    "sachbearbeiterin",
    "rechtsanwalt",
    "rechtsanwältin",
    "architekt",
    "architektin",
    "pfarrer",
    "pfarrerin",
    "minister",
    "ministerin",
    "bausenator",
    "ortsbürgermeister",
    "ortsbürgermeisterin",
    "direktor",
    "direktorin",
    "ratsvorsitzende",
    "ratsvorsitzender",
    "stadtpräsident",
    "stadtpräsidentin",
    "fraktionsvorsitzende",
    "fraktionsvorsitzender",
    "doktor",
    "bürgerin",
    "bürger",
    "einwohner",
    "einwohnerin",
    "antragsteller",
    "antragstellerin",
    "petent",
    "petentin",
    "mitarbeiter",
    "mitarbeiterin",
    "beschäftigte",
    "beschäftigter",
    "ehepaar",
    "eheleute",
    "geschäftsführer",
    "geschäftsführerin",
    "inhaber",
    "inhaberin",
}
_TITLE_TOKENS = re.compile(
    r"(?:Dr\.(?:\s?med\.|\s?jur\.|\s?rer\.\s?nat\.|\s?phil\.|\s?-Ing\.)?|Prof\.|Dipl\.-\w+\.?|med\.)\s+"
)
_NOT_NAMES = {
    "sehr",
    "geehrte",
    "geehrter",
    "mit",
    "und",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ihr",
    "ihre",
    "ihren",
    "ihrem",
    "ihrer",
    "sie",
    "wir",
    "ich",
    "es",
    "ein",
    "eine",
    "einen",
    "am",
    "im",
    "in",
    "zu",
    "zur",
    "zum",
    "von",
    "vom",
    "für",
    "auf",
    "an",
    "bei",
    "nach",
    "aus",
    "über",
    "gemäß",
    "laut",
    "wird",
    "wurde",
    "hat",
    "ist",
    "sind",
    "waren",
    "war",
    "bitte",
    "auch",
    "noch",
    "nicht",
    "herr",
    "frau",
    "herrn",
    "familie",
    "stadt",
    "gemeinde",
    "landkreis",
    "rat",
    "ausschuss",
    "verwaltung",
    "amt",
    "fachbereich",
    "team",
}
_NAME_WORD = r"(?:[A-ZÄÖÜ][a-zäöüßéè]+(?:-[A-ZÄÖÜ][a-zäöüßéè]+)?)"
_PARTICLE = r"(?:von(?:\s+der)?|van|de|zu|vom)"
_NAME = re.compile(rf"(?:{_PARTICLE}\s+)?{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD})?")
_NAME_TRIGGER = re.compile(
    r"(?<![\w-])(?:Herrn?|Frau|Hr\.|Fr\.|Familie|Eheleute|Ehepaar"
    r"|(?:Antragsteller(?:in)?|Petent(?:in)?|Bauherr(?:in|en)?|Eigentümer(?:in)?|Grundstückseigentümer(?:in)?"
    r"|Mieter(?:in)?|Absender(?:in)?|Beschwerdeführer(?:in)?|Einwender(?:in)?|Einreicher(?:in)?|Bewerber(?:in)?"
    r"|Beschäftigte[r]?|Mitarbeiter(?:in)?|Verfasser(?:in)?|Anwohner(?:in)?|Bürger(?:in)?|Name|Vertreten durch"
    r"|Ansprechpartner(?:in)?|Sachbearbeiter(?:in)?|Kontakt|Geschädigte[r]?|Widerspruchsführer(?:in)?|Inhaber(?:in)?"
    r"|Unterzeichner(?:in)?|Erziehungsberechtigte[r]?|Betroffene[r]?|Zeug(?:e|in)|Kläger(?:in)?|Schuldner(?:in)?"
    r"|Vermieter(?:in)?|Käufer(?:in)?|Verkäufer(?:in)?|Pächter(?:in)?|Steuerpflichtige[r]?)\s*:)"
    r"[ \t]*"
)
_COMPANY_AFTER = re.compile(r"\s*(?:GmbH|gGmbH|AG|KG|OHG|UG|GbR|e\.\s?V\.|mbH|&|Co\.|Stiftung)\b")
_SIGNATURE = re.compile(
    r"(?:Mit freundlichen Grüßen|Mit freundlichem Gruß|Freundliche Grüße|Hochachtungsvoll)[,.]?\s*\n(?:\s*\n)*[ \t]*"
)


def _iban_valid(candidate: str) -> bool:
    iban = candidate.replace(" ", "")
    country = iban[:2]
    if _IBAN_LENGTHS.get(country, len(iban)) != len(iban) or not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


class KnownNames:
    """Full names of persons the system knows as members or staff, and their family names."""

    def __init__(self, names: Iterable[str] = ()):
        self.full = set()
        self.family = set()
        for name in names:
            tokens = [t for t in re.split(r"\s+", _norm(name)) if t and not t.endswith(".")]
            if tokens:
                self.full.add(" ".join(tokens))
                self.family.add(tokens[-1])

    def __contains__(self, name: str) -> bool:
        tokens = _norm(name).split()
        if not tokens:
            return False
        if " ".join(tokens) in self.full:
            return True
        # "Frau Michelmann" alone: known if a known person has that family name.
        return len(tokens) == 1 and tokens[0] in self.family


def _names(text: str, known: KnownNames) -> list[Finding]:
    found = []
    for trigger in (*_NAME_TRIGGER.finditer(text), *_SIGNATURE.finditer(text)):
        pos = trigger.end()
        # Skip titles and offices: "Herrn Oberbürgermeister Dr. Andreas Michelmann".
        while True:
            title = _TITLE_TOKENS.match(text, pos)
            if title:
                pos = title.end()
                continue
            word = re.match(r"([A-ZÄÖÜ][a-zäöüß]+)\s+", text[pos:])
            if word and word.group(1).casefold() in _ROLE_WORDS:
                pos += word.end()
                continue
            break
        match = _NAME.match(text, pos)
        if not match:
            continue
        tokens = match.group(0).split()
        # Cut a trailing word that is no name ("Frau Schulze Sie" cannot occur, "Herrn Meier Die …" can).
        while tokens and tokens[-1].casefold() in _NOT_NAMES | _ROLE_WORDS:
            tokens.pop()
        if not tokens or tokens[0].casefold() in _NOT_NAMES | _ROLE_WORDS:
            continue
        name = " ".join(tokens)
        if _COMPANY_AFTER.match(text, match.start() + len(name)):
            continue
        if name in known or any(t.casefold() in _ROLE_WORDS for t in tokens):
            continue
        start = match.start()
        found.append(Finding(NAME, text[start : start + len(name)], start, start + len(name)))
    return found


def _addresses(text: str, known_addresses: set[str]) -> list[Finding]:
    found = []
    for match in _STREET.finditer(text):
        street = " ".join(match.group(0).split())
        if _norm(street) in known_addresses:
            continue
        end = match.end()
        place = _PLACE.match(text, end)
        if place:
            end = place.end()
        found.append(Finding(ADDRESS, text[match.start() : end], match.start(), end))
    return found


def _phones(text: str) -> list[Finding]:
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if not 6 <= len(digits) <= 15 or _NOT_PHONE_BEFORE.search(text[max(0, match.start() - 25) : match.start()]):
            continue
        # A postcode and a number ("06449 12") is no phone number; a number with area code has > 7 digits.
        if re.fullmatch(r"0\d{4}", match.group(0).split()[0]) and len(digits) < 8:
            continue
        found.append(Finding(PHONE, match.group(0).strip(), match.start(), match.end()))
    return found


def find(text: str, *, known_names: Iterable[str] = (), known_addresses: Iterable[str] = ()) -> list[Finding]:
    """The likely personal data in ``text``, in text order, overlaps resolved (the longer wins)."""
    known = KnownNames(known_names)
    addresses = {_norm(a) for a in known_addresses}
    candidates: list[Finding] = []
    candidates += [Finding(EMAIL, m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    candidates += [
        Finding(IBAN, m.group(0), m.start(), m.end()) for m in _IBAN.finditer(text) if _iban_valid(m.group(0))
    ]
    candidates += [Finding(BIRTHDATE, m.group(1), m.start(1), m.end(1)) for m in _BIRTHDATE.finditer(text)]
    candidates += _addresses(text, addresses)
    candidates += _names(text, known)
    iban_shaped = [(m.start(), m.end()) for m in _IBAN.finditer(text)]
    candidates += [p for p in _phones(text) if not any(s <= p.start and p.end <= e for s, e in iban_shaped)]
    # Specific categories first: an IBAN's digits are no phone number, a birth date no address.
    priority = {c: i for i, c in enumerate((EMAIL, IBAN, BIRTHDATE, NAME, ADDRESS, PHONE))}
    chosen: list[Finding] = []
    for f in sorted(candidates, key=lambda f: (priority[f.category], -(f.end - f.start), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)
