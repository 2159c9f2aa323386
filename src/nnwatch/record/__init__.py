"""The seam: Snapshots (a network's numbers at one moment, as NumPy), the schedule they are taken on, and Runs
saved as .npz files. It depends on nothing above data, model and spec: whatever trains (``nnwatch.drivers``)
writes Snapshots here, and whatever draws (probes, views, video, the live page) reads them, never loading JAX.
"""

from nnwatch.record.run import Run
from nnwatch.record.snapshot import Snapshot

__all__ = ["Run", "Snapshot"]
