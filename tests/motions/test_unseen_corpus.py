"""The corpus of unseen towns (tests/corpus/unseen): truth complete and sourced, towns in no other corpus."""

import hashlib

import pytest

from tests.motions.realdocs import CORPUS, NEWDOCS, REPO, SHARED_REALDOCS, truth_entries

UNSEEN = REPO / "tests" / "corpus" / "unseen"
ENTRIES = truth_entries(UNSEEN)


def test_unseen_truth_is_complete_sourced_and_held_out():
    sources = (UNSEEN / "SOURCES").read_text(encoding="utf-8")
    assert len({e["file"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        assert {"repo", "path", "commit"} <= set(entry["source"]) and len(entry["source"]["commit"]) == 40
        assert entry["file"] in sources and entry["sha256"] in sources and entry["source"]["commit"] in sources
        assert entry["town"] and entry["vendor"] and entry["heldout"] is True
        assert entry["types"] and entry["subject"] and (entry["kind"] != "meeting" or entry["meeting_date"])


def test_unseen_towns_are_in_no_other_corpus():
    others = [CORPUS, NEWDOCS] + ([SHARED_REALDOCS] if (SHARED_REALDOCS / "truth.json").exists() else [])
    from bench.recognition import town_of

    seen = {town_of(e) for folder in others for e in truth_entries(folder)}
    assert seen and not {e["town"] for e in ENTRIES} & seen


def test_present_unseen_pdfs_match_their_sources():
    present = [e for e in ENTRIES if (UNSEEN / e["file"]).exists()]
    if not present:
        pytest.skip(f"the PDFs of {UNSEEN} are not here (they are brought from their sources, see its README)")
    for entry in present:
        data = (UNSEEN / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert data[:5] == b"%PDF-" and len(data) < 3 * 1024 * 1024
