"""Recording training as Snapshots on a schedule, and Runs saved as .npz files.

``train`` is imported on first use: reading run files and drawing Snapshots never loads JAX.
"""

from nnwatch.record.run import Run
from nnwatch.record.snapshot import Snapshot

__all__ = ["Run", "Snapshot", "train", "sweep"]


def __getattr__(name: str):
    if name == "train":
        from nnwatch.record.recorder import train

        return train
    if name == "sweep":
        from nnwatch.record.sweep import sweep

        return sweep
    raise AttributeError(f"module 'nnwatch.record' has no attribute '{name}'")
