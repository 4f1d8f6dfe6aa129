"""The corpora of unseen towns (tests/corpus/unseen, tests/corpus/unseen2): truth complete and sourced, towns in no
other corpus, present PDFs as their sources have them."""

import hashlib

import pytest

from tests.motions.realdocs import CORPUS, NEWDOCS, REPO, SHARED_REALDOCS, truth_entries

UNSEEN = REPO / "tests" / "corpus" / "unseen"
# The second set: towns in no other corpus, gathered after the first set was tuned on; measured on first run only.
UNSEEN2 = REPO / "tests" / "corpus" / "unseen2"
ENTRIES = truth_entries(UNSEEN)
# Later sets, each gathered with its truth written before the recognizer saw it (unseen3 and unseen4 at the
# same time by two searches, unseen5 after them, unseen6 last).
LATER = [REPO / "tests" / "corpus" / name for name in ("unseen3", "unseen4", "unseen5", "unseen6")]
FOLDERS = [pytest.param(UNSEEN, id="unseen"), pytest.param(UNSEEN2, id="unseen2")] + [
    pytest.param(folder, id=folder.name) for folder in LATER
]


def _check_truth(folder):
    entries = truth_entries(folder)
    sources = (folder / "SOURCES").read_text(encoding="utf-8")
    assert entries and len({e["file"] for e in entries}) == len(entries)
    for entry in entries:
        assert {"repo", "path", "commit"} <= set(entry["source"]) and len(entry["source"]["commit"]) == 40
        assert entry["file"] in sources and entry["sha256"] in sources and entry["source"]["commit"] in sources
        assert entry["town"] and entry["vendor"] and entry["heldout"] is True
        assert entry["types"] and entry["subject"] and (entry["kind"] != "meeting" or entry["meeting_date"])
        assert {"kind", "reference", "date", "public", "has_votes", "meeting_date"} <= set(entry), entry["file"]
    lines = [line.split("\t") for line in sources.splitlines() if line and not line.startswith("#")]
    assert sorted(parts[0] for parts in lines) == sorted(e["file"] for e in entries)
    by_file = {e["file"]: e for e in entries}
    for name, repo, path, commit, sha256 in lines:
        source = by_file[name]["source"]
        assert (repo, path, commit, sha256) == (
            source["repo"],
            source["path"],
            source["commit"],
            by_file[name]["sha256"],
        )


def test_unseen_truth_is_complete_sourced_and_held_out():
    _check_truth(UNSEEN)


def test_unseen2_truth_is_complete_sourced_and_held_out():
    _check_truth(UNSEEN2)


def test_unseen_towns_are_in_no_other_corpus():
    others = [CORPUS, NEWDOCS] + ([SHARED_REALDOCS] if (SHARED_REALDOCS / "truth.json").exists() else [])
    from bench.recognition import town_of

    seen = {town_of(e) for folder in others for e in truth_entries(folder)}
    assert seen and not {e["town"] for e in ENTRIES} & seen


def test_unseen2_towns_are_in_no_other_corpus_and_not_in_the_first_set():
    others = [CORPUS, NEWDOCS, UNSEEN] + ([SHARED_REALDOCS] if (SHARED_REALDOCS / "truth.json").exists() else [])
    from bench.recognition import town_of

    seen = {town_of(e) for folder in others for e in truth_entries(folder)}
    assert seen and not {e["town"] for e in truth_entries(UNSEEN2)} & seen


def test_unseen2_pdfs_are_kept_out_of_commits():
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/tests/corpus/unseen2/*.pdf" in ignore


@pytest.mark.parametrize("folder", FOLDERS)
def test_present_unseen_pdfs_match_their_sources(folder):
    entries = truth_entries(folder)
    present = [e for e in entries if (folder / e["file"]).exists()]
    if not present:
        pytest.skip(f"the PDFs of {folder} are not here (they are brought from their sources, see its README)")
    for entry in present:
        data = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert data[:5] == b"%PDF-" and len(data) < 3 * 1024 * 1024


@pytest.mark.parametrize("folder", LATER, ids=[folder.name for folder in LATER])
def test_later_sets_are_complete_sourced_of_new_towns_and_kept_out_of_commits(folder):
    from bench.recognition import town_of

    _check_truth(folder)
    earlier = [CORPUS, NEWDOCS, UNSEEN, UNSEEN2] + [other for other in LATER if other != folder]
    if (SHARED_REALDOCS / "truth.json").exists():
        earlier.append(SHARED_REALDOCS)
    seen = {town_of(e) for other in earlier for e in truth_entries(other)}
    assert seen and not {e["town"] for e in truth_entries(folder)} & seen
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"/tests/corpus/{folder.name}/*.pdf" in ignore
