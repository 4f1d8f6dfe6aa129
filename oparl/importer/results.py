"""Free-text results of real OParl servers, read into our structure where they can be.

OParl's ``AgendaItem.result`` is a free string. SD.NET servers write what the clerk typed:
"einstimmig, 0 Enthaltungen", "5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung", "Einstimmig12
Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", "ohne", "Der Ausschuss nimmt die Ausführungen zur
Kenntnis." The text itself is always kept verbatim (``AgendaItem.result_text``); this module only
adds what can be read from it: a result of our vocabulary and, when the text says "einstimmig" or
gives counts, a vote (``Vote.source_text`` names the text it was read from). Anything it cannot
read stays unknown — "ohne" is not turned into "ohne Votum".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sessions.models import Result

KEYWORDS = (
    ("ungeändert", Result.ADOPTED),
    ("mit änderung", Result.ADOPTED_AMENDED),
    ("geändert beschlossen", Result.ADOPTED_AMENDED),
    ("abgelehnt", Result.REJECTED),
    ("kenntnis", Result.NOTED),
    ("vertagt", Result.POSTPONED),
    ("verwiesen", Result.REFERRED),
    ("zurückgezogen", Result.WITHDRAWN),
    ("ohne votum", Result.NO_VOTE),
    ("ohne beschluss", Result.NO_VOTE),
    ("angenommen", Result.ADOPTED),
    ("beschlossen", Result.ADOPTED),
    ("zugestimmt", Result.ADOPTED),
    ("empfohlen", Result.ADOPTED),
)
COUNT = r"(\d{1,3})\s*[- ]?\s*"
PATTERNS = {
    "yes": re.compile(COUNT + r"ja\b", re.IGNORECASE),
    "no": re.compile(COUNT + r"nein\b", re.IGNORECASE),
    "abstain": re.compile(COUNT + r"enthaltung", re.IGNORECASE),
}
NO_ABSTENTION = re.compile(r"\b(ohne|keine)\s+enthaltung", re.IGNORECASE)
UNANIMOUS = re.compile(r"einstimmig", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedResult:
    result: str  # a Result value, or "" when the text names none
    unanimous: bool = False
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None

    @property
    def has_vote(self) -> bool:
        return self.unanimous or any(v is not None for v in (self.yes, self.no, self.abstain))


def keyword_result(value: str) -> str:
    """The first of our results named in the text ("zur Kenntnis genommen" → kenntnis), else ""."""
    lowered = value.lower()
    return next((result for needle, result in KEYWORDS if needle in lowered), "")


def parse(value) -> ParsedResult:
    """Read a result and vote counts out of a free-text result; "" / no vote where it says nothing."""
    if not isinstance(value, str) or not value.strip():
        return ParsedResult("")
    counts = {}
    for key, pattern in PATTERNS.items():
        found = pattern.search(value)
        counts[key] = int(found.group(1)) if found else None
    if counts["abstain"] is None and NO_ABSTENTION.search(value):
        counts["abstain"] = 0
    unanimous = bool(UNANIMOUS.search(value))
    if unanimous and counts["no"] is None and (counts["yes"] is not None or counts["abstain"] is not None):
        counts["no"] = 0  # "einstimmig" with counts: nobody voted against
    result = keyword_result(value)
    if not result and (unanimous or counts["yes"] is not None or counts["no"] is not None):
        yes, no = counts["yes"], counts["no"]
        if unanimous or (yes is not None and yes > (no or 0)):
            result = Result.ADOPTED
        elif no is not None and no >= (yes or 0):
            result = Result.REJECTED
    return ParsedResult(result, unanimous, counts["yes"], counts["no"], counts["abstain"])
