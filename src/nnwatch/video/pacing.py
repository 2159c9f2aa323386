"""How much screen time each stretch of a run gets: evenly per snapshot, or by how much the picture changes.

Snapshots are sampled on a log schedule (dense early, sparse late), and given equal time each the default
video spent most of its 20 s on the first few hundred epochs, where a spiral network sits at 60 % accuracy
and hardly moves, then squeezed the real learning into a few seconds. ``change`` pacing keeps the schedule
for sampling but gives each interval between two snapshots time in proportion to how much changes over it:
the network's outputs on the data (what the boundary map and the neurons show) and the training loss (what
the curves show: how far the best loss so far falls), each as its share of the whole run's change. A fifth of
the time is still spread evenly, so a quiet stretch passes quickly but is never skipped.
"""

from __future__ import annotations

import numpy as np

from nnwatch import probes
from nnwatch.errors import unknown

__all__ = ["PACINGS", "EVEN_SHARE", "MAX_POINTS", "check_pacing", "interval_weights"]

PACINGS = ("change", "even")
EVEN_SHARE = 0.2   # of the moving time, spread evenly over the intervals whatever they show
MAX_POINTS = 400   # data points the outputs are compared on: enough to see the picture move, cheap per snapshot


def check_pacing(pacing: str) -> str:
    if pacing not in PACINGS:
        raise unknown("pacing", pacing, PACINGS)
    return pacing


def interval_weights(run, pacing: str = "change") -> tuple[float, ...] | None:
    """Each interval's share of the moving screen time (they sum to 1), or None for even pacing."""
    if check_pacing(pacing) == "even" or len(run) < 3:
        return None
    output_share = _share(_output_changes(run))
    loss_share = _share(_loss_progress(run))
    change = 0.5 * output_share + 0.5 * loss_share
    intervals = len(run) - 1
    return tuple(float(w) for w in EVEN_SHARE / intervals + (1 - EVEN_SHARE) * change)


def _output_changes(run) -> np.ndarray:
    """Mean absolute change of the network's outputs on (up to MAX_POINTS of) its data, per interval."""
    ds = run.dataset
    x = ds.x_test if len(ds.x_test) else ds.x_train
    x = np.asarray(x[:: max(1, len(x) // MAX_POINTS)][:MAX_POINTS], dtype=np.float64)
    outputs = [probes.layer_outputs(snapshot, x)[-1] for snapshot in run.snapshots]
    return np.array([np.nanmean(np.abs(b - a)) for a, b in zip(outputs[:-1], outputs[1:])])


def _loss_progress(run) -> np.ndarray:
    """How far the best training loss so far falls over each interval. The best so far, not the loss itself:
    late in a run SGD's loss jitters up and down, and summed jitter would count as much as real progress."""
    loss = np.array([s.train_loss for s in run.snapshots], dtype=np.float64)
    best = np.fmin.accumulate(np.where(np.isfinite(loss), loss, np.nan))
    return -np.diff(best)


def _share(changes: np.ndarray) -> np.ndarray:
    """Changes as shares of their total (even shares when nothing changes or nothing is finite)."""
    changes = np.where(np.isfinite(changes), changes, 0.0)
    total = changes.sum()
    return changes / total if total > 0 else np.full(len(changes), 1.0 / len(changes))
