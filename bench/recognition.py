"""Recognition on real council PDFs: per-field accuracy against truth written by hand.

The corpora are ``tests/corpus/realdocs`` (in the repository) and ``../shared/realdocs`` (the
shared development set, when present); each holds PDFs and a ``truth.json`` (format in
``tests/corpus/realdocs/README.md``). Every PDF goes through what the ingest workers do
(``pdf_analyse``: extraction, OCR where needed, recognition), then the whole corpus is ingested
with ``ingest_pdfs`` into a throw-away test database to count silent merges.

Printed, per corpus and together:

- type (one of the acceptable types), date, subject (share of the truth's words found in the
  recognised subject; right at ≥ 60 %), reference (the document's own number, or none),
  meeting date (invitations and minutes), votes (found in documents that carry votes);
- false references: an own reference the document does not carry as its own;
- merges: a document that became a file of another document's paper;
- "(cid:" count in all extracted text;
- calibration: of the values given with confidence ≥ 0.9, the share that is right (target ≥ 95 %).

``python -m bench recognition``; ``BENCH_RECOGNITION_INGEST=0`` skips the database run.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.ingest import _load

REPO = Path(__file__).resolve().parents[1]
CORPORA = [
    REPO / "tests" / "corpus" / "realdocs",
    REPO.parent / "shared" / "realdocs",
    REPO / "tests" / "corpus" / "newdocs",
    REPO / "tests" / "corpus" / "unseen",
    REPO / "tests" / "corpus" / "unseen2",
    REPO / "tests" / "corpus" / "unseen3",
    REPO / "tests" / "corpus" / "unseen4",
    REPO / "tests" / "corpus" / "unseen5",
    REPO / "tests" / "corpus" / "unseen6",
]
# Documents of towns that are in no other corpus; all of them are scored as "unseen towns".
UNSEEN_CORPUS = CORPORA[3]
# A second set of towns in no other corpus, gathered after the first set was tuned on (see its README);
# scored as its own group so that its figures stay a first-run measurement.
UNSEEN2_CORPUS = CORPORA[4]
# Later sets, each gathered (truth written by hand) before the recognizer saw it; a folder's group name says
# which gathering it belongs to (unseen3 and unseen4 were gathered at the same time, by two searches).
LATER_SETS = {
    CORPORA[5]: "unseen towns, third set",
    CORPORA[6]: "unseen towns, third set",
    CORPORA[7]: "unseen towns, fourth set",
    CORPORA[8]: "unseen towns, fifth set",
}
SUBJECT_SHARE = 0.6


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", text or "")]


def subject_share(truth: str, found: str | None) -> float:
    wanted = _words(truth)
    have = set(_words(found or ""))
    return sum(w in have for w in wanted) / max(len(wanted), 1)


def _votes_found(found) -> bool:
    rows = found.value("consultations", []) or []
    if any(r.get("yes") is not None or r.get("unanimous") for r in rows):
        return True
    return bool(found.value("votes"))


def _spaceless(reference: str | None) -> str | None:
    return re.sub(r"\s+", "", reference) if reference else None


def score(entry: dict, found, text) -> dict:
    """Each field right (True), wrong (False) or not applicable (None), with the confidence given."""
    out: dict[str, tuple[bool | None, float]] = {}
    if found is None:
        return {"read": (False, 0.0)}
    conf = found.confidence
    out["type"] = (found.value("paper_type") in entry["types"], conf("paper_type"))
    date = found.value("date")
    out["date"] = ((date.isoformat() if date else None) == entry["date"], conf("date"))
    out["subject"] = (subject_share(entry["subject"], found.value("subject")) >= SUBJECT_SHARE, conf("subject"))
    # a number is the same number however its printing spaces it ("20-26 / V 02232" is "20-26/V02232")
    out["reference"] = (_spaceless(found.value("reference")) == _spaceless(entry["reference"]), conf("reference"))
    meeting = found.value("meeting") or {}
    if entry.get("meeting_date"):
        out["meeting date"] = (meeting.get("date") == entry["meeting_date"], conf("meeting"))
    if entry.get("has_votes"):
        out["votes"] = (_votes_found(found), 0.0)
    out["public"] = (found.value("public", True) == entry.get("public", True), conf("public"))
    return out


def _analyse(folder: Path, entries: list[dict]) -> list[tuple[dict, object, object]]:
    from ingest.ingestion import pdf_analyse

    rows = []
    for entry in entries:
        analysis = pdf_analyse((folder / entry["file"]).read_bytes())
        rows.append((entry, analysis.found, analysis.text))
    return rows


def _merges(folders: list[Path]) -> tuple[int, int]:
    """Ingest everything into a throw-away database; count files that became another paper's file."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from motions.models import File, FileRole

    with tempfile.TemporaryDirectory(prefix="ris-bench-recognition-") as tmp:
        settings.MEDIA_ROOT = Path(tmp) / "media"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            paths = [str(folder) for folder in folders]
            call_command("ingest_pdfs", *paths, "--body", "Korpus", "--workers", "1", "--json", stdout=io.StringIO())
            files = list(File.objects.select_related("paper"))
            merged = sum(
                1 for f in files if f.paper is not None and (f.paper.recognition or {}).get("file") not in (f.pk, None)
            )
            from sessions.models import Vote

            from_minutes = Vote.objects.filter(agenda_item__meeting__files__role=FileRole.RESULTS_PROTOCOL).distinct()
            print(
                f"     votes from minutes on agenda items: {from_minutes.count()} votes on "
                f"{from_minutes.values('agenda_item').distinct().count()} items of "
                f"{from_minutes.values('agenda_item__meeting').distinct().count()} meetings"
            )
            return merged, len(files)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


