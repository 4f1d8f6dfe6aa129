"""Recall and precision of ``privacy.detect`` on a folder of hand-marked letters.

The folder holds ``*.txt`` letters and ``truth.json``: per letter the findings marked by hand
(category and the text as it stands in the letter), plus the names and addresses the system
knows as public (members, staff, the town hall). A found item counts as right when a marked item
of the same category contains it or is contained in it ("Lindenstraße 12, 06449 Aschersleben"
for the marked "Lindenstraße 12"); each marked item is matched at most once, and repeated
mentions of the same item in one letter count once on both sides (a later "Herr Pohl" after a
marked "Herrn Jürgen Pohl" is neither a second hit nor a false one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from privacy.detect import CATEGORIES, find


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def evaluate(folder: Path) -> dict[str, Score]:
    """Scores per category and ``"all"`` over every letter in ``folder``."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    scores = {c: Score() for c in (*CATEGORIES, "all")}
    for name, marked in sorted(truth["documents"].items()):
        text = (folder / name).read_text(encoding="utf-8")
        found = find(text, known_names=truth["known_names"], known_addresses=truth["known_addresses"])
        for category in CATEGORIES:
            expected = list(dict.fromkeys(_norm(m["text"]) for m in marked if m["category"] == category))
            got = list(dict.fromkeys(_norm(f.text) for f in found if f.category == category))
            matched: set[str] = set()
            for item in got:
                hits = [e for e in expected if item in e or e in item]
                if not hits:
                    scores[category].fp += 1
                    scores[category].false.append(f"{name}: {item}")
                    continue
                # A second mention of a marked person ("Herr Pohl" after "Herrn Jürgen Pohl") is right too.
                scores[category].tp += 1 if set(hits) - matched else 0
                matched.update(hits)
            missed = [e for e in expected if e not in matched]
            scores[category].fn += len(missed)
            scores[category].misses += [f"{name}: {e}" for e in missed]
    for category in CATEGORIES:
        for attr in ("tp", "fp", "fn"):
            setattr(scores["all"], attr, getattr(scores["all"], attr) + getattr(scores[category], attr))
    return scores
