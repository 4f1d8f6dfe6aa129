"""Bring the corpus PDFs that are not committed back from local snapshots of their sources.

Each corpus folder's ``SOURCES`` names repository, path, commit and SHA-256 of every file. Where a
snapshot of that repository lies on this machine (a bare git directory as the workplace's fetch
tool leaves it, ``<owner>+<name>/repo``), the file is taken from the named commit and kept only if
its SHA-256 matches. Nothing is downloaded and nothing is committed; a file whose snapshot is absent
stays absent, and the tests that need it say they were skipped.

    python -m tests.corpus.restore            # every folder
    RIS_CORPUS_MIRRORS=/path/a:/path/b python -m tests.corpus.restore
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_MIRRORS = (REPO.parent / ".mirror", Path("/work/.mirror"))


@dataclass
class Outcome:
    present: int = 0
    restored: int = 0
    absent: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def mirror_roots() -> list[Path]:
    configured = os.environ.get("RIS_CORPUS_MIRRORS")
    roots = [Path(p) for p in configured.split(os.pathsep) if p] if configured else list(DEFAULT_MIRRORS)
    unique: list[Path] = []
    for root in roots:
        if root.is_dir() and root.resolve() not in unique:
            unique.append(root.resolve())
    return unique


def sources(folder: Path) -> list[tuple[str, str, str, str, str]]:
    """The rows of a folder's SOURCES: file, repository, path, commit, SHA-256."""
    rows = []
    for line in (folder / "SOURCES").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 5:
                raise ValueError(f"{folder / 'SOURCES'}: not file, repository, path, commit, SHA-256: {line!r}")
            rows.append(tuple(parts))
    return rows


def git_dir(repo: str, roots: list[Path]) -> Path | None:
    for root in roots:
        for candidate in (root / repo.replace("/", "+") / "repo" / ".git", root / repo.replace("/", "+") / "repo"):
            if (candidate / "HEAD").is_file():
                return candidate
    return None


def blob(git: Path, commit: str, path: str) -> bytes | None:
    done = subprocess.run(
        ["git", f"--git-dir={git}", "cat-file", "blob", f"{commit}:{path}"], capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


def restore(folder: Path, roots: list[Path]) -> Outcome:
    outcome = Outcome()
    for name, repo, path, commit, sha256 in sources(folder):
        target = folder / name
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
            outcome.present += 1
            continue
        git = git_dir(repo, roots)
        data = blob(git, commit, path) if git else None
        if data is None:
            outcome.absent.append(f"{name} ({repo})")
        elif hashlib.sha256(data).hexdigest() != sha256:
            outcome.wrong.append(f"{name} ({repo}@{commit[:10]}: SHA-256 differs, not kept)")
        else:
            target.write_bytes(data)
            outcome.restored += 1
    return outcome


def folders() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if (p / "SOURCES").is_file() and (p / "truth.json").is_file())


def _committed(folder: Path) -> bool:
    """A folder whose PDFs are committed lists no SHA-256 in its SOURCES (file, repository, path, commit):
    git keeps them whole. Read from the file, not from git, so that a checkout without git works too."""
    rows = [line for line in (folder / "SOURCES").read_text(encoding="utf-8").splitlines() if line.strip()]
    return bool(rows) and all(len(line.split("\t")) == 4 for line in rows if not line.startswith("#"))


def main() -> int:
    roots = mirror_roots()
    print(f"corpus: snapshots looked for in {', '.join(map(str, roots)) or 'no folder (none exists)'}")
    for folder in folders():
        if _committed(folder):
            continue  # a folder whose PDFs are in git needs nothing
        outcome = restore(folder, roots)
        print(
            f"  {folder.relative_to(REPO)}: {outcome.present} present, {outcome.restored} restored, "
            f"{len(outcome.absent)} absent, {len(outcome.wrong)} not matching"
        )
        missing_repos = sorted({line.split(" (")[1].rstrip(")") for line in outcome.absent})
        if missing_repos:
            print(
                f"    absent, no snapshot of: {', '.join(missing_repos)} (the corpus tests of these files are skipped)"
            )
        for line in outcome.wrong:
            print(f"    - {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
