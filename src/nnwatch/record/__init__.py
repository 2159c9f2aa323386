"""Recording training as Snapshots on a schedule, and Runs saved as .npz files."""

from nnwatch.record.recorder import train
from nnwatch.record.run import Run
from nnwatch.record.snapshot import Snapshot

__all__ = ["Run", "Snapshot", "train"]
