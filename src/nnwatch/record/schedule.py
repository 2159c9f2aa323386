"""When to take snapshots: the optimizer steps at which the Recorder copies the network out.

Learning is fast early and slow late (SEEDS.md §1 samples cycles 2, 10, 20 ... 60000), so the default is
log-spaced. Step 0 (the untrained network) and the last step are always included.
"""

from __future__ import annotations

import numpy as np

from nnwatch.spec import ScheduleSpec

__all__ = ["snapshot_steps"]


def snapshot_steps(schedule: ScheduleSpec, total_steps: int, steps_per_epoch: int) -> np.ndarray:
    """Sorted unique steps in [0, total_steps] at which to snapshot."""
    unit = steps_per_epoch if schedule.unit == "epoch" else 1
    if schedule.kind == "log":
        total_units = total_steps // unit
        units = np.geomspace(1, total_units, num=max(schedule.count - 1, 1)) if total_units else np.zeros(0)
        steps = np.round(units) * unit
    elif schedule.kind == "every":
        steps = np.arange(0, total_steps + 1, schedule.every * unit)
    else:
        steps = np.asarray(schedule.at, dtype=np.int64) * unit
    steps = np.asarray(steps, dtype=np.int64)
    steps = steps[(steps >= 0) & (steps <= total_steps)]
    return np.unique(np.concatenate([[0, total_steps], steps])).astype(np.int64)
