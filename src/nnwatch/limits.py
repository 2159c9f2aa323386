"""Size limits, in one place so that every entry point (CLI, Python, browser) enforces the same ones.

They keep a typo (``--hidden 80000``) from eating the machine. Each check names the limit it enforces.
"""

from __future__ import annotations

from nnwatch.errors import LimitError

__all__ = ["MAX_LAYERS", "MAX_NEURONS", "MAX_POINTS", "MAX_GRID", "MAX_FEATURES", "MAX_EPOCHS",
           "MAX_SNAPSHOTS", "MAX_BATCH", "MAX_CLASSES", "check_limit"]

MAX_LAYERS = 300        # hidden layers; the deep-network lesson uses 250
MAX_NEURONS = 1024      # neurons in one layer
MAX_POINTS = 200_000    # data points (train + test)
MAX_GRID = 1000         # grid density per axis for probes (1000 x 1000 points)
MAX_FEATURES = 4096     # input features (a 64x64 image)
MAX_EPOCHS = 10_000_000
MAX_SNAPSHOTS = 100_000
MAX_BATCH = 100_000
MAX_CLASSES = 100


def check_limit(what: str, value: int, limit: int, *, minimum: int = 0) -> int:
    """Return value, or raise a LimitError naming the limit (e.g. 'neurons per layer is 5000; the limit is 1024')."""
    if value > limit:
        raise LimitError(f"{what} is {value}; the limit is {limit}")
    if value < minimum:
        raise LimitError(f"{what} is {value}; it must be at least {minimum}")
    return value