# Towns whose documents the rules were written against (the first two corpora); a document from any
# other town is "unseen". Documents marked "heldout" in their truth were never looked at while tuning.
TUNED_CORPORA = (CORPORA[0], CORPORA[1])
TOWN_PREFIXES = {"erl": "Erlangen", "koe": "Köln", "stg": "Stuttgart", "wels": "Wels"}
TARGETS = {"type": 0.90, "date": 0.90, "subject": 0.80, "meeting date": 0.80, "votes": 0.80}
CONFIDENT_SHARE = 0.95


def town_of(entry: dict) -> str:
    return entry.get("town") or TOWN_PREFIXES.get(re.match(r"[a-z]+", entry["file"]).group(0), "?")


def _entries(folder: Path) -> tuple[list[dict], int]:
    """The corpus's scoreable entries whose PDF is here, and how many PDFs are missing."""
    entries = [
        e
        for e in json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        if e.get("kind") not in ("duplicate", "failed")
    ]
    present = [e for e in entries if (folder / e["file"]).exists()]
    return present, len(entries) - len(present)


class Tally:
    """Per-field right/total, false references, '(cid:' and calibration of one group of documents."""

    def __init__(self):
        self.fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.confident = [0, 0]
        self.false_refs = self.cid = self.documents = 0
        self.towns: set[str] = set()

    def add(self, entry: dict, found, text, verbose: bool):
        self.documents += 1
        self.towns.add(town_of(entry))
        if text is not None:
            self.cid += sum(page.count("(cid:") for page in text.pages)
        own = found.value("reference") if found is not None else None
        if own and _spaceless(own) != _spaceless(entry["reference"]):
            self.false_refs += 1
            print(f"   false reference {own!r} in {entry['file']}")
        for name, (right, confidence) in score(entry, found, text).items():
            if right is None:
                continue
            self.fields[name][0] += bool(right)
            self.fields[name][1] += 1
            if confidence >= 0.9 and name != "votes":
                self.confident[0] += bool(right)
                self.confident[1] += 1
            if not right and verbose:
                print(f"   ✗ {entry['file']}: {name}")

    def report(self, title: str):
        print(f"   {title}: {self.documents} documents from {len(self.towns)} towns ({', '.join(sorted(self.towns))})")
        if not self.documents:
            return
        for name, (right, n) in self.fields.items():
            share = right / max(n, 1)
            goal = TARGETS.get(name)
            verdict = f" (target ≥ {goal:.0%}: {'✓' if share >= goal else '✗'})" if goal else ""
            print(f"     {name:<13} {right:>3}/{n:<3} {share:6.1%}{verdict}")
        share = self.confident[0] / max(self.confident[1], 1)
        print(f"     false references {self.false_refs} (target 0); '(cid:' in text {self.cid} (target 0)")
        print(
            f"     confidence ≥ 0.9: {self.confident[0]}/{self.confident[1]} right ({share:.1%}; target ≥ 95 %: "
            f"{'✓' if share >= CONFIDENT_SHARE else '✗'})"
        )


def main():
    folders = [folder for folder in CORPORA if (folder / "truth.json").exists()]
    if not folders:
        print("   skipped: no corpus found (tests/corpus/realdocs, ../shared/realdocs, tests/corpus/newdocs, unseen*)")
        return
    print(f"   {_load()} (load average, 1 min)")
    verbose = bool(os.environ.get("BENCH_RECOGNITION_VERBOSE"))
    groups: dict[str, Tally] = defaultdict(Tally)
    every = Tally()
    tuned_towns: set[str] = set()
    loaded = []
    for folder in folders:
        entries, missing = _entries(folder)
        if missing:
            print(
                f"   {folder.relative_to(REPO.parent)}: {missing} PDFs absent (sources in its truth.json), not scored"
            )
        loaded.append((folder, entries))
        if folder in TUNED_CORPORA:
            tuned_towns |= {town_of(e) for e in entries}
    for folder, entries in loaded:
        for entry, found, text in _analyse(folder, entries):
            if folder in TUNED_CORPORA:
                group = "tuned (the documents the rules were written against)"
            elif folder == UNSEEN_CORPUS:
                group = "unseen towns"
            elif folder == UNSEEN2_CORPUS:
                group = "unseen towns, second set"
            elif folder in LATER_SETS:
                group = LATER_SETS[folder]
            elif entry.get("heldout"):
                group = "held-out (never looked at while tuning)"
            elif town_of(entry) in tuned_towns:
                group = "new documents of tuned towns"
            else:
                group = "unseen towns"
            groups[group].add(entry, found, text, verbose)
            every.add(entry, found, text, verbose=False)
    for title, tally in groups.items():
        tally.report(title)
    every.report("all")
    if os.environ.get("BENCH_RECOGNITION_INGEST", "1") != "0":
        merged, files = _merges([folder for folder, entries in loaded if entries])
        print(f"     merges: {merged} of {files} stored files became a file of another document's paper")
