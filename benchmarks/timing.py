"""Shared by the benchmarks: the best rate of a repeated call over a few timed rounds."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_rate(call: Callable[[], object], seconds: float = 3.0, warmup: int = 20, rounds: int = 3) -> float:
    """Calls per second: after ``warmup`` calls, the best of ``rounds`` rounds of ``seconds / rounds`` each.

    The best round, not the mean: the machine is shared, and other work only ever slows a round down.
    """
    for _ in range(warmup):
        call()
    best = 0.0
    for _ in range(rounds):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / rounds:
            call()
            count += 1
        best = max(best, count / (time.perf_counter() - start))
    return best
