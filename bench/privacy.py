"""Privacy benchmarks.

1. The personal-data finder on the hand-marked letters of ``tests/privacy/corpus``: recall and
   precision per category and overall, and the time per letter.
"""

import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "privacy" / "corpus"


def _detection():
    from privacy.detect import find
    from privacy.evaluation import evaluate

    scores = evaluate(CORPUS)
    letters = sorted(CORPUS.glob("*.txt"))
    print(f"   finder on {len(letters)} hand-marked letters:")
    for category, score in scores.items():
        print(
            f"     {category:10} recall {score.recall:6.1%}  precision {score.precision:6.1%}"
            f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
    texts = [p.read_text(encoding="utf-8") for p in letters]
    started = time.perf_counter()
    for _ in range(20):
        for text in texts:
            find(text, known_names=["Andreas Michelmann"])
    per_letter = (time.perf_counter() - started) / (20 * len(texts))
    print(f"     {per_letter * 1000:.2f} ms per letter")


def main():
    _detection()
