"""The train/test split every dataset goes through, and the small helpers (domain, pixel names) the loaders share.

One rule for all data (built-in and the user's): shuffle with the seeded generator, then the first
``round(n * train_share)`` rows are the training set. At least one row always lands in training, because a
run with nothing to train on is useless and would only fail later, far from the cause.
"""

from __future__ import annotations

import math

import numpy as np

from nnwatch.errors import DataError

__all__ = ["check_seed", "check_train_share", "train_count", "split_rows", "padded_domain", "pixel_names"]


def check_seed(seed: object) -> int:
    """Return seed as an int >= 0 (what np.random.default_rng accepts), or raise a one-line DataError."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def check_train_share(train_share: object) -> float:
    """Return train_share as a float in (0, 1], or raise a one-line DataError."""
    # bool is an int subclass: reject it so that train_share=True does not silently mean "all rows".
    if isinstance(train_share, bool) or not isinstance(train_share, (int, float, np.integer, np.floating)):
        raise DataError(f"train_share must be a number in (0, 1], got {train_share!r}")
    share = float(train_share)
    if not math.isfinite(share) or not 0.0 < share <= 1.0:
        raise DataError(f"train_share must be in (0, 1] (a fraction of the points), got {share:g}")
    return share


def train_count(n: int, share: float) -> int:
    """How many of n rows go to training: round(n * share), but at least 1 and at most n."""
    return min(n, max(1, round(n * share)))


def split_rows(
    x: np.ndarray, y: np.ndarray, share: float, rng: np.random.Generator, *, shuffle: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test): optionally shuffled by rng, first share of rows to training."""
    n = len(x)
    order = rng.permutation(n) if shuffle else np.arange(n)
    k = train_count(n, share)
    # Copies keep each split contiguous and independent of the caller's arrays.
    train, test = order[:k], order[k:]
    return x[train].copy(), y[train].copy(), x[test].copy(), y[test].copy()


def padded_domain(x: np.ndarray, pad: float = 0.05) -> tuple[tuple[float, float], ...]:
    """Per column (min, max) widened by pad * range on each side; a constant column by +-1, or by pad times its
    value when that is larger (1 is lost in rounding next to 1e308, which would leave an empty range).

    Probes draw their grid over the domain; the padding keeps the outermost points off the grid's edge.
    """
    domain = []
    for column in np.asarray(x, dtype=np.float64).T:
        low, high = float(column.min()), float(column.max())
        # pad*high - pad*low rather than pad*(high - low): the difference of two huge values can overflow.
        margin = pad * high - pad * low if high > low else max(1.0, pad * abs(high))
        # Keep the ends finite even for columns near the float64 limit; a grid over inf is meaningless.
        top = float(np.finfo(np.float64).max)
        domain.append((max(low - margin, -top), min(high + margin, top)))
    return tuple(domain)


def pixel_names(rows: int, cols: int) -> tuple[str, ...]:
    """Input names for a flattened image, row-major: 'r0c0', 'r0c1', ... (no commas, so CSV export stays safe)."""
    return tuple(f"r{r}c{c}" for r in range(rows) for c in range(cols))
