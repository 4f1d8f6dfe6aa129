"""Where the real council PDFs are: the shared development set and the corpus kept in the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_REALDOCS = REPO.parent / "shared" / "realdocs"
CORPUS = REPO / "tests" / "corpus" / "realdocs"
# Further real documents whose PDFs are brought from their sources, not committed (see its README).
NEWDOCS = REPO / "tests" / "corpus" / "newdocs"


def shared_realdocs() -> Path:
    """The shared set (../shared/realdocs beside the checkout); the test is skipped without it."""
    if not (SHARED_REALDOCS / "truth.json").exists():
        pytest.skip(f"real council PDFs not found at {SHARED_REALDOCS} (the shared development set is absent)")
    return SHARED_REALDOCS


def truth_entries(folder: Path) -> list[dict]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))
