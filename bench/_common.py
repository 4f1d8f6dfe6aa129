"""Pieces the benchmarks share (the leading underscore keeps this module out of `python -m bench`)."""

import time


class Rollback(Exception):
    """Raised at the end of a benchmark's atomic block so its throw-away data is rolled back."""


def timed(fn, repeat=5) -> float:
    """The best of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best
